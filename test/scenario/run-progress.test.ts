/**
 * `RunOptions.onSimulatedTime`: the progress of one long run (`kafkasim run FILE` on stderr), by
 * simulated time, so it is testable without a wall clock. Reference: issue 13 "progress on stderr
 * also when it is not a terminal"; docs/architecture.md (a run is a pure function of file + seed).
 */
import { describe, expect, it } from "vitest";
import { runScenario } from "../../src/scenario/run.js";

const scenario = {
  name: "progress-probe",
  description: "a leader crash, then the drain",
  duration: "5s",
  cluster: { brokers: 3, controller: { mode: "kraft", nodes: 1 } },
  topics: [{ name: "orders", partitions: 1, "replication-factor": 3 }],
  producers: [{ name: "p1", topic: "orders", rate: "50/s" }],
  consumers: [{ group: "g1", topics: ["orders"] }],
  faults: [{ at: "3s", crash: "leader(orders-0)", "restart-after": "1s" }],
};

describe("one run reports its simulated time while it goes, and the report changes nothing", () => {
  it("is called once per simulated second up to the duration, then through the drain; the trace hash is unchanged", () => {
    const plain = runScenario(scenario, { seed: 2 });
    const seen: [number, number][] = [];
    const watched = runScenario(scenario, { seed: 2, onSimulatedTime: (now, duration) => seen.push([now, duration]) });
    expect(watched.traceHash).toBe(plain.traceHash);
    expect(watched.metrics).toEqual(plain.metrics);
    expect(seen.slice(0, 5)).toEqual([1, 2, 3, 4, 5].map((s) => [s * 1_000_000, 5_000_000]));
    const drain = seen.slice(5).map(([now]) => now);
    expect(drain.length, "the drain goes on after the duration").toBeGreaterThan(0);
    expect(drain.every((now, i) => now > 5_000_000 && (i === 0 || now > drain[i - 1]!))).toBe(true);
    expect(drain.at(-1)).toBe(watched.simulatedMs * 1000);
  });
});
