/**
 * One scenario per deliberate protocol mutant (src/check/mutants.ts), in the raw YAML shape:
 * small (3 brokers, one single-partition topic), short (10–30 s simulated) and built so that the
 * faults make that one bug bite. The same object without `cluster.bugs` must run clean.
 */

import { ACKS_ALL_PRODUCER, base, cluster, FAST_LAG, TOPIC, type RawScenario } from "./building-blocks.js";
import { zkIsrShrunkToLeaderThenCrash, zombieControllerAdmitsLaggingReplica } from "./zookeeper.js";

export type { RawScenario } from "./building-blocks.js";

/** How the catalogue's mutants are exposed: the scenario, the seeds to try, and what must catch it. */
export interface MutantCase {
  mutant: string;
  /** The Kafka rule the mutant breaks, cited in the test title. */
  reference: string;
  scenario: RawScenario;
  /** Tried in order; the mutant must be caught by at least one. */
  seeds: readonly number[];
  /** Metrics (anomaly counts) or invariant names; at least one must be non-zero with the bug on. */
  caughtBy: readonly string[];
  /** Set while the scenario does not catch the mutant yet: why (docs/mutants.md has the details). */
  notCaughtYet?: string;
}

/**
 * The leader is cut off from its followers and from producer p2 (it still reaches the controllers
 * and producer p1) and appends a suffix they never fetch, then crashes; after the controller fences it (broker session
 * timeout) a follower leads a new epoch; the old leader restarts in the drain as a follower with a
 * divergent suffix that it must truncate. p2's records, buffered meanwhile, interleave with p1's
 * retries on the new leader, so the offsets of the old suffix hold other records there.
 */
export const unreplicatedSuffixThenLeaderCrash = (name: string): RawScenario =>
  base(name, "the leader appends a suffix its followers never fetch, crashes, and comes back as a follower of a new leader", {
    topics: [{ ...TOPIC, config: { "min.insync.replicas": 2 } }],
    producers: [ACKS_ALL_PRODUCER, { ...ACKS_ALL_PRODUCER, name: "p2" }],
    faults: [
      {
        at: "6s",
        partition: [
          ["leader(orders-0)", "p1"],
          ["followers(orders-0)", "p2"],
        ],
        "heal-after": "10s",
      },
      { at: "8s", crash: "leader(orders-0)" },
    ],
  });

/**
 * The KRaft voters, written out: a partition group `[rest]` currently resolves to no node in the
 * runner (see docs/mutants.md), so groups name their nodes.
 */
const VOTERS = ["controller-1", "controller-2", "controller-3"];

/**
 * The followers are cut off from the leader (both sides still reach the controllers); the leader
 * shrinks the ISR to itself and, with min.insync.replicas=1, keeps acknowledging acks=all writes;
 * then it crashes. Only an unclean election can elect a follower, which misses those writes.
 */
const isrShrunkToLeaderThenCrash = (name: string): RawScenario =>
  base(name, "the ISR shrinks to the leader, which keeps acknowledging acks=all, then crashes", {
    duration: "24s",
    cluster: cluster({ "broker-config": FAST_LAG }),
    topics: [{ ...TOPIC, config: { "min.insync.replicas": 1, "unclean.leader.election.enable": false } }],
    producers: [ACKS_ALL_PRODUCER],
    faults: [
      { at: "6s", partition: [["followers(orders-0)"], ["leader(orders-0)", "p1"]], "heal-after": "8s" },
      { at: "12s", crash: "leader(orders-0)" },
    ],
  });

/**
 * The leader (with the producer) loses the controllers and its followers: it stays a zombie leader
 * of its old epoch while the controller fences it and elects a follower.
 */
const zombieLeaderWithProducer = (name: string): RawScenario =>
  base(name, "the leader and the producer are cut off from the rest; the leader is a zombie while a new leader is elected", {
    duration: "24s",
    cluster: cluster({ "broker-config": FAST_LAG }),
    topics: [{ ...TOPIC, config: { "min.insync.replicas": 1 } }],
    producers: [ACKS_ALL_PRODUCER],
    faults: [
      {
        at: "6s",
        partition: [
          ["leader(orders-0)", "p1"],
          ["followers(orders-0)", ...VOTERS],
        ],
        "heal-after": "14s",
      },
    ],
  });

/**
 * The unreplicated-suffix scenario with a consumer that reaches every broker and reads from the
 * leader while it is cut off from its followers: the leader appends a suffix they never get (its
 * HW stays put), then crashes; the suffix is truncated when it returns as a follower of the new
 * leader, whose offsets hold other records. The group forms at once (no initial rebalance delay).
 */
const consumerBesideCutOffLeader = (name: string): RawScenario => {
  const scenario = unreplicatedSuffixThenLeaderCrash(name);
  // p1 does not retry (retries=0, so not idempotent): the suffix's records time out and are never written again.
  const p1 = { ...ACKS_ALL_PRODUCER, config: { ...ACKS_ALL_PRODUCER.config, retries: 0 } };
  return {
    ...scenario,
    cluster: cluster({ "broker-config": { "group.initial.rebalance.delay.ms": 0 } }),
    producers: [p1, { ...ACKS_ALL_PRODUCER, name: "p2" }],
    consumers: [{ ...consumerGroup("auto", 1), "processing-time": "1ms" }],
  };
};

/**
 * The leader is cut off from its followers just before it is paused, so when it resumes as a
 * zombie (a follower leads a newer epoch) its followers look out of sync: its overdue ISR check
 * proposes shrinking the ISR to itself, with its stale leader and partition epochs, before it
 * learns that it was deposed. The controller must reject it (NOT_LEADER_OR_FOLLOWER / FENCED_LEADER_EPOCH).
 */
const zombieLeaderShrinks = (name: string): RawScenario =>
  base(name, "a paused leader, cut off from its followers, wakes as a zombie and proposes shrinking the ISR to itself", {
    duration: "24s",
    cluster: cluster({ "broker-config": FAST_LAG }),
    topics: [{ ...TOPIC, config: { "min.insync.replicas": 1 } }],
    producers: [ACKS_ALL_PRODUCER],
    faults: [
      { at: "5900ms", partition: [["leader(orders-0)"], ["followers(orders-0)"]], "heal-after": "14s" },
      { at: "6s", pause: "leader(orders-0)", for: "12s" },
    ],
  });

/** An idempotent producer whose link to the brokers loses messages (each loss breaks the connection). */
const lossyIdempotentProducer = (name: string): RawScenario =>
  base(name, "an idempotent producer retries over a lossy link", {
    producers: [{ ...ACKS_ALL_PRODUCER, rate: "100/s", config: { acks: "all", "enable.idempotence": true, "request.timeout.ms": 2000 } }],
    faults: [{ at: "5s", drop: { between: [["p1"], ["brokers"]], probability: 0.2 }, for: "10s" }],
  });

const consumerGroup = (commit: string, instances: number) => ({
  group: "g1",
  topics: ["orders"],
  instances,
  commit,
  "processing-time": "20ms",
  config: { "auto.offset.reset": "earliest", "session.timeout.ms": 6000, "heartbeat.interval.ms": 1000, "max.poll.records": 20 },
});

/**
 * Two auto-committing consumers, idle and fully committed when g1-1 is paused past its session
 * timeout. Records produced meanwhile on its partition are processed and committed by g1-2, the
 * new owner. g1-1 wakes as a zombie: as soon as it has found its coordinator again
 * (ConsumerCoordinator.poll), its overdue auto-commit carries its old position and its old
 * generation (the coordinator must reject it: UNKNOWN_MEMBER_ID). It wakes just after one of
 * g1-2's auto-commits (every second), so that no later commit of g1-2 hides it; it crashes before processing
 * anything, g1-2 crashes while idle, and both restart and read on from the committed offsets.
 */
const zombieConsumerCommits = (name: string): RawScenario =>
  base(name, "a paused consumer wakes as a zombie and auto-commits its stale position; then both consumers restart", {
    duration: "36s",
    topics: [{ ...TOPIC, partitions: 2 }],
    producers: [
      { ...ACKS_ALL_PRODUCER, count: 40, keys: 10 },
      { ...ACKS_ALL_PRODUCER, name: "p2", start: "17s", count: 20, keys: 10 },
    ],
    consumers: [{ ...consumerGroup("auto", 2), "processing-time": "200ms", config: { ...consumerGroup("auto", 2).config, "auto.commit.interval.ms": 1000 } }],
    faults: [
      { at: "16s", pause: "g1-1", for: "10500ms" },
      { at: "16s", partition: [["g1-1"], ["leader(orders-0)"]], "heal-after": "11500ms" },
      { at: "27200ms", crash: "g1-1", "restart-after": "2s" },
      { at: "27300ms", crash: "g1-2", "restart-after": "2s" },
    ],
    expect: { "lost-processing": 0, "duplicate-processing": 0, "lost-write": 0, duplicate: 0 },
  });

export const MUTANT_CASES: readonly MutantCase[] = [
  {
    mutant: "hw-ignores-isr",
    reference: "docs/kafka-rules.md §1.2 (the HW is the minimum LEO of the ISR)",
    scenario: unreplicatedSuffixThenLeaderCrash("mutant-hw-ignores-isr"),
    seeds: [1],
    caughtBy: ["lost-write", "committed-prefix-agreement"],
  },
  {
    mutant: "no-follower-truncation",
    reference: "KIP-101 / KIP-320 (a follower truncates a divergent suffix)",
    scenario: unreplicatedSuffixThenLeaderCrash("mutant-no-follower-truncation"),
    seeds: [1],
    caughtBy: ["follower-prefix", "committed-prefix-agreement"],
  },
  {
    mutant: "acks-all-early-ack",
    reference: "docs/kafka-rules.md §1.5 (acks=all waits for the whole ISR)",
    scenario: unreplicatedSuffixThenLeaderCrash("mutant-acks-all-early-ack"),
    seeds: [1],
    caughtBy: ["lost-write"],
  },
  {
    mutant: "consumer-reads-above-hw",
    reference: "docs/kafka-rules.md §1.2 (consumers read only below the HW)",
    scenario: consumerBesideCutOffLeader("mutant-consumer-reads-above-hw"),
    seeds: [1],
    caughtBy: ["lost-write", "inconsistent-offsets"],
  },
  {
    mutant: "local-isr-shrink",
    reference: "KIP-497 (the ISR changes only when the controller commits it)",
    scenario: zombieLeaderWithProducer("mutant-local-isr-shrink"),
    seeds: [1],
    caughtBy: ["lost-write"],
  },
  {
    mutant: "no-alter-partition-epoch-check",
    reference: "KIP-497 (AlterPartition is fenced by leader and partition epochs)",
    scenario: zombieLeaderShrinks("mutant-no-alter-partition-epoch-check"),
    seeds: [1],
    caughtBy: ["lost-write", "committed-prefix-agreement"],
  },
  {
    mutant: "unclean-election-always",
    reference: "docs/kafka-rules.md §1.6 (clean election: only ISR/ELR members lead)",
    scenario: isrShrunkToLeaderThenCrash("mutant-unclean-election-always"),
    seeds: [1],
    caughtBy: ["lost-write"],
  },
  {
    mutant: "zk-unclean-election-always",
    reference: "docs/kafka-rules.md §1.6 (clean election, ZooKeeper mode)",
    scenario: zkIsrShrunkToLeaderThenCrash("mutant-zk-unclean-election-always"),
    seeds: [1],
    caughtBy: ["lost-write"],
  },
  {
    mutant: "no-idempotent-dedup",
    reference: "KIP-98 (the broker appends an idempotent batch once)",
    scenario: lossyIdempotentProducer("mutant-no-idempotent-dedup"),
    seeds: [1],
    caughtBy: ["duplicate", "idempotent-append-once"],
  },
  {
    mutant: "producer-resequence-on-retry",
    reference: "KIP-98 (a retried batch keeps its sequence numbers)",
    scenario: lossyIdempotentProducer("mutant-producer-resequence-on-retry"),
    seeds: [1],
    caughtBy: ["duplicate", "nonmonotonic-send"],
  },
  {
    mutant: "consumer-commit-before-return",
    reference: "docs/kafka-rules.md §6.1 (commit after processing is at-least-once)",
    scenario: base("mutant-consumer-commit-before-return", "a consumer committing after processing crashes mid-batch", {
      producers: [ACKS_ALL_PRODUCER],
      consumers: [consumerGroup("after-processing", 1)],
      faults: [{ at: "8s", crash: "g1-1", "restart-after": "1s" }],
      expect: { "lost-processing": 0, "lost-write": 0, duplicate: 0 },
    }),
    seeds: [1],
    caughtBy: ["lost-processing"],
  },
  {
    mutant: "coordinator-forgets-generations",
    reference: "docs/kafka-rules.md §6.1 (commits are fenced by the group generation)",
    scenario: zombieConsumerCommits("mutant-coordinator-forgets-generations"),
    // Some seeds put the group coordinator and the leader of orders-0 on the same broker, so the
    // partition also cuts the zombie off from its coordinator; seed 8 separates them.
    seeds: [8],
    caughtBy: ["stale-commit", "duplicate-processing"],
  },
  {
    mutant: "no-controller-epoch-check",
    reference: "KAFKA-6082 (ZooKeeper writes and LeaderAndIsr are fenced by the controller epoch)",
    scenario: zombieControllerAdmitsLaggingReplica("mutant-no-controller-epoch-check"),
    // Seed 1 puts the controller (broker-2) outside the partition's replicas {1,3}; in seeds where
    // the controller hosts a replica, pausing it changes the ISR itself and the zombie is fenced
    // by the partition-state znode version instead.
    seeds: [1],
    caughtBy: ["committed-prefix-agreement"],
  },
  {
    mutant: "raft-vote-any-log",
    reference: "KIP-595 / Raft §5.4.1 (a vote needs an up-to-date log)",
    // Kafka 3.9: without pre-vote (KIP-996, Kafka 4.0+) the lagging voter stands as soon as it is
    // healed; with pre-vote it must first be granted pre-votes, which makes this race rarer.
    scenario: base("mutant-raft-vote-any-log", "a KRaft voter misses committed metadata, then the active controller crashes", {
      cluster: cluster({ protocol: "kafka-3.9" }),
      duration: "30s",
      producers: [ACKS_ALL_PRODUCER],
      faults: [
        { at: "5s", isolate: "controller-3", "heal-after": "10s" },
        { at: "7s", crash: "leader(orders-0)", "restart-after": "3s" },
        { at: "15s", crash: "controller", "restart-after": "5s" },
      ],
    }),
    seeds: [1],
    caughtBy: ["raft-leader-completeness", "raft-log-matching"],
  },
];
