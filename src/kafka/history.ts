/**
 * The recorded client history: every send, poll, commit, assignment, position reset and processed
 * record, in the order the clients did them, with times in integer microseconds of virtual time.
 *
 * The Kafka model's clients write it through a {@link HistoryRecorder}; the history checker
 * (`src/check/history`) reads it after the run. A client that crashes and restarts is a new
 * process identity (`p1#1`, then `p1#2`), as in Jepsen, so that ordering rules never span a crash.
 *
 * This module holds types and the recorder only; it imports nothing from the checker.
 */

/** One partition of one topic. */
export interface TopicPartition {
  topic: string;
  partition: number;
}

/** How a client operation ended: `unknown` means it may or may not have taken effect (timeout). */
export type Outcome = "ok" | "failed" | "unknown";

/** The producer's `acks` setting, normalised (`-1` is written `all`). */
export type Acks = "0" | "1" | "all";

/** One `send()` of one record, from the call to the callback. */
export interface SendOp {
  kind: "send";
  /** Unique across the history and increasing in call order (send order within a process). */
  id: number;
  /** Client incarnation, e.g. `p1#1`. */
  process: string;
  /** Producer node name, e.g. `p1`. */
  producer: string;
  topic: string;
  partition: number;
  key: string | null;
  /** Unique per record: a value identifies the send that wrote it. */
  value: string;
  invokeUs: number;
  /** Absent while in flight (or if the run ended first). */
  completeUs?: number;
  outcome: Outcome;
  /** Absent for acks=0, unknown outcomes, and a success whose response carried no offset (-1). */
  offset?: number;
  /** Kafka error name, e.g. `NOT_ENOUGH_REPLICAS`; `DELIVERY_TIMEOUT` for the client's expiry. */
  error?: string;
  /** The exception's message when the client words one, e.g. "Expiring 3 record(s) for orders-0:120001 ms has passed since batch creation". */
  message?: string;
  /** For a send that failed on the client (delivery timeout): the last error its retried attempts got. */
  lastError?: string;
  acks: Acks;
  /** The broker whose response completed the send. */
  ackedBy?: string;
  leaderEpoch?: number;
}

/** One record returned by a poll. */
export interface PolledRecord {
  topic: string;
  partition: number;
  offset: number;
  value: string;
}

/** One `poll()` that returned (possibly no) records. */
export interface PollOp {
  kind: "poll";
  id: number;
  process: string;
  /** Consumer instance name, e.g. `g1-1`. */
  consumer: string;
  group: string;
  invokeUs: number;
  completeUs: number;
  records: PolledRecord[];
}

/** An offset to commit: the next offset the group should read. */
export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
}

/** One offset commit (auto or explicit), from the request to the response. */
export interface CommitOp {
  kind: "commit";
  id: number;
  process: string;
  group: string;
  consumer: string;
  invokeUs: number;
  completeUs?: number;
  offsets: CommittedOffset[];
  outcome: Outcome;
  error?: string;
  generation?: number;
}

/** A rebalance outcome seen by one consumer: partitions it gained and lost. */
export interface AssignOp {
  kind: "assign";
  process: string;
  consumer: string;
  group: string;
  atUs: number;
  generation: number;
  assigned: TopicPartition[];
  revoked: TopicPartition[];
}

/**
 * Why a consumer's position was set: the committed offset, auto.offset.reset (`earliest`/`latest`
 * at the start, `out-of-range` after OFFSET_OUT_OF_RANGE), or `log-truncation`: the consumer found
 * the log truncated below its position after a leader change (KIP-320) and moved back to the first
 * offset known to diverge, or reset by auto.offset.reset when the leader could not tell.
 */
export type ResetReason = "committed" | "earliest" | "latest" | "out-of-range" | "log-truncation";

/** A consumer's fetch position set from the committed offset or by `auto.offset.reset`. */
export interface ResetOp {
  kind: "reset";
  process: string;
  consumer: string;
  group: string;
  atUs: number;
  topic: string;
  partition: number;
  offset: number;
  reason: ResetReason;
}

/** The application finished processing one record. */
export interface ProcessOp {
  kind: "process";
  process: string;
  consumer: string;
  group: string;
  atUs: number;
  topic: string;
  partition: number;
  offset: number;
  value: string;
}

/** A client process crashed or (re)started. */
export interface ClientEvent {
  /** client-stop: a process that ended cleanly (a consumer closed, then its process stopped). */
  kind: "client-crash" | "client-start" | "client-stop";
  process: string;
  atUs: number;
}

export type HistoryOp = SendOp | PollOp | CommitOp | AssignOp | ResetOp | ProcessOp | ClientEvent;

/** The whole client history, in recording order. */
export type History = readonly HistoryOp[];

/** What a producer knows when it calls `send()`. */
export type SendStart = Pick<SendOp, "process" | "producer" | "topic" | "partition" | "key" | "value" | "invokeUs" | "acks">;

/** What the producer learns when the send completes. */
export type SendCompletion = { completeUs: number; outcome: Outcome } & Pick<SendOp, "offset" | "error" | "message" | "lastError" | "ackedBy" | "leaderEpoch">;

export type CommitStart = Pick<CommitOp, "process" | "group" | "consumer" | "invokeUs" | "offsets" | "generation">;
export type CommitCompletion = { completeUs: number; outcome: Outcome; error?: string };

/**
 * Records the client history. Plain arrays and one map of in-flight operations; one object per
 * operation. Ids come from one counter, so send ids increase in call order.
 */
export class HistoryRecorder {
  private readonly list: HistoryOp[] = [];
  private readonly inFlight = new Map<number, SendOp | CommitOp>();
  private readonly errorsSeen = new Map<string, number>();
  private readonly errorsSeenByClient = new Map<string, Map<string, number>>();
  private nextId = 0;
  /** The send callbacks of producer processes that asked for them, by process (`p1#2`). */
  private readonly sendCallbacks = new Map<string, (op: SendOp) => void>();

  /**
   * The callback of `KafkaProducer.send(record, callback)` for every send of one process: called
   * with the completed send, as the application learns its outcome.
   */
  onSendComplete(process: string, callback: (op: SendOp) => void): void {
    this.sendCallbacks.set(process, callback);
  }

  /** Records a `send()` call; returns the id to complete it with. */
  startSend(start: SendStart): number {
    const id = this.nextId++;
    const op: SendOp = {
      kind: "send",
      id,
      process: start.process,
      producer: start.producer,
      topic: start.topic,
      partition: start.partition,
      key: start.key,
      value: start.value,
      invokeUs: start.invokeUs,
      outcome: "unknown",
      acks: start.acks,
    };
    return this.begin(op);
  }

  /**
   * Completes a send once; `unknown` is a legal completion (delivery timeout). `offset`, when
   * given, is this record's offset in place of `completion.offset`, so that the records of a batch
   * share one completion object.
   */
  completeSend(id: number, completion: SendCompletion, offset: number | undefined = completion.offset): void {
    const op = this.finish(id, "send", completion) as SendOp;
    if (offset !== undefined) op.offset = offset;
    if (completion.error !== undefined) op.error = completion.error;
    if (completion.message !== undefined) op.message = completion.message;
    if (completion.lastError !== undefined) op.lastError = completion.lastError;
    if (completion.ackedBy !== undefined) op.ackedBy = completion.ackedBy;
    if (completion.leaderEpoch !== undefined) op.leaderEpoch = completion.leaderEpoch;
    this.sendCallbacks.get(op.process)?.(op);
  }

  /** Records a poll when it returns; returns its id. */
  recordPoll(poll: Omit<PollOp, "kind" | "id">): number {
    const id = this.nextId++;
    this.list.push({
      kind: "poll",
      id,
      process: poll.process,
      consumer: poll.consumer,
      group: poll.group,
      invokeUs: poll.invokeUs,
      completeUs: poll.completeUs,
      records: poll.records,
    });
    return id;
  }

  startCommit(start: CommitStart): number {
    const id = this.nextId++;
    const op: CommitOp = {
      kind: "commit",
      id,
      process: start.process,
      group: start.group,
      consumer: start.consumer,
      invokeUs: start.invokeUs,
      offsets: start.offsets,
      outcome: "unknown",
    };
    if (start.generation !== undefined) op.generation = start.generation;
    return this.begin(op);
  }

  completeCommit(id: number, completion: CommitCompletion): void {
    const op = this.finish(id, "commit", completion);
    if (completion.error !== undefined) op.error = completion.error;
  }

  /** An operation starts: recorded now, in flight until completed. */
  private begin(op: SendOp | CommitOp): number {
    this.list.push(op);
    this.inFlight.set(op.id, op);
    return op.id;
  }

  /** An operation completes once, never before its call; sets completion time and outcome. */
  private finish(id: number, kind: "send" | "commit", completion: { completeUs: number; outcome: Outcome }): SendOp | CommitOp {
    const op = this.inFlightOp(id, kind);
    if (completion.completeUs < op.invokeUs) {
      throw new Error(`${kind} ${id} completes at ${completion.completeUs}us, before its call at ${op.invokeUs}us`);
    }
    this.inFlight.delete(id);
    op.completeUs = completion.completeUs;
    op.outcome = completion.outcome;
    return op;
  }

  recordAssign(assign: Omit<AssignOp, "kind">): void {
    this.list.push({ kind: "assign", ...assign });
  }

  recordReset(reset: Omit<ResetOp, "kind">): void {
    this.list.push({ kind: "reset", ...reset });
  }

  recordProcess(processed: Omit<ProcessOp, "kind">): void {
    this.list.push({ kind: "process", ...processed });
  }

  recordClientEvent(event: ClientEvent): void {
    this.list.push({ kind: event.kind, process: event.process, atUs: event.atUs });
    if (event.kind === "client-crash" || event.kind === "client-stop") {
      // A dead process never completes what it had in flight: those operations stay `unknown`.
      for (const [id, op] of [...this.inFlight]) if (op.process === event.process) this.inFlight.delete(id);
    }
  }

  /**
   * A client received (or raised) a Kafka error, retried or final: counted for `errors.<NAME>`
   * and, with the client's name, for `errors.<client>.<NAME>`.
   */
  recordErrorSeen(error: string, client?: string): void {
    this.errorsSeen.set(error, (this.errorsSeen.get(error) ?? 0) + 1);
    if (client === undefined) return;
    let errors = this.errorsSeenByClient.get(client);
    if (errors === undefined) this.errorsSeenByClient.set(client, (errors = new Map()));
    errors.set(error, (errors.get(error) ?? 0) + 1);
  }

  /** The Kafka errors each named client saw (retried attempts included). */
  errorsSeenCountsByClient(): ReadonlyMap<string, ReadonlyMap<string, number>> {
    return this.errorsSeenByClient;
  }

  /** Every Kafka error clients saw, with how often (retried attempts included). */
  errorsSeenCounts(): ReadonlyMap<string, number> {
    return this.errorsSeen;
  }

  /** Number of sends and commits not yet completed by a live process. */
  inFlightCount(): number {
    return this.inFlight.size;
  }

  /** The history so far (live; do not mutate). */
  ops(): History {
    return this.list;
  }

  private inFlightOp(id: number, kind: "send" | "commit"): SendOp | CommitOp {
    const op = this.inFlight.get(id);
    if (op === undefined || op.kind !== kind) {
      throw new Error(`complete${kind === "send" ? "Send" : "Commit"}(${id}): no ${kind} in flight with that id`);
    }
    return op;
  }
}
