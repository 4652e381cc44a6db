/**
 * The consumer actor: one application thread running `poll → process each record → (commit)`
 * in virtual time, over a Kafka consumer with its fetcher and group membership (docs/kafka-rules.md
 * §6.1; docs/scenario-format.md "consumers", commit modes):
 * - `auto`: enable.auto.commit; inside poll(), every auto.commit.interval.ms, an asynchronous
 *   commit of the current positions — the offsets after the records the *previous* poll returned;
 *   also before rejoining (onJoinPrepare) and on close;
 * - `after-processing`: one synchronous commit of the positions after the batch is processed;
 * - `before-processing`: the same commit before the batch is processed.
 * A crash between processing and commit re-delivers (at least once); between commit and
 * processing it skips (at most once). Heartbeats run on their own timer, so processing never
 * blocks them; only max.poll.interval.ms without poll() makes the member leave.
 *
 * poll() is ClassicKafkaConsumer.poll: the coordinator first (blocking only while the coordinator
 * is unknown), then, with the group active, auto-commit and the fetch positions (committed offsets,
 * KIP-320 validation after a leader change, resets); fetches go out also while a rebalance is
 * under way, for the partitions the member still owns: none under the eager protocol (revoked in
 * onJoinPrepare), all of them under the cooperative one (KIP-429).
 *
 * Mutant `consumer-commit-before-return`: poll() commits the positions after the records it is
 * about to return, before the application processes them.
 */
import type { Actor, ActorContext, ActorFactory, Message } from "../../sim/actor.js";
import { ms } from "../../sim/time.js";
import type { PolledRecord, TopicPartition } from "../history.js";
import { ConsumerMetadata } from "./client-metadata.js";
import { Committer } from "./committer.js";
import { Fetcher } from "./fetcher.js";
import { GroupSession } from "./group-session.js";
import type { ConsumerIdentity } from "./identity.js";
import { NetworkClient, Timers, type CallbackTimer } from "./network-client.js";
import { DEFAULT_POLL_TIMEOUT_MS, type ConsumerOptions } from "./options.js";
import { readConsumerSettings, type ConsumerSettings } from "./settings.js";
import { emit } from "../explain/catalogue.js";

/** KafkaConsumer.close() without an argument: DEFAULT_CLOSE_TIMEOUT_MS. */
const CLOSE_TIMEOUT_MS = 30_000;

/** Build the actor factory of one consumer instance (node = options.name). */
export function createConsumerActor(options: ConsumerOptions): ActorFactory {
  return (ctx) => new Consumer(ctx, options);
}

type AppState = "polling" | "processing" | "committing" | "stopped";

class Consumer implements Actor<CallbackTimer> {
  private readonly timers: Timers;
  private readonly network: NetworkClient;
  private readonly metadata: ConsumerMetadata;
  private readonly fetcher: Fetcher;
  private readonly group: GroupSession;
  private readonly committer: Committer;
  private readonly identity: ConsumerIdentity;
  private readonly settings: ConsumerSettings;
  private app: AppState = "polling";
  private pollStartUs = 0;
  private lastPollUs = 0;
  private pollTimer: number | null = null;
  private maxPollTimer: number | null = null;
  private stopRequested = false;
  /** The process ends once close() returned (a scenario's shutdown). */
  private exitAfterClose = false;
  private committedFetchInFlight = false;
  private nextAutoCommitUs = 0;
  private stepping = false;
  private wokenDuringStep = false;

  constructor(
    private readonly ctx: ActorContext,
    private readonly options: ConsumerOptions,
  ) {
    const settings = (this.settings = readConsumerSettings(options.config));
    this.identity = { name: options.name, process: `${options.name}#${ctx.incarnation}`, group: options.group, history: options.history };
    this.timers = new Timers(ctx);
    this.network = new NetworkClient(ctx, this.timers, settings.requestTimeoutUs, {
      initialMs: settings.reconnectBackoffMs,
      maxMs: settings.reconnectBackoffMaxMs,
    });
    this.metadata = new ConsumerMetadata(
      this.network,
      this.timers,
      options.bootstrap,
      options.topics,
      settings.retryBackoffUs,
      settings.metadataMaxAgeUs,
      () => ctx.now(),
      settings.metadataRecovery,
      (type, fields) => ctx.trace(type, fields),
    );
    const wake = () => this.continuePoll();
    this.fetcher = new Fetcher(ctx, this.network, this.timers, this.metadata, settings, options.cluster, this.identity, wake);
    this.group = new GroupSession(ctx, this.network, this.timers, this.metadata, settings, this.identity, options.topics, {
      onJoinPrepare: (valid, done) => this.onJoinPrepare(valid, done),
      onJoinComplete: (assignment, generation) => this.onJoinComplete(assignment, generation),
      wake,
      lastPollUs: () => this.lastPollUs,
    });
    this.committer = new Committer(ctx, this.group, settings, this.identity);
    this.metadata.onUpdate(wake);
  }

  onStart(): void {
    const now = this.ctx.now();
    this.options.history.recordClientEvent({ kind: "client-start", process: this.identity.process, atUs: now });
    this.nextAutoCommitUs = now + this.settings.autoCommitIntervalUs;
    this.metadata.request();
    this.group.startHeartbeats();
    this.startPoll();
  }

  onMessage(_from: string, message: Message): void {
    if (message.type === "StopConsuming") return this.requestStop("exit" in message && message.exit === true);
    this.network.receive(message);
  }

  onTimer(timer: CallbackTimer): void {
    this.timers.fire(timer);
  }

  onConnectionReset(peer: string): void {
    this.network.connectionReset(peer);
  }

  // ---- the application thread -------------------------------------------------------------------

  /** The application calls poll(): the max.poll.interval.ms clock restarts. */
  private startPoll(): void {
    if (this.stopRequested) return this.close();
    const now = this.ctx.now();
    this.app = "polling";
    this.pollStartUs = now;
    this.lastPollUs = now;
    this.timers.cancel(this.maxPollTimer);
    this.maxPollTimer = this.timers.set(this.settings.maxPollIntervalUs, () => this.group.pollTimeoutExpired());
    this.timers.cancel(this.pollTimer);
    this.pollTimer = this.timers.set(ms(this.options.pollTimeoutMs ?? DEFAULT_POLL_TIMEOUT_MS), () => {
      this.pollTimer = null;
      if (this.app !== "polling") return;
      // The poll's timer ran out: its last round still collects and sends fetches (a poll blocked in
      // ensureCoordinatorReady does this once per timeout), then an empty poll returns and the loop polls again.
      if (!this.pollForFetches()) this.startPoll();
    });
    this.continuePoll();
  }

  /**
   * Inside poll(): make progress with whatever has arrived; return records when there are some.
   * Wake-ups during a step (callbacks answering synchronously) are folded into another step.
   */
  private continuePoll(): void {
    if (this.stepping) {
      this.wokenDuringStep = true;
      return;
    }
    this.stepping = true;
    try {
      for (let i = 0; i < 100 && this.app === "polling"; i++) {
        this.wokenDuringStep = false;
        this.pollStep();
        if (!this.wokenDuringStep) break;
      }
    } finally {
      this.stepping = false;
    }
  }

  /**
   * One round of ClassicKafkaConsumer.poll: the coordinator first (ConsumerCoordinator.poll), then,
   * once the group is active, auto-commit and updateFetchPositions; the fetches go out whether or
   * not a rebalance is under way (the partitions the member still owns keep being fetched), but
   * not while the poll is blocked looking for its coordinator.
   */
  private pollStep(): void {
    const group = this.group.ensureActive();
    if (group === "coordinator-unknown") return;
    if (group === "active") {
      if (this.options.commitMode === "auto") this.maybeAutoCommit();
      this.initializePositions();
      this.fetcher.updatePositions();
    }
    this.pollForFetches();
  }

  /** pollForFetches: return buffered records, if any; the next fetches go out first (pipelining). True when records were returned. */
  private pollForFetches(): boolean {
    const records = this.fetcher.drain(this.settings.maxPollRecords);
    this.fetcher.sendFetches();
    if (records.length === 0) return false;
    this.finishPoll(records);
    return true;
  }

  private finishPoll(records: PolledRecord[]): void {
    const now = this.ctx.now();
    this.timers.cancel(this.pollTimer);
    this.pollTimer = null;
    const id = this.identity;
    id.history.recordPoll({ process: id.process, consumer: id.name, group: id.group, invokeUs: this.pollStartUs, completeUs: now, records });
    if (this.options.cluster.bugs.has("consumer-commit-before-return")) this.committer.commitAsync(this.fetcher.positions());
    if (this.options.commitMode === "before-processing") {
      this.app = "committing";
      this.committer.commitSync(this.fetcher.positions(), () => this.process(records, 0));
    } else {
      this.process(records, 0);
    }
  }

  /** Process records[index...], one processing-time each, then commit (after-processing) and poll again. */
  private process(records: PolledRecord[], index: number): void {
    this.app = "processing";
    const step = this.options.processingTimeUs;
    let i = index;
    while (i < records.length) {
      if (step > 0) {
        const record = records[i]!;
        const next = i + 1;
        this.timers.set(step, () => {
          this.recordProcessed(record);
          this.process(records, next);
        });
        return;
      }
      this.recordProcessed(records[i]!);
      i++;
    }
    if (this.options.commitMode === "after-processing") {
      this.app = "committing";
      this.committer.commitSync(this.fetcher.positions(), () => this.startPoll());
    } else {
      this.startPoll();
    }
  }

  private recordProcessed(record: PolledRecord): void {
    const id = this.identity;
    id.history.recordProcess({ process: id.process, consumer: id.name, group: id.group, atUs: this.ctx.now(), ...record });
  }

  // ---- inside poll: auto-commit and positions -----------------------------------------------------

  private maybeAutoCommit(): void {
    const now = this.ctx.now();
    if (now < this.nextAutoCommitUs) return;
    const interval = this.settings.autoCommitIntervalUs;
    this.nextAutoCommitUs = now + interval;
    if (this.group.state !== "STABLE") return;
    const positions = this.fetcher.positions();
    if (positions.length === 0) return;
    this.committer.commitAsync(positions, (ok) => {
      if (!ok) this.nextAutoCommitUs = Math.min(this.nextAutoCommitUs, this.ctx.now() + this.settings.retryBackoffUs);
    });
  }

  /** Newly assigned partitions start at the committed offset (with its leader epoch), else per auto.offset.reset. */
  private initializePositions(): void {
    const missing = this.fetcher.missingPositions();
    if (missing.length === 0 || this.committedFetchInFlight) return;
    this.committedFetchInFlight = true;
    this.group.fetchCommitted(missing, (offsets) => {
      this.committedFetchInFlight = false;
      if (offsets) for (const tp of missing) this.fetcher.initialize(tp, offsets.get(`${tp.topic}-${tp.partition}`) ?? null);
      this.continuePoll();
    });
  }

  // ---- rebalance callbacks ---------------------------------------------------------------------

  /** ConsumerCoordinator.onJoinPrepare: commit (auto), then revoke (eager) or drop lost partitions. */
  private onJoinPrepare(generationValid: boolean, done: () => void): void {
    const revokeAll = (lost: boolean) => {
      if (lost || this.group.rebalanceProtocol === "eager") this.release(this.group.owned, lost);
      done();
    };
    if (!generationValid) return revokeAll(true);
    const positions = this.fetcher.positions();
    if (this.options.commitMode === "auto" && positions.length > 0) {
      // maybeMarkPartitionsPendingRevocation (eager): while the commit is under way nothing more is
      // fetched or returned from partitions about to be revoked, so positions cannot pass the commit.
      if (this.group.rebalanceProtocol === "eager") this.fetcher.markPendingRevocation(this.group.owned);
      this.committer.commitSync(positions, () => revokeAll(false), this.settings.maxPollIntervalUs);
    } else revokeAll(false);
  }

  private onJoinComplete(assignment: TopicPartition[], generation: number): void {
    const key = (tp: TopicPartition) => `${tp.topic}-${tp.partition}`;
    const before = new Set(this.group.owned.map(key));
    const after = new Set(assignment.map(key));
    const added = assignment.filter((tp) => !before.has(key(tp)));
    const revoked = this.group.owned.filter((tp) => !after.has(key(tp)));
    this.group.owned = assignment.map((tp) => ({ ...tp }));
    this.fetcher.revoke(revoked);
    this.fetcher.assign(added);
    // ConsumerCoordinator.onJoinComplete: the auto-commit interval restarts now.
    this.nextAutoCommitUs = this.ctx.now() + this.settings.autoCommitIntervalUs;
    const id = this.identity;
    id.history.recordAssign({ process: id.process, consumer: id.name, group: id.group, atUs: this.ctx.now(), generation, assigned: added, revoked });
    emit(
      this.ctx,
      "consumer-assigned",
      { consumer: id.name, group: id.group, generation, protocol: this.group.protocolName, assigned: added.map(key), revoked: revoked.map(key) },
      { eager: this.group.rebalanceProtocol === "eager" },
    );
    if (this.group.rebalanceProtocol === "cooperative" && revoked.length > 0) this.group.requestRejoin();
  }

  /** Give up partitions before a rejoin (eager revoke) or because the generation was lost. */
  private release(partitions: TopicPartition[], lost: boolean): void {
    if (partitions.length === 0) return;
    const id = this.identity;
    id.history.recordAssign({
      process: id.process,
      consumer: id.name,
      group: id.group,
      atUs: this.ctx.now(),
      generation: this.group.generation,
      assigned: [],
      revoked: partitions.map((tp) => ({ ...tp })),
    });
    emit(this.ctx, lost ? "consumer-partitions-lost" : "consumer-revoked", {
      consumer: id.name,
      group: id.group,
      partitions: partitions.map((tp) => `${tp.topic}-${tp.partition}`),
    });
    this.fetcher.revoke(partitions);
    this.group.owned = [];
  }

  // ---- close ----------------------------------------------------------------------------------

  /** The application closes the consumer once the batch it is processing is done (at its next poll()). */
  private requestStop(exit: boolean): void {
    this.stopRequested = true;
    this.exitAfterClose ||= exit;
    if (this.app === "polling") this.close();
  }

  /**
   * KafkaConsumer.close() (ConsumerCoordinator.close, AbstractCoordinator.close), bounded by the
   * close timeout (DEFAULT_CLOSE_TIMEOUT_MS, 30 s): with enable.auto.commit it commits its
   * positions synchronously (maybeAutoCommitOffsetsSync), then the member leaves the group
   * (maybeLeaveGroup) and the consumer waits for the LeaveGroup's answer (awaitPendingRequests);
   * then, for a shutdown, the process ends.
   */
  private close(): void {
    if (this.app === "stopped") return;
    this.app = "stopped";
    this.timers.cancel(this.pollTimer);
    this.timers.cancel(this.maxPollTimer);
    const deadlineUs = this.ctx.now() + ms(CLOSE_TIMEOUT_MS);
    const leave = () => {
      this.group.leave("the consumer is closing", Math.max(0, deadlineUs - this.ctx.now()), () => this.closed());
      this.group.close();
    };
    const positions = this.fetcher.positions();
    if (this.options.commitMode === "auto" && positions.length > 0 && this.group.state === "STABLE")
      this.committer.commitSync(positions, leave, ms(CLOSE_TIMEOUT_MS));
    else leave();
  }

  /** close() returned: a shut-down process ends (its end is a clean stop in the history, not a crash). */
  private closed(): void {
    if (!this.exitAfterClose) return;
    this.options.history.recordClientEvent({ kind: "client-stop", process: this.identity.process, atUs: this.ctx.now() });
    this.ctx.exit();
  }
}
