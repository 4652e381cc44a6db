/** Hand-built results for the renderer tests (no engine involved). */
import type { CompareResult, CompareRow, MultiSeedResult, RunResult } from "../../src/scenario/result.js";
import { summarise } from "../../src/scenario/result.js";

const ZERO_ANOMALIES = {
  "lost-write": 0,
  duplicate: 0,
  "inconsistent-offsets": 0,
  "nonmonotonic-send": 0,
  "nonmonotonic-key": 0,
  "poll-skip": 0,
  "nonmonotonic-poll": 0,
  "int-poll-skip": 0,
  "int-nonmonotonic-poll": 0,
  unseen: 0,
  unreadable: 0,
  "lost-processing": 0,
  "duplicate-processing": 0,
  "stale-commit": 0,
};

/** A passing acks=all run without anomalies. */
export function passingRun(overrides: Partial<RunResult> = {}): RunResult {
  return {
    scenario: "leader-crash-acks-all",
    description: "",
    series: { intervalMs: 250, partitions: [] },
    file: "scenarios/leader-crash-acks-all.yaml",
    seed: 1,
    passed: true,
    traceHash: "0123456789abcdef",
    simulatedMs: 60_000,
    wallMs: 321,
    events: 183_204,
    converged: true,
    metrics: { produced: 2000, acked: 1995, failed: 5, unknown: 0, consumed: 1995, processed: 1995, ...ZERO_ANOMALIES, "errors.NOT_ENOUGH_REPLICAS": 5 },
    anomalies: [],
    invariants: [
      { name: "single-leader-per-epoch", violations: 0 },
      { name: "leader-hw-monotonic", violations: 0 },
      { name: "committed-prefix-agreement", violations: 0 },
    ],
    expectations: [{ metric: "lost-write", expected: "0", actual: 0, passed: true }],
    reproduce: "kafkasim run scenarios/leader-crash-acks-all.yaml --seed 1",
    timeline: [
      {
        atUs: 5_000_000,
        kind: "fault",
        node: "broker-1",
        text: "crash broker-1 (leader(orders-0))",
        rule: "the process dies; data in its page cache survives",
      },
      {
        atUs: 5_031_000,
        kind: "leader-change",
        partition: "orders-0",
        node: "broker-2",
        text: "broker-2 becomes leader in epoch 1",
        rule: "the controller picks the first live replica of the ISR",
      },
    ],
    partitions: [
      { partition: "orders-0", converged: true, leader: "broker-2", isr: ["broker-2", "broker-3", "broker-1"], highWatermark: 1995, logEndOffset: 1995 },
    ],
    warnings: [],
    stats: { produceLatencyMsP50: 4.2, produceLatencyMsP99: 31.5, throughputPerSec: 33, downtimeMs: {}, writeDowntimeMs: {}, unavailableMs: {} },
    failures: [],
    ...overrides,
  };
}

/** A failing acks=1 run: lost writes beyond the cap, a violated invariant, a failed expectation, a partition that did not converge. */
export function failingRun(overrides: Partial<RunResult> = {}): RunResult {
  const lost = [0, 1, 2, 3].map((i) => ({
    type: "lost-write" as const,
    partition: "orders-0",
    offset: 812 + i,
    value: `p1-${812 + i}`,
    explanation: `acknowledged by broker-1 (acks=1) at 5.00${i}s; broker-1 crashed at 5.004s before any follower fetched offset ${812 + i}`,
  }));
  return passingRun({
    scenario: "leader-crash-acks1",
    file: "scenarios/leader-crash-acks1.yaml",
    seed: 7,
    passed: false,
    converged: false,
    metrics: { ...passingRun().metrics, acked: 1990, failed: 0, "lost-write": 5, duplicate: 2, "errors.NOT_ENOUGH_REPLICAS": 0 },
    anomalies: [
      ...lost,
      { type: "duplicate", partition: "orders-0", offset: 900, value: "p1-900", explanation: "written at offsets 900 and 903 after a retry" },
    ],
    invariants: [
      { name: "single-leader-per-epoch", violations: 0 },
      { name: "leader-hw-monotonic", violations: 2, first: { atUs: 6_100_000, description: "broker-2's HW of orders-0 went from 900 to 880 in epoch 2" } },
    ],
    expectations: [
      { metric: "lost-write", expected: ">= 1", actual: 5, passed: true },
      { metric: "duplicate", expected: "0", actual: 2, passed: false },
    ],
    partitions: [
      { partition: "orders-0", converged: true, leader: "broker-2", isr: ["broker-2", "broker-3"], highWatermark: 1990, logEndOffset: 1990 },
      { partition: "orders-1", converged: false, leader: null, isr: ["broker-1"], highWatermark: 10, logEndOffset: 12, why: "no leader: broker-1 is down" },
    ],
    warnings: ["scenarios/leader-crash-acks1.yaml:12:5: log.flush.interval.messages is not modelled"],
    stats: {
      produceLatencyMsP50: 1.5,
      produceLatencyMsP99: 4.8,
      throughputPerSec: 33,
      downtimeMs: { "orders-0": 4200 },
      writeDowntimeMs: { "orders-0": 4200, "orders-1": 6000 },
      unavailableMs: { "orders-0": 4200 },
    },
    failures: ["duplicate: expected == 0, actual 2", "leader-hw-monotonic: 2 violations"],
    reproduce: "kafkasim run scenarios/leader-crash-acks1.yaml --seed 7",
    ...overrides,
  });
}

/** Three seeds: two lose writes, one does not. */
export function seedsResult(): MultiSeedResult {
  const runs = [
    failingRun({ seed: 1, reproduce: "kafkasim run scenarios/leader-crash-acks1.yaml --seed 1" }),
    passingRun({ scenario: "leader-crash-acks1", seed: 2 }),
    failingRun({
      seed: 3,
      metrics: { ...failingRun().metrics, "lost-write": 9, duplicate: 0 },
      reproduce: "kafkasim run scenarios/leader-crash-acks1.yaml --seed 3",
    }),
  ];
  return { scenario: "leader-crash-acks1", runs, summary: summarise(runs), passed: false };
}

function row(value: string, runs: RunResult[], extra: Partial<CompareRow> = {}): CompareRow {
  return {
    key: "acks",
    value,
    seeds: runs.length,
    summary: summarise(runs),
    passedSeeds: runs.filter((r) => r.passed).length,
    produceLatencyMsP50: 1.5,
    produceLatencyMsP99: 4.8,
    throughputPerSec: 33,
    downtimeMs: 4200,
    writeDowntimeMs: 6000,
    unavailableMs: 4200,
    ...extra,
  };
}

/** acks=1 against acks=all over three seeds. */
export function compareResult(): CompareResult {
  return {
    scenario: "leader-crash-acks1",
    key: "acks",
    rows: [
      row("1", seedsResult().runs),
      row("all", [passingRun({ seed: 1 }), passingRun({ seed: 2 }), passingRun({ seed: 3 })], {
        produceLatencyMsP50: 4.2,
        produceLatencyMsP99: 31.5,
        downtimeMs: 0,
        writeDowntimeMs: 0,
        unavailableMs: 0,
      }),
    ],
  };
}
