/**
 * KIP-320 on the consumer: after a leader change the consumer asks the new leader where the epoch
 * of its position ends (OffsetsForLeaderEpoch, Kafka's OffsetFetcher.validatePositionsAsync and
 * OffsetsForLeaderEpochUtils) and completes the validation as `SubscriptionState.maybeCompleteValidation`:
 * - the epoch ends at or after the position: nothing was lost, fetching resumes;
 * - it ends before the position: the log was truncated under the consumer (an unclean election,
 *   Last Replica Standing, a correlated power loss). "Truncation detected for partition …,
 *   resetting offset to the first offset known to diverge": the consumer seeks to that end offset;
 *   with auto.offset.reset=none it raises LogTruncationException instead;
 * - the leader cannot place the epoch (-1): the position is reset by auto.offset.reset.
 * Retriable errors (NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH, ...) and
 * failed requests refresh the metadata and retry after retry.backoff.ms.
 */
import type { ActorContext } from "../../sim/actor.js";
import { CONSUMER_REPLICA_ID, type EpochEndOffsetResult, type OffsetsForLeaderEpochResponse } from "../protocol/offsets-for-leader-epoch.js";
import type { BrokerSupport } from "./broker-support.js";
import type { ConsumerMetadata } from "./client-metadata.js";
import { samePosition, type FetchPosition, type TopicPartitionState } from "./fetch-position.js";
import type { ConsumerIdentity } from "./identity.js";
import type { NetworkClient } from "./network-client.js";
import type { ConsumerSettings } from "./settings.js";
import type { TraceType } from "../trace-events.js";
import { withRule, type WhyArgs } from "../explain/catalogue.js";
import type { ConsumerErrorCause, TruncationFacts } from "../explain/consumer.js";
import type { TraceEvents } from "../../sim/trace.js";

/** What the validator needs of the fetcher. */
export interface ValidatorHost {
  /** The partition's state if it is still assigned. */
  assigned(p: TopicPartitionState): boolean;
  /** NetworkClient.isReady: false (and a wake-up scheduled) while `node` is in reconnect backoff. */
  nodeReady(node: string): boolean;
  /** Record a position set by the consumer itself (a seek to the divergence point) in the history. */
  seeked(p: TopicPartitionState, offset: number): void;
  /** The application gets an exception for this partition. */
  fail(p: TopicPartitionState, why: string, cause: ConsumerErrorCause): void;
  wake(): void;
}

export class PositionValidator {
  constructor(
    private readonly ctx: ActorContext,
    private readonly network: NetworkClient,
    private readonly metadata: ConsumerMetadata,
    private readonly settings: ConsumerSettings,
    private readonly support: BrokerSupport,
    private readonly identity: ConsumerIdentity,
    private readonly host: ValidatorHost,
  ) {}

  /** OffsetFetcher.validatePositionsAsync for the partitions awaiting validation (sorted), grouped by leader. */
  validate(partitions: readonly TopicPartitionState[]): void {
    const now = this.ctx.now();
    const byNode = new Map<string, { p: TopicPartitionState; position: FetchPosition }[]>();
    for (const p of partitions) {
      if (p.state !== "AWAIT_VALIDATION" || p.awaitingRetryBackoff(now) || p.position === null) continue;
      const node = p.position.currentLeader.node;
      if (node === null) {
        this.metadata.requestSoon();
        continue;
      }
      if (!this.support.validatePositions) {
        // "Skipping validation of fetch offsets ... since the broker does not support the required protocol version"
        p.completeValidation();
        continue;
      }
      const list = byNode.get(node) ?? [];
      list.push({ p, position: p.position });
      byNode.set(node, list);
    }
    const retryAtUs = now + this.settings.requestTimeoutUs;
    for (const node of [...byNode.keys()].sort()) {
      if (!this.host.nodeReady(node)) continue;
      const entries = byNode.get(node)!;
      for (const { p } of entries) p.nextRetryUs = retryAtUs;
      this.network.send(
        node,
        (correlationId) => ({
          type: "OffsetsForLeaderEpoch",
          correlationId,
          replicaId: CONSUMER_REPLICA_ID,
          partitions: entries.map(({ p, position }) => ({
            topic: p.topic,
            partition: p.partition,
            currentLeaderEpoch: position.currentLeader.epoch ?? -1,
            leaderEpoch: position.offsetEpoch!,
          })),
        }),
        (response) => this.onResponse(entries, response),
        () => {
          const backoffUs = this.ctx.now() + this.settings.retryBackoffUs;
          for (const { p } of entries) if (p.state === "AWAIT_VALIDATION") p.nextRetryUs = backoffUs;
          this.metadata.requestSoon();
          this.host.wake();
        },
      );
    }
  }

  /** OffsetFetcherUtils.onSuccessfulResponseForValidatingPositions. */
  private onResponse(entries: { p: TopicPartitionState; position: FetchPosition }[], response: OffsetsForLeaderEpochResponse): void {
    const retryUs = this.ctx.now() + this.settings.retryBackoffUs;
    let retry = false;
    for (const { p, position } of entries) {
      const answer = response.partitions.find((r) => r.topic === p.topic && r.partition === p.partition);
      if (!answer || answer.error !== "NONE") {
        retry = true;
        if (p.state === "AWAIT_VALIDATION") p.nextRetryUs = retryUs;
        continue;
      }
      this.maybeCompleteValidation(p, position, answer);
    }
    if (retry) this.metadata.requestSoon();
    this.host.wake();
  }

  /** SubscriptionState.maybeCompleteValidation. */
  private maybeCompleteValidation(p: TopicPartitionState, requested: FetchPosition, end: EpochEndOffsetResult): void {
    if (!this.host.assigned(p) || p.state !== "AWAIT_VALIDATION" || p.position === null || !samePosition(p.position, requested)) return;
    const current = p.position;
    const policy = this.settings.autoOffsetReset;
    const hasDefaultPolicy = policy !== "none";
    const where = `${p.topic}-${p.partition}`;
    if (end.endOffset < 0 || end.leaderEpoch < 0) {
      if (hasDefaultPolicy) {
        this.trace("consumer-truncation-detected", p, current, {}, { policy });
        p.reset("log-truncation");
      } else {
        this.host.fail(p, `LogTruncationException: truncation detected for partition ${where} at offset ${current.offset}, but no reset policy is set`, {
          cause: "truncation",
          facts: truncationFacts(current),
        });
      }
      return;
    }
    if (end.endOffset < current.offset) {
      if (hasDefaultPolicy) {
        this.trace("consumer-truncation-detected", p, current, { divergingOffset: end.endOffset, divergingEpoch: end.leaderEpoch }, { policy });
        p.seekValidated({ offset: end.endOffset, offsetEpoch: end.leaderEpoch, currentLeader: current.currentLeader });
        this.host.seeked(p, end.endOffset);
      } else {
        this.host.fail(
          p,
          `LogTruncationException: truncation detected for partition ${where} at offset ${current.offset} (the end offset from the broker is ${end.endOffset}), but no reset policy is set`,
          { cause: "truncation", facts: truncationFacts(current, { epoch: end.leaderEpoch, offset: end.endOffset }) },
        );
      }
      return;
    }
    p.completeValidation();
  }

  private trace<T extends TraceType>(
    type: T,
    p: TopicPartitionState,
    position: FetchPosition,
    fields: Omit<TraceEvents[T], "consumer" | "topic" | "partition" | "offset" | "offsetEpoch" | "leader" | "leaderEpoch">,
    ...why: WhyArgs<T>
  ): void {
    this.ctx.trace(
      type,
      withRule(
        type,
        {
          consumer: this.identity.name,
          topic: p.topic,
          partition: p.partition,
          offset: position.offset,
          offsetEpoch: position.offsetEpoch,
          leader: position.currentLeader.node,
          leaderEpoch: position.currentLeader.epoch,
          ...fields,
        },
        ...why,
      ),
    );
  }
}

/** What the consumer knew about its position when validation failed, for the explanation. */
function truncationFacts(position: FetchPosition, end?: TruncationFacts["end"]): TruncationFacts {
  return { leader: position.currentLeader.node, leaderEpoch: position.currentLeader.epoch, offset: position.offset, offsetEpoch: position.offsetEpoch, end };
}
