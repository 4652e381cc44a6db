/**
 * The rest of the consumer's group protocol: the heartbeat "thread" (heartbeat.interval.ms, not
 * blocked by processing; session timeout → coordinator unknown), leaving the group when
 * max.poll.interval.ms passes without poll(), LeaveGroup on close, OffsetCommit and OffsetFetch
 * (docs/kafka-rules.md §6.1). A commit is only sent from a STABLE member (Kafka's generationIfStable);
 * otherwise it fails at once, like the Java client's CommitFailedException / RebalanceInProgressException.
 */
import type { KafkaError } from "../protocol/errors.js";
import type { TopicPartition } from "../protocol/records.js";
import { GroupClient } from "./group-client.js";
import { emit } from "../explain/catalogue.js";

/** How one commit attempt ended: a Kafka error, or no response (the commit may or may not have happened). */
export type CommitResult = { error: KafkaError; sent: boolean };

export class GroupSession extends GroupClient {
  private heartbeatInFlight = false;
  private heartbeatTimer: number | null = null;
  /** Partitions currently owned (kept by the consumer, read for JoinGroup's ownedPartitions). */
  owned: TopicPartition[] = [];

  /** Start the heartbeat loop (runs until close). */
  startHeartbeats(): void {
    this.scheduleHeartbeat();
  }

  protected override ownedPartitions(): TopicPartition[] {
    return this.owned.map((tp) => ({ ...tp }));
  }

  protected override onCoordinatorLost(): void {
    this.heartbeatInFlight = false;
  }

  /** max.poll.interval.ms passed without poll(): leave the group (AbstractCoordinator.maybeLeaveGroup). */
  pollTimeoutExpired(): void {
    if (this.closed || this.memberId === "" || this.state === "UNJOINED") return;
    const limit = this.settings.maxPollIntervalMs;
    emit(
      this.ctx,
      "consumer-poll-timeout",
      { consumer: this.identity.name, group: this.identity.group, memberId: this.memberId, generation: this.generation },
      { maxPollIntervalMs: limit },
    );
    this.leave(`consumer poll timeout has expired (max.poll.interval.ms = ${limit})`);
  }

  /**
   * Send LeaveGroup and forget the member id. With `answered`, the caller waits for the answer (or
   * the request's failure) at most `waitUs` (AbstractCoordinator.close: awaitPendingRequests);
   * without a LeaveGroup to send it is told at once.
   */
  leave(reason: string, waitUs?: number, answered?: () => void): void {
    let once = answered;
    const done = () => {
      const callback = once;
      once = undefined;
      callback?.();
    };
    if (this.coordinator !== null && this.memberId !== "" && this.state !== "UNJOINED") {
      const memberId = this.memberId;
      this.network.send(
        this.coordinator,
        (correlationId) => ({ type: "LeaveGroup", correlationId, groupId: this.identity.group, memberId, reason }),
        done,
        done,
      );
      if (once !== undefined) this.timers.set(waitUs ?? 0, done);
    } else done();
    this.resetGeneration(true, `LeaveGroup: ${reason}`);
  }

  /** Run `fn` after `delayUs` (commit retries share the consumer's timer table). */
  retryLater(delayUs: number, fn: () => void): void {
    this.timers.set(delayUs, fn);
  }

  close(): void {
    this.closed = true;
    this.timers.cancel(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  /** One OffsetCommit attempt with this member's generation (offsets with their leader epoch, KIP-320). */
  commit(offsets: { topic: string; partition: number; offset: number; leaderEpoch?: number }[], done: (result: CommitResult) => void): void {
    if (this.state !== "STABLE") {
      const rebalancing = this.state !== "UNJOINED" || this.memberId !== "";
      return done({ error: rebalancing ? "REBALANCE_IN_PROGRESS" : "UNKNOWN_MEMBER_ID", sent: false });
    }
    if (this.coordinator === null) {
      this.lookupCoordinator();
      return done({ error: "COORDINATOR_NOT_AVAILABLE", sent: false });
    }
    const epoch = this.coordinatorEpoch;
    const generation = this.generation;
    const memberId = this.memberId;
    this.network.send(
      this.coordinator,
      (correlationId) => ({ type: "OffsetCommit", correlationId, groupId: this.identity.group, generationId: generation, memberId, offsets }),
      (response) => {
        const error = response.partitions.find((p) => p.error !== "NONE")?.error ?? "NONE";
        if (error === "UNKNOWN_MEMBER_ID" && this.memberId === memberId) this.resetGeneration(true, "OffsetCommit: UNKNOWN_MEMBER_ID");
        else if (error === "ILLEGAL_GENERATION" && this.generation === generation) this.resetGeneration(false, "OffsetCommit: ILLEGAL_GENERATION");
        else if (error === "REBALANCE_IN_PROGRESS") this.requestRejoin();
        else if ((error === "NOT_COORDINATOR" || error === "COORDINATOR_NOT_AVAILABLE") && epoch === this.coordinatorEpoch)
          this.markCoordinatorUnknown(`OffsetCommit: ${error}`);
        done({ error, sent: true });
      },
      (reason) => {
        if (epoch === this.coordinatorEpoch) this.markCoordinatorUnknown(`OffsetCommit: ${reason}`);
        done({ error: reason === "timeout" ? "REQUEST_TIMED_OUT" : "NETWORK_EXCEPTION", sent: true });
      },
    );
  }

  /** OffsetFetch of committed offsets and their leader epochs (offset -1 = none); null when it could not be asked or answered. */
  fetchCommitted(partitions: TopicPartition[], done: (offsets: Map<string, { offset: number; leaderEpoch: number }> | null) => void): void {
    if (this.coordinator === null) {
      this.lookupCoordinator();
      return done(null);
    }
    const epoch = this.coordinatorEpoch;
    this.network.send(
      this.coordinator,
      (correlationId) => ({ type: "OffsetFetch", correlationId, groupId: this.identity.group, partitions }),
      (response) => {
        if (response.error !== "NONE") {
          if (epoch === this.coordinatorEpoch && (response.error === "NOT_COORDINATOR" || response.error === "COORDINATOR_NOT_AVAILABLE")) {
            this.markCoordinatorUnknown(`OffsetFetch: ${response.error}`);
          } else this.backoff();
          return done(null);
        }
        done(
          new Map(
            response.partitions.map((p) => [
              `${p.topic}-${p.partition}`,
              p.error === "NONE" ? { offset: p.offset, leaderEpoch: p.leaderEpoch } : { offset: -1, leaderEpoch: -1 },
            ]),
          ),
        );
      },
      (reason) => {
        if (epoch === this.coordinatorEpoch) this.markCoordinatorUnknown(`OffsetFetch: ${reason}`);
        done(null);
      },
    );
  }

  private scheduleHeartbeat(): void {
    this.heartbeatTimer = this.timers.set(this.settings.heartbeatIntervalUs, () => this.heartbeatTick());
  }

  private heartbeatTick(): void {
    this.scheduleHeartbeat();
    if (this.closed || this.state === "UNJOINED" || this.state === "PREPARING_REBALANCE") return;
    if (this.coordinator === null) return this.lookupCoordinator();
    const sessionMs = this.settings.sessionTimeoutMs;
    if (this.ctx.now() - this.lastHeartbeatOkUs > this.settings.sessionTimeoutUs) {
      return this.markCoordinatorUnknown(`no successful heartbeat for session.timeout.ms (${sessionMs} ms)`);
    }
    if (this.heartbeatInFlight) return;
    this.heartbeatInFlight = true;
    const epoch = this.coordinatorEpoch;
    const generation = this.generation;
    const memberId = this.memberId;
    this.network.send(
      this.coordinator,
      (correlationId) => ({ type: "Heartbeat", correlationId, groupId: this.identity.group, generationId: generation, memberId }),
      (response) => {
        if (epoch !== this.coordinatorEpoch) return;
        this.heartbeatInFlight = false;
        this.onHeartbeatResponse(response.error, generation, memberId);
      },
      (reason) => {
        if (epoch !== this.coordinatorEpoch) return;
        this.heartbeatInFlight = false;
        this.markCoordinatorUnknown(`Heartbeat: ${reason}`);
      },
    );
  }

  private onHeartbeatResponse(error: KafkaError, generation: number, memberId: string): void {
    if (error === "NONE") {
      this.lastHeartbeatOkUs = this.ctx.now();
      return;
    }
    if (generation !== this.generation || memberId !== this.memberId) return; // answered an older membership
    if (error === "REBALANCE_IN_PROGRESS") {
      this.lastHeartbeatOkUs = this.ctx.now();
      if (this.state === "STABLE" && !this.rejoinNeeded) {
        emit(this.ctx, "consumer-rebalance-requested", { consumer: this.identity.name, group: this.identity.group, generation });
        this.requestRejoin();
        this.hooks.wake();
      }
    } else if (error === "UNKNOWN_MEMBER_ID") this.resetGeneration(true, "Heartbeat: UNKNOWN_MEMBER_ID");
    else if (error === "ILLEGAL_GENERATION") this.resetGeneration(false, "Heartbeat: ILLEGAL_GENERATION");
    else if (error === "NOT_COORDINATOR" || error === "COORDINATOR_NOT_AVAILABLE") this.markCoordinatorUnknown(`Heartbeat: ${error}`);
  }
}
