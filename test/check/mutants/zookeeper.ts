/**
 * The ZooKeeper-mode mutant scenarios (test/check/mutants/scenarios.ts). In ZooKeeper mode the
 * controller is a broker, so the faults are placed with that in mind.
 */
import { ACKS_ALL_PRODUCER, base, cluster, FAST_LAG, TOPIC, type RawScenario } from "./building-blocks.js";

/**
 * ZooKeeper mode (the controller is a broker, so a network split would cut the leader off from it
 * whenever a follower holds /controller): both followers crash; once their ZooKeeper sessions
 * expire the controller removes them from the ISR, and the leader acknowledges acks=all alone
 * (min.insync.replicas=1). The followers restart at the instant the leader crashes: they are live
 * but out of the ISR, so only an unclean election can elect one.
 */
export const zkIsrShrunkToLeaderThenCrash = (name: string): RawScenario =>
  base(name, "ZooKeeper mode: the followers crash and leave the ISR, the leader acknowledges alone, then crashes as they restart", {
    duration: "24s",
    cluster: cluster({ controller: { mode: "zookeeper", nodes: 1 }, "broker-config": { "zookeeper.session.timeout.ms": 6000 } }),
    topics: [{ ...TOPIC, config: { "min.insync.replicas": 1, "unclean.leader.election.enable": false } }],
    producers: [ACKS_ALL_PRODUCER],
    faults: [
      { at: "6s", crash: "followers(orders-0)", "restart-after": "10s" },
      { at: "16s", crash: "leader(orders-0)" },
    ],
  });

/**
 * ZooKeeper mode, KAFKA-6082: a paused controller wakes as a zombie and runs an event queued
 * before its session expired. The follower is paused (the leader shrinks it out of the ISR
 * through the controller) and loses ZooKeeper; the controller (no replica of orders-0 in seed 1)
 * is paused just before the follower resumes, catches up and the leader asks to add it back; the
 * follower is then cut off from the leader. Its ZooKeeper session ends before the controller's, so
 * the new controller refuses the re-sent AlterPartition (INELIGIBLE_REPLICA: not live) and never
 * writes the partition. When the zombie wakes, its stale broker list still calls the follower
 * eligible: only the /controller_epoch check stops it from writing an ISR with a lagging replica.
 */
export const zombieControllerAdmitsLaggingReplica = (name: string): RawScenario =>
  base(name, "ZooKeeper mode: a zombie controller applies a queued ISR expansion for a follower that has since lagged and lost its session", {
    duration: "30s",
    cluster: cluster({ controller: { mode: "zookeeper", nodes: 1 }, "broker-config": { "zookeeper.session.timeout.ms": 6000, ...FAST_LAG } }),
    topics: [{ ...TOPIC, "replication-factor": 2, config: { "min.insync.replicas": 1 } }],
    producers: [ACKS_ALL_PRODUCER],
    faults: [
      { at: "4s", pause: "followers(orders-0)", for: "3s" },
      { at: "6500ms", partition: [["followers(orders-0)"], ["zk-1"]], "heal-after": "14s" },
      { at: "6990ms", pause: "controller", for: "14s" },
      { at: "7500ms", partition: [["followers(orders-0)"], ["leader(orders-0)"]], "heal-after": "13s" },
    ],
  });
