/**
 * Why the controllers and a broker's lifecycle did what they did, in both modes: KRaft
 * (QuorumController, BrokerLifecycleManager, KafkaRaftClient, KIP-631, KIP-996) and ZooKeeper
 * (KafkaController, KafkaZkClient, the ZooKeeper ensemble, KIP-380). Partition changes are in
 * `partition-changes.ts`.
 */
import type { Entries, Fields } from "./explain.js";

/** Why a controller refused an AlterPartition (ReplicationControlManager.validateAlterPartitionData; KafkaController.processAlterPartition). */
export type AlterRejection =
  | { readonly kind: "kraft-stale-broker-epoch"; readonly requestEpoch: number; readonly registeredEpoch: number | undefined }
  | { readonly kind: "kraft-unknown-partition" }
  | {
      readonly kind: "kraft-newer-epochs";
      readonly leaderEpoch: number;
      readonly partitionEpoch: number;
      readonly currentLeaderEpoch: number;
      readonly currentPartitionEpoch: number;
    }
  | { readonly kind: "kraft-fenced-leader-epoch"; readonly leaderEpoch: number; readonly currentLeaderEpoch: number }
  | { readonly kind: "kraft-not-leader"; readonly leader: number }
  | { readonly kind: "kraft-stale-partition-epoch"; readonly partitionEpoch: number; readonly currentPartitionEpoch: number }
  | { readonly kind: "kraft-ineligible"; readonly brokers: readonly number[] }
  | { readonly kind: "zk-unknown-partition" }
  | { readonly kind: "zk-fenced-leader-epoch"; readonly leaderEpoch: number; readonly currentLeaderEpoch: number }
  | { readonly kind: "zk-stale-partition-epoch"; readonly partitionEpoch: number; readonly currentPartitionEpoch: number }
  | { readonly kind: "zk-ineligible"; readonly brokers: readonly number[] }
  | { readonly kind: "zk-leader-write-conflict"; readonly partitionEpoch: number; readonly code: string };

function alterRejection(f: Fields, why: AlterRejection): string {
  switch (why.kind) {
    case "kraft-stale-broker-epoch":
      return `the request carries broker epoch ${why.requestEpoch} but broker ${f.broker}'s registration has epoch ${why.registeredEpoch ?? "none"}: a stale incarnation may not change ISRs`;
    case "kraft-unknown-partition":
      return "the controller knows no such partition";
    case "kraft-newer-epochs":
      return `the proposal is for leader epoch ${why.leaderEpoch} / partition epoch ${why.partitionEpoch}, newer than this controller's ${why.currentLeaderEpoch} / ${why.currentPartitionEpoch}: it is probably no longer the active controller, so the leader is sent to look for the new one`;
    case "kraft-fenced-leader-epoch":
      return `the proposal is for leader epoch ${why.leaderEpoch} but the partition is at leader epoch ${why.currentLeaderEpoch}`;
    case "kraft-not-leader":
      return `broker ${f.broker} is not the leader (leader is ${why.leader})`;
    case "kraft-stale-partition-epoch":
      return `the proposal is based on partition epoch ${why.partitionEpoch} but the partition is at ${why.currentPartitionEpoch}: another change came first`;
    case "kraft-ineligible":
      return `broker ${why.brokers.join(", ")} may not join the ISR: fenced, shutting down, or its fetches carried a stale broker epoch (KIP-903)`;
    case "zk-unknown-partition":
      return "the controller does not know this partition";
    case "zk-fenced-leader-epoch":
      return `the request is for leader epoch ${why.leaderEpoch} but the partition is at ${why.currentLeaderEpoch}: the leader must roll back its pending ISR`;
    case "zk-stale-partition-epoch":
      return `the request is based on partition epoch (znode version) ${why.partitionEpoch} but the state znode is at ${why.currentPartitionEpoch}`;
    case "zk-ineligible":
      return `broker(s) ${why.brokers.join(",")} are not live, are shutting down, or have a stale broker epoch: they cannot join the ISR`;
    case "zk-leader-write-conflict":
      return `the state znode is no longer at version ${why.partitionEpoch} (${why.code}): the controller changed it; the leader keeps its cached ISR until the next LeaderAndIsr`;
  }
}

/** What a voter knew when it answered a (pre-)vote (KafkaRaftClient.handleVoteRequest, KIP-996). */
export interface VoteFacts {
  readonly candidateLastEpoch: number;
  readonly candidateEndOffset: number;
  readonly ownLastEpoch: number;
  readonly ownEndOffset: number;
  readonly logOk: boolean;
  readonly role: string;
  readonly leader: string | null;
  readonly votedFor: string | null;
}

function vote(f: Fields, v: VoteFacts): string {
  if (f.preVote === true)
    return f.granted
      ? `pre-vote: the prospective's log (epoch ${v.candidateLastEpoch}, end ${v.candidateEndOffset}) is at least as up to date as ours and we hear from no leader; a pre-vote records nothing (KIP-996)`
      : !v.logOk
        ? `pre-vote: the prospective's log (epoch ${v.candidateLastEpoch}, end ${v.candidateEndOffset}) is behind ours (epoch ${v.ownLastEpoch}, end ${v.ownEndOffset}) (KIP-996)`
        : `pre-vote: ${v.role === "leader" ? "we are the leader" : `we follow ${v.leader}, who answers our fetches`} of epoch ${f.epoch}, so there is no reason for an election (KIP-996, FollowerState.canGrantVote)`;
  return f.granted
    ? `candidate's log (epoch ${v.candidateLastEpoch}, end ${v.candidateEndOffset}) is at least as up to date as ours (epoch ${v.ownLastEpoch}, end ${v.ownEndOffset}) and we have not voted for anyone else in epoch ${f.epoch}`
    : !v.logOk
      ? `candidate's log (epoch ${v.candidateLastEpoch}, end ${v.candidateEndOffset}) is behind ours (epoch ${v.ownLastEpoch}, end ${v.ownEndOffset})`
      : `already ${v.role}${v.votedFor ? ` (voted for ${v.votedFor})` : ""} in epoch ${f.epoch}`;
}

/** Why a broker process stops on its own (System.exit from a broker thread). */
export type BrokerExit = "log-truncation-not-allowed";

const EXIT_CAUSES: { readonly [C in BrokerExit]: string } = {
  "log-truncation-not-allowed":
    "a follower's log end offset is beyond its leader's and unclean.leader.election.enable=false (Kafka 0.10: \"Exiting because log truncation is not allowed\")",
};

/** Why the ZooKeeper-mode controller gives up its role (KafkaController.onControllerResignation's callers). */
export type Resignation =
  | { readonly kind: "controller-moved"; readonly owner: number }
  | { readonly kind: "controller-deleted" }
  | { readonly kind: "fenced-write"; readonly write: "partition-state" | "AlterPartition" | "topic-creation" | "partition-creation" }
  | { readonly kind: "broker-shutdown" }
  | { readonly kind: "session-expired" };

function resignation(why: Resignation): string {
  switch (why.kind) {
    case "controller-moved":
      return `/controller now names broker-${why.owner}`;
    case "controller-deleted":
      return "/controller was deleted (this controller's session expired)";
    case "fenced-write":
      return `a${why.write === "AlterPartition" ? "n" : ""} ${why.write} write was rejected by the controller-epoch check`;
    case "broker-shutdown":
      return "the broker is shutting down";
    case "session-expired":
      return "the controller's ZooKeeper session expired";
  }
}

/** How a ZooKeeper-mode controlled shutdown ended (KafkaServer.controlledShutdown). */
export type ShutdownEnd =
  { readonly kind: "disabled" } | { readonly kind: "done" } | { readonly kind: "gave-up"; readonly attempts: number; readonly lastError: string };

/** How a broker registration came about: KRaft's RegisterBroker record, or ZooKeeper's ephemeral znode. */
export type Registration = { readonly mode: "kraft"; readonly previousEpoch: number | undefined } | { readonly mode: "zookeeper"; readonly path: string };

export const controllerRules = {
  // A broker's own lifecycle (KafkaBroker, KafkaServer)
  "broker-exit": (_f: Fields, why: BrokerExit) =>
    `${EXIT_CAUSES[why]}; the JVM shutdown hook runs KafkaServer.shutdown: a controlled shutdown, then the process stops`,
  "unhandled-message": null,
  "controlled-shutdown-start": null,
  "controlled-shutdown-complete": null,
  "broker-sees-fenced": null,
  "broker-sees-unfenced": null,

  // Both modes
  "broker-registered": (f: Fields, why: Registration) =>
    why.mode === "zookeeper"
      ? `broker-${f.broker} created the ephemeral ${why.path}; its czxid ${f.brokerEpoch} is the broker epoch (KIP-380)`
      : f.unclean
        ? `a new incarnation registered without a clean-shutdown marker for epoch ${why.previousEpoch}: treated as an unclean shutdown, it leaves every ISR and ELR (KIP-966, KAFKA-18106); broker epoch = offset ${f.brokerEpoch} of its registration record`
        : `broker epoch = offset ${f.brokerEpoch} of its RegisterBroker record; it starts fenced until it has caught up with the metadata log`,
  "alter-partition-rejected": (f: Fields, why: AlterRejection) => alterRejection(f, why),
  "controller-elected": (f: Fields, why?: { readonly majority: number; readonly voters: number }) =>
    why === undefined
      ? `broker-${f.broker} created the ephemeral /controller znode and incremented /controller_epoch to ${f.epoch} in one multi-op`
      : `won the vote of a majority (${why.majority} of ${why.voters}) with the most up-to-date log; it appends a LeaderChange record and commits only once a record of epoch ${f.epoch} is on a majority`,
  "topic-created": (f: Fields) =>
    f.replicationFactor !== undefined
      ? "replicas assigned round-robin from a random start broker with a random shift (Kafka's default assignment); the first replica is the preferred leader"
      : "the controller assigned replicas round-robin from a random start and wrote the topic and its partition states to ZooKeeper",
  "partitions-created": (_f: Fields, why: "kraft" | "zookeeper") =>
    why === "kraft"
      ? "CreatePartitions: the new partitions get the topic's replication factor, placed like a new topic's; their PartitionRecords are written in one atomic batch, and clients see them on their next metadata refresh"
      : "the topic znode now lists the new partitions; the controller wrote their state znodes and sends LeaderAndIsr to their replicas and UpdateMetadata to every broker, so clients see them on their next metadata refresh",

  // KRaft: the broker's lifecycle manager and alter-partition manager
  "alter-partition-retry": (f: Fields, why: { readonly reason: string }) =>
    `${why.reason}: the AlterPartition request is sent again ${f.delayMs === 0 ? "at once" : `after ${f.delayMs} ms`} (DefaultAlterPartitionManager retries until the controller answers; only the partitions' own errors end it)`,
  "broker-registration-retry": (f: Fields, why: { readonly failedAttempts: number; readonly sessionTimeoutMs: number }) =>
    `the controller refused the registration (${f.error}): BrokerLifecycleManager tries again after ${f.delayMs} ms (100 ms × 2^${why.failedAttempts - 1}, ±2 %, capped at broker.session.timeout.ms = ${why.sessionTimeoutMs})`,

  // KRaft: the quorum controller
  "registration-rejected": (f: Fields, why: { readonly previousEpoch: number; readonly brokerSessionTimeoutMs: number }) =>
    `broker ${f.broker}'s previous incarnation (epoch ${why.previousEpoch}) is unfenced with a valid session (heartbeat within broker.session.timeout.ms = ${why.brokerSessionTimeoutMs} ms): the new incarnation must wait until it expires`,
  "broker-unfenced": (f: Fields) =>
    `broker ${f.broker} has replayed the metadata log up to its registration (offset ${f.brokerEpoch}): it is unfenced and may lead and join ISRs`,
  "controlled-shutdown-requested": (f: Fields) =>
    `broker ${f.broker} asked to shut down: the controller first moves its leaderships away and removes it from ISRs`,
  "broker-fenced": (f: Fields, why?: { readonly brokerSessionTimeoutMs: number }) =>
    why === undefined
      ? `broker ${f.broker} leads nothing any more: it is fenced and told it may shut down (shouldShutdown)`
      : `no heartbeat from broker ${f.broker} for ${why.brokerSessionTimeoutMs} ms (broker.session.timeout.ms): it is fenced, loses its leaderships and leaves every ISR`,
  "controller-active": (f: Fields, why: { readonly name: string }) =>
    `the LeaderChange record of epoch ${f.epoch} is committed on a majority: ${why.name} is now the active controller`,

  // KRaft: Raft (KafkaRaftClient)
  "raft-prospective": (f: Fields) =>
    `no leader heard from within the fetch/election timeout: ask the voters for pre-votes in epoch ${f.epoch} without bumping it; only a majority of pre-votes makes it a candidate (KIP-996)`,
  "raft-prevote-lost": (f: Fields, why: { readonly rejected: boolean; readonly leader: string | null }) =>
    `${why.rejected ? "a majority of voters refused the pre-vote (they follow a live leader or have more up-to-date logs)" : "no majority of pre-votes within the election timeout"}: the epoch stays ${f.epoch} and ${why.leader !== null ? `it follows ${why.leader} again` : "it waits unattached"} (KIP-996)`,
  "raft-candidate": () => "no leader heard from within the election/fetch timeout: start an election in a new epoch and vote for itself",
  "raft-resign": (_f: Fields, why: { readonly fetchTimeoutMs: number }) =>
    `no fetches from a majority of voters within 1.5 × controller.quorum.fetch.timeout.ms (${1.5 * why.fetchTimeoutMs} ms): the leader resigns`,
  "raft-vote": (f: Fields, why: VoteFacts) => vote(f, why),
  "raft-truncate": (_f: Fields, why: { readonly epoch: number; readonly endOffset: number }) =>
    `our log diverges from the leader's after epoch ${why.epoch} (end offset ${why.endOffset}): truncate and fetch again`,
  "raft-committed-truncated": () =>
    "committed metadata records are being truncated: the elected leader lacked committed entries (Raft election safety violated)",

  // ZooKeeper mode: the controller
  "controller-fenced": (_f: Fields, why: { readonly epochZkVersion: number }) =>
    `the write carried a check that /controller_epoch is still at version ${why.epochZkVersion}; another controller has since incremented it, so ZooKeeper rejected the write (KAFKA-6082)`,
  "controller-resigned": (_f: Fields, why: Resignation) => resignation(why),
  "partition-state-conflict": (_f: Fields, why: { readonly partitionEpoch: number }) =>
    `the state znode is no longer at version ${why.partitionEpoch}: someone else changed it; the controller re-reads it`,
  "broker-failed": (f: Fields, why: { readonly brokerEpoch: number | undefined }) =>
    f.bounced
      ? `broker-${f.broker} re-registered with a new broker epoch (czxid ${why.brokerEpoch}): the controller handles it as a failure followed by a return (KIP-380)`
      : `/brokers/ids/${f.broker} disappeared: its ZooKeeper session ended, so the controller declares broker-${f.broker} dead`,
  "broker-online": (f: Fields) => `/brokers/ids/${f.broker} appeared: broker-${f.broker} is live with broker epoch ${f.brokerEpoch}`,

  // ZooKeeper mode: the broker's side (KafkaZkClient session, ControlledShutdown, control requests)
  "session-expired": () =>
    "this broker's ZooKeeper session expired (no ping reached ZooKeeper within zookeeper.session.timeout.ms): its ephemeral znodes are gone; it opens a new session and registers again",
  "restart-delayed": (_f: Fields, why: { readonly path: string }) =>
    `previous ZooKeeper session still alive: ${why.path} still belongs to the crashed incarnation's session, so registration fails with NODEEXISTS until that session expires (zookeeper.session.timeout.ms); the supervisor retries every second`,
  "controlled-shutdown-retry": (_f: Fields, why: { readonly why: string; readonly backoffMs: number; readonly maxRetries: number }) =>
    `controlled shutdown incomplete (${why.why}): retry in ${why.backoffMs} ms (controlled.shutdown.retry.backoff.ms), at most ${why.maxRetries} retries`,
  "controlled-shutdown-done": (_f: Fields, why: ShutdownEnd) =>
    why.kind === "disabled"
      ? "controlled.shutdown.enable=false"
      : why.kind === "done"
        ? "the controller moved every leadership away"
        : `gave up after ${why.attempts} attempts (${why.lastError}); stopping anyway`,
  "stale-controller-epoch": (f: Fields) =>
    `${f.request} carries controller epoch ${f.controllerEpoch} but this broker has seen epoch ${f.known}: a deposed controller is fenced`,
  "stale-broker-epoch": (f: Fields, why: { readonly requestBrokerEpoch: number; readonly brokerEpoch: number }) =>
    `${f.request} was meant for broker epoch ${why.requestBrokerEpoch}, older than this incarnation's epoch ${why.brokerEpoch} (KIP-380)`,

  // ZooKeeper mode: the ensemble (Zab)
  "zk-leader-elected": (f: Fields, why: { readonly majority: number; readonly servers: number; readonly committedZxid: number }) =>
    `a majority (${why.majority} of ${why.servers}) accepted epoch ${f.epoch} and synced its history; the leader serves from zxid ${why.committedZxid}`,
  "zk-session-expired": (_f: Fields, why: { readonly silentForUs: number }) =>
    `no ping for ${Math.round(why.silentForUs / 1000)} ms ≥ the session timeout: ZooKeeper expires the session and deletes its ephemeral znodes`,
  "zk-stop-serving": () => "a ZooKeeper server serves clients only while it is part of a quorum with an established leader",
} satisfies Entries;
