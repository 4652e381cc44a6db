/**
 * The model workloads of `npm run bench` (issue 11): whole scenario runs sized to show what a run
 * costs as the cluster and the record rate grow, plus the fuzzer's throughput. Each is run in its
 * own child process (bench/workload-child.ts) so that `peakRssMiB` is that workload's alone.
 */

/** One measured workload, as `--json` prints it under `model`. */
export interface WorkloadFigures {
  simulatedSeconds: number;
  wallSeconds: number;
  simulatedPerWall: number;
  events: number;
  eventsPerSec: number;
  records: number;
  peakRssMiB: number;
  /** CPU time of the run (user + system): steadier than wall time on a shared machine. */
  cpuSeconds?: number;
  /** fuzz only: property runs per wall second. */
  runsPerSec?: number;
  runs?: number;
  /** Partitions the result's `series` holds, and its JSON size (bounded results). */
  resultJsonBytes?: number;
}

type Doc = Record<string, unknown>;

/** `standard`: 3 brokers (KRaft), 6 partitions RF 3 min ISR 2, two keyed producers at `rate` each, one group of 3, a leader crash. */
export function standard(ratePerProducer = 500, name = "bench-standard"): Doc {
  return {
    name,
    description: `3 brokers, 6 partitions, two keyed producers at ${ratePerProducer} records/s each, a group of 3, a leader crash and restart`,
    duration: "60s",
    cluster: { brokers: 3, controller: { mode: "kraft", nodes: 3 } },
    topics: [{ name: "orders", partitions: 6, "replication-factor": 3, config: { "min.insync.replicas": 2 } }],
    producers: [
      { name: "p1", topic: "orders", rate: `${ratePerProducer}/s`, keys: 100 },
      { name: "p2", topic: "orders", rate: `${ratePerProducer}/s`, keys: 100 },
    ],
    consumers: [{ group: "g1", topics: ["orders"], instances: 3, config: { "auto.offset.reset": "earliest" } }],
    faults: [{ at: "20s", crash: "leader(orders-0)", "restart-after": "10s" }],
  };
}

/** `busy`: the busy 5-broker cluster the bench has always run. */
export const BUSY: Doc = {
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

/** `wide`: 10 brokers, 1,000 partitions RF 3, one keyed producer at 1,000 records/s, a group of 4. */
export const WIDE: Doc = {
  name: "bench-wide",
  description: "10 brokers, one topic of 1,000 partitions, one keyed producer at 1,000 records/s, a group of 4",
  duration: "60s",
  cluster: { brokers: 10, controller: { mode: "kraft", nodes: 3 } },
  topics: [{ name: "events", partitions: 1000, "replication-factor": 3 }],
  producers: [{ name: "p1", topic: "events", rate: "1000/s", keys: 10_000 }],
  consumers: [{ group: "g1", topics: ["events"], instances: 4, config: { "auto.offset.reset": "earliest" } }],
};

/** `idle-N`: 3 brokers, one topic of N partitions, no clients. */
export function idle(partitions: number): Doc {
  return {
    name: `bench-idle-${partitions}`,
    description: `3 brokers, one topic of ${partitions} partition(s), no clients`,
    duration: "60s",
    cluster: { brokers: 3, controller: { mode: "kraft", nodes: 3 } },
    topics: [{ name: "idle", partitions, "replication-factor": 3 }],
  };
}

/** `scale`: 100 brokers, 10,000 partitions over 5 topics, 10 producers at 1,000 records/s each, 3 groups, one broker crash. */
export function scale(): Doc {
  const topics = Array.from({ length: 5 }, (_, i) => ({ name: `t${i}`, partitions: 2000, "replication-factor": 3, config: { "min.insync.replicas": 2 } }));
  return {
    name: "bench-scale",
    description: "100 brokers, 10,000 partitions (5 topics, RF 3), 10 producers at 1,000 records/s each, 3 groups, one broker crash",
    duration: "60s",
    cluster: { brokers: 100, controller: { mode: "kraft", nodes: 3 } },
    topics,
    producers: Array.from({ length: 10 }, (_, i) => ({ name: `p${i + 1}`, topic: `t${i % 5}`, rate: "1000/s", keys: 1000 })),
    consumers: Array.from({ length: 3 }, (_, i) => ({ group: `g${i + 1}`, topics: [`t${i}`], instances: 4, config: { "auto.offset.reset": "earliest" } })),
    faults: [{ at: "20s", crash: "broker-7", "restart-after": "15s" }],
  };
}

/** Every workload name, in the order the bench runs and prints them. */
export const WORKLOAD_NAMES = ["standard", "busy", "wide", "idle-1", "idle-1000", "standard-2x", "scale", "fuzz"] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

/** Run only with `--only scale` (or `--all`): it takes far longer than the rest today. */
export const SLOW_BY_DEFAULT: readonly WorkloadName[] = ["scale"];

/** The scenario document of a scenario workload (everything but `fuzz`). */
export function workloadScenario(name: Exclude<WorkloadName, "fuzz">): Doc {
  switch (name) {
    case "standard":
      return standard(500);
    case "standard-2x":
      return standard(1000, "bench-standard-2x");
    case "busy":
      return BUSY;
    case "wide":
      return WIDE;
    case "idle-1":
      return idle(1);
    case "idle-1000":
      return idle(1000);
    case "scale":
      return scale();
  }
}

/** One figure of the report and its goal (issue 11). */
export interface GoalCheck {
  workload: string;
  figure: string;
  goal: string;
  met: boolean | null;
}

/** The goals of issue 11, judged against the measured figures (null: not measured in this bench). */
export function checkGoals(
  model: Partial<Record<WorkloadName, WorkloadFigures>>,
  kernel?: { overheadRatio: number },
  history?: { operations: number; analyseSeconds: number },
): GoalCheck[] {
  const out: GoalCheck[] = [];
  const speed = (name: WorkloadName, goal: number): void => {
    const w = model[name];
    if (!w) return;
    // On a machine shared with other jobs, simulated seconds per CPU second tells what the code does.
    const byCpu = w.cpuSeconds ? `, ${Math.round((w.simulatedSeconds / w.cpuSeconds) * 10) / 10}× per CPU second` : "";
    out.push({
      workload: name,
      figure: `${w.simulatedPerWall}× real time (${w.wallSeconds} s wall, ${w.events.toLocaleString("en")} events${byCpu})`,
      goal: `≥ ${goal}×`,
      met: w.simulatedPerWall >= goal,
    });
  };
  if (kernel) out.push({ workload: "kernel", figure: `overhead ${kernel.overheadRatio}× the bare heap`, goal: "≤ 1.5×", met: kernel.overheadRatio <= 1.5 });
  if (history)
    out.push({
      workload: "history",
      figure: `${history.analyseSeconds} s for ${history.operations.toLocaleString("en")} ops`,
      goal: "1 M ops ≤ 2 s",
      met: history.analyseSeconds * (1_000_000 / history.operations) <= 2,
    });
  speed("standard", 100);
  speed("busy", 50);
  speed("wide", 20);
  const idle1 = model["idle-1"];
  const idle1000 = model["idle-1000"];
  if (idle1)
    out.push({
      workload: "idle-1",
      figure: `${idle1.wallSeconds} s wall, ${idle1.events.toLocaleString("en")} events`,
      goal: "(reference for idle-1000)",
      met: null,
    });
  if (idle1000) {
    const ratio = idle1 ? Math.round((idle1000.wallSeconds / idle1.wallSeconds) * 10) / 10 : null;
    const eventRatio = idle1 ? Math.round((idle1000.events / idle1.events) * 10) / 10 : null;
    out.push({
      workload: "idle-1000",
      figure: `${idle1000.wallSeconds} s wall${ratio === null ? "" : ` = ${ratio}× idle-1 (events ${eventRatio}×)`}`,
      goal: "≤ 2× idle-1",
      met: ratio === null ? null : ratio <= 2,
    });
  }
  const std = model.standard;
  const std2 = model["standard-2x"];
  if (std2) {
    const ratio = std ? Math.round((std2.wallSeconds / std.wallSeconds) * 100) / 100 : null;
    out.push({
      workload: "standard-2x",
      figure: `${std2.wallSeconds} s wall${ratio === null ? "" : ` = ${ratio}× standard`}`,
      goal: "≤ 2.2× standard",
      met: ratio === null ? null : ratio <= 2.2,
    });
  }
  const big = model.scale;
  if (big)
    out.push({
      workload: "scale",
      figure: `${big.wallSeconds} s wall, ${big.peakRssMiB} MiB peak RSS`,
      goal: "< 120 s wall, < 4096 MiB",
      met: big.wallSeconds < 120 && big.peakRssMiB < 4096,
    });
  const fuzz = model.fuzz;
  if (fuzz)
    out.push({ workload: "fuzz", figure: `${fuzz.runsPerSec} runs/s (${fuzz.runs} runs, one worker)`, goal: "≥ 20 runs/s", met: (fuzz.runsPerSec ?? 0) >= 20 });
  return out;
}
