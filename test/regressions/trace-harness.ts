/**
 * Replays a regression scenario of this folder with its own seed and keeps the trace records of
 * the given types, so a test can assert that the situation it was found in still happens.
 */
import { join } from "node:path";
import { runScenario } from "../../src/scenario/run.js";

export interface TraceLine {
  atUs: number;
  type: string;
  node?: string;
  [key: string]: unknown;
}

export function runWithTrace(file: string, types: readonly string[]) {
  const kept = types.map((t) => `"${t}"`);
  const lines: TraceLine[] = [];
  const result = runScenario(join(import.meta.dirname, file), {
    traceSink: (line) => {
      if (kept.some((k) => line.includes(k))) lines.push(JSON.parse(line) as TraceLine);
    },
  });
  return { result, trace: lines };
}
