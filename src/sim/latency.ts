/** One-way message latency models: fixed, uniform range, and a long tail on top of either. */
import type { Random } from "./random.js";
import type { Micros } from "./time.js";

export type LatencyModel =
  | { kind: "fixed"; us: Micros }
  | { kind: "uniform"; minUs: Micros; maxUs: Micros }
  | { kind: "long-tail"; base: LatencyModel; tailProbability: number; tailMinUs: Micros; tailMaxUs: Micros };

export const DEFAULT_LATENCY: LatencyModel = { kind: "uniform", minUs: 1000, maxUs: 5000 };

export function sampleLatency(model: LatencyModel, random: Random): Micros {
  switch (model.kind) {
    case "fixed":
      return model.us;
    case "uniform":
      return model.minUs + Math.floor(random.next() * (model.maxUs - model.minUs + 1));
    case "long-tail": {
      const base = sampleLatency(model.base, random);
      if (!random.chance(model.tailProbability)) return base;
      return base + model.tailMinUs + Math.floor(random.next() * (model.tailMaxUs - model.tailMinUs + 1));
    }
  }
}
