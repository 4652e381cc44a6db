/**
 * Rolling failures (swarm testing, drawn per run): the run's faults take brokers down one after
 * the other at a steady interval, each for the same time — an operator's rolling restart (each
 * broker shut down and started again, Kafka's documented way to change configs or upgrade) that
 * moves on before the previous broker is back in the ISR, or a nemesis that kills whichever
 * broker leads a partition, again and again. When a broker is down longer than two intervals,
 * the ISR shrinks one step at a time while writes are acknowledged, then the last in-sync replica
 * goes too, and an out-of-sync replica is live again: only a clean election refuses it (KIP-966
 * in KRaft, OfflinePartitionLeaderElection in ZooKeeper mode). A roll of the metadata quorum
 * restarts its nodes one after the other (the KRaft controller voters, or the ZooKeeper ensemble):
 * when a node is down longer than one interval, the first comes back while the next is still down,
 * having missed what the others committed meanwhile (KIP-835 NoOpRecords keep the metadata log
 * moving), and only a vote that refuses a shorter log keeps it from leading (Raft §5.4.1, KIP-595,
 * with KIP-996 pre-vote).
 */
import fc from "fast-check";
import type { FaultShape, FuzzFaultKind } from "./fault-arbitraries.js";

/** Which broker each step of a roll takes down. */
export type RollTarget = "leader" | "brokers" | "quorum";

/** A drawn rolling schedule. */
export interface RollShape {
  /**
   * `leader`: each step takes down the broker that leads the first topic's partition 0 when it
   * fires (`leader(orders-0)`): the next leader, and the one after; `brokers`: the brokers by
   * name in order from `start`, as a rolling restart goes through a cluster; `quorum`: the
   * metadata quorum's nodes by name in order from `start` (`controller-N` in KRaft, `zk-N` in
   * ZooKeeper mode), a rolling restart of the controllers or of the ensemble.
   */
  readonly target: RollTarget;
  /**
   * Which steps crash (bit i: step i) rather than shut down: 0, a rolling restart (each broker
   * shut down cleanly and started again); all bits, a nemesis that kills brokers; some, a rolling
   * restart during which brokers crash.
   */
  readonly crashSteps: number;
  /** The first broker of a `brokers` roll (an index, modulo the brokers). */
  readonly start: number;
  /** Time between two steps, in thousandths of the run (8–30 %). */
  readonly intervalPermille: number;
  /**
   * How long each broker stays down, in quarters of the interval (½–4 intervals): below one
   * interval a broker is back before the next goes down, as a careful operator would wait; above
   * two, three brokers are down at once at some point. Null: down until the drain restarts it.
   */
  readonly downQuarters: number | null;
}

/** Where a rolled fault aims: which roll and which step of it. */
export interface RollStep {
  readonly target: RollTarget;
  readonly start: number;
  readonly step: number;
  /** How long the broker stays down, in thousandths of the run (null: until the drain). */
  readonly downPermille: number | null;
}

/** Every step of a roll (a run has at most six faults). */
const ALL_STEPS = 0b111111;

/**
 * The roll of a run: one run in four rolls; shrinks towards no roll. One roll in three goes
 * through the metadata quorum instead of the brokers: drawn last (`quorum`), so that every other
 * roll is drawn exactly as before the quorum target existed.
 */
export function rollArbitrary(): fc.Arbitrary<RollShape | null> {
  return fc.oneof(
    { withCrossShrink: true },
    { arbitrary: fc.constant(null), weight: 3 },
    {
      arbitrary: fc
        .record({
          target: fc.constantFrom<RollTarget>("leader", "brokers"),
          crashSteps: fc.oneof(fc.constant(0), fc.constant(ALL_STEPS), fc.integer({ min: 1, max: ALL_STEPS - 1 })),
          start: fc.nat({ max: 4 }),
          intervalPermille: fc.integer({ min: 80, max: 300 }),
          downQuarters: fc.option(fc.integer({ min: 2, max: 16 }), { freq: 5 }),
          // 2: the quorum; shrinks towards the target drawn above.
          quorum: fc.nat({ max: 2 }),
        })
        .map(({ quorum, ...roll }): RollShape => (quorum === 2 ? { ...roll, target: "quorum" } : roll)),
      weight: 1,
    },
  );
}

/**
 * The run's faults as the steps of its roll, in order: fault i fires `interval` after fault i − 1
 * (from the first fault's time, moved earlier when the roll would not fit), takes down the roll's
 * i-th broker — a crash or a shutdown, as the roll says — and restarts it after the roll's down
 * time (in half seconds: {@link rollDownHalfSeconds}). A kind the profile does not allow is
 * replaced by the other of the two (neither: no roll).
 */
export function applyRoll(faults: readonly FaultShape[], roll: RollShape | null | undefined, allowed: readonly FuzzFaultKind[]): FaultShape[] {
  if (roll === null || roll === undefined || faults.length === 0) return [...faults];
  const kindOf = (step: number): FuzzFaultKind | null => {
    const wanted = (roll.crashSteps >> step) % 2 === 1 ? "crash" : "shutdown";
    if (allowed.includes(wanted)) return wanted;
    const other = wanted === "crash" ? "shutdown" : "crash";
    return allowed.includes(other) ? other : null;
  };
  if (kindOf(0) === null) return [...faults];
  const anchor = Math.min((faults[0] as FaultShape).atPermille, Math.max(0, 1000 - (faults.length - 1) * roll.intervalPermille));
  return faults.map((fault, step) => ({
    ...fault,
    kind: kindOf(step) as FuzzFaultKind,
    atPermille: Math.min(1000, anchor + step * roll.intervalPermille),
    trigger: null,
    roll: {
      target: roll.target,
      start: roll.start,
      step,
      downPermille: roll.downQuarters === null ? null : Math.round((roll.intervalPermille * roll.downQuarters) / 4),
    },
  }));
}

/**
 * The node a rolled fault takes down: the partition role, the step's broker by name, or the step's
 * metadata quorum node by name (a cluster without quorum nodes: its brokers).
 */
export function rollStepTarget(step: RollStep, leader: string | null, brokers: readonly string[], quorum: readonly string[] = []): string | null {
  if (step.target === "leader" && leader !== null) return leader;
  if (step.target === "quorum" && quorum.length > 0) return quorum[(step.start + step.step) % quorum.length] as string;
  if (brokers.length === 0) return leader;
  return brokers[(step.start + step.step) % brokers.length] as string;
}

/** How long a rolled fault's broker stays down in a run of `durationMs`, on the 500 ms grid (at least 500 ms); null: until the drain. */
export function rollDownHalfSeconds(step: RollStep, durationMs: number): number | null {
  if (step.downPermille === null) return null;
  return Math.max(1, Math.round((durationMs * step.downPermille) / 1000 / 500));
}
