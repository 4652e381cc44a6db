/**
 * The history checker at scale (1 M operations). Whole scenario runs are the `model` workloads
 * (workloads.ts), each measured in a child process of its own.
 */
import { analyseHistory, benchHistory } from "../src/check/history/index.js";

export async function benchExtras(log: (line: string) => void): Promise<Record<string, unknown>> {
  log("history: analysing a synthetic history of 1,000,000 operations");
  const input = benchHistory(1_000_000);
  const start = performance.now();
  const analysis = analyseHistory(input);
  const seconds = (performance.now() - start) / 1000;
  const anomalies = Object.values(analysis.counts).reduce((a, b) => a + b, 0);
  return {
    history: {
      operations: input.history.length,
      analyseSeconds: Math.round(seconds * 100) / 100,
      opsPerSec: Math.round(input.history.length / seconds),
      anomalies,
    },
  };
}
