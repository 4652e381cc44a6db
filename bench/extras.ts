/**
 * Benchmarks of the layers above the kernel: the history checker at scale (1 M operations) and
 * whole scenario runs (a library scenario, and a busier 5-broker cluster at 2,000 records/s).
 */
import { analyseHistory, benchHistory } from "../src/check/history/index.js";
import { runScenario } from "../src/scenario/run.js";

const BUSY_CLUSTER = {
  name: "bench-busy-cluster",
  description: "5 brokers, 12 partitions, 2,000 records/s, a leader crash and a partition",
  duration: "60s",
  cluster: { brokers: 5, controller: { mode: "kraft", nodes: 3 } },
  topics: [{ name: "orders", partitions: 12, "replication-factor": 3, config: { "min.insync.replicas": 2 } }],
  producers: [
    { name: "p1", topic: "orders", rate: "1000/s", keys: 100 },
    { name: "p2", topic: "orders", rate: "1000/s" },
  ],
  consumers: [{ group: "g1", topics: ["orders"], instances: 3, config: { "auto.offset.reset": "earliest" } }],
  faults: [
    { at: "20s", crash: "leader(orders-0)", "restart-after": "15s" },
    { at: "40s", partition: [["leader(orders-3)"], ["rest"]], "heal-after": "10s" },
  ],
};

function scenarioRun(input: string | Record<string, unknown>) {
  const start = performance.now();
  const result = runScenario(input, { seed: 1 });
  const wallMs = performance.now() - start;
  return {
    events: result.events,
    simulatedSeconds: result.simulatedMs / 1000,
    wallSeconds: Math.round(wallMs / 10) / 100,
    eventsPerSec: Math.round(result.events / (wallMs / 1000)),
    simulatedPerWall: Math.round((result.simulatedMs / wallMs) * 10) / 10,
    records: result.metrics.produced ?? 0,
  };
}

export async function benchExtras(log: (line: string) => void): Promise<Record<string, unknown>> {
  log("history: analysing a synthetic history of 1,000,000 operations");
  const input = benchHistory(1_000_000);
  const start = performance.now();
  const analysis = analyseHistory(input);
  const seconds = (performance.now() - start) / 1000;
  const anomalies = Object.values(analysis.counts).reduce((a, b) => a + b, 0);
  log("scenarios: leader-crash-acks1 and a busy 5-broker cluster");
  return {
    history: { operations: input.history.length, analyseSeconds: Math.round(seconds * 100) / 100, opsPerSec: Math.round(input.history.length / seconds), anomalies },
    scenario: { "leader-crash-acks1": scenarioRun("scenarios/leader-crash-acks1.yaml"), "busy-cluster": scenarioRun(BUSY_CLUSTER) },
  };
}
