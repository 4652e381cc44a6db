/**
 * commitSync and commitAsync as the Java consumer does them, with their history records.
 * commitSync retries retriable errors (coordinator moved or unavailable, timeouts) every
 * retry.backoff.ms until default.api.timeout.ms; CommitFailedException (UNKNOWN_MEMBER_ID,
 * ILLEGAL_GENERATION) and RebalanceInProgressException end it at once. commitAsync never retries.
 * An attempt that got no answer may have been applied: its outcome is `unknown` unless a later
 * attempt succeeded.
 */
import type { ActorContext } from "../../sim/actor.js";
import type { Micros } from "../../sim/time.js";
import type { CommittedOffset, Outcome } from "../history.js";
import type { KafkaError } from "../protocol/errors.js";
import type { CommitResult, GroupSession } from "./group-session.js";
import type { ConsumerIdentity } from "./identity.js";
import type { ConsumerSettings } from "./settings.js";

/** An offset to commit with the leader epoch of the record before it (OffsetAndMetadata.leaderEpoch, KIP-320). */
export type OffsetToCommit = CommittedOffset & { leaderEpoch?: number };

const RETRIABLE_COMMIT_ERRORS: ReadonlySet<KafkaError> = new Set<KafkaError>([
  "COORDINATOR_NOT_AVAILABLE",
  "NOT_COORDINATOR",
  "COORDINATOR_LOAD_IN_PROGRESS",
  "REQUEST_TIMED_OUT",
  "NETWORK_EXCEPTION",
]);

export class Committer {
  constructor(
    private readonly ctx: ActorContext,
    private readonly group: GroupSession,
    private readonly settings: ConsumerSettings,
    private readonly identity: ConsumerIdentity,
  ) {}

  /** Synchronous commit: `done(ok)` once it succeeded or gave up. */
  commitSync(offsets: OffsetToCommit[], done: (ok: boolean) => void, timeoutUs?: Micros): void {
    if (offsets.length === 0) return done(true);
    const deadlineUs = this.ctx.now() + (timeoutUs ?? this.settings.defaultApiTimeoutUs);
    const id = this.start(offsets);
    let maybeApplied = false;
    const attempt = () => {
      this.group.commit(offsets, (result) => {
        if (result.error === "NONE") return this.finish(id, "ok", undefined, done);
        if (result.sent && (result.error === "REQUEST_TIMED_OUT" || result.error === "NETWORK_EXCEPTION")) maybeApplied = true;
        const backoffUs = this.settings.retryBackoffUs;
        if (RETRIABLE_COMMIT_ERRORS.has(result.error) && this.ctx.now() + backoffUs < deadlineUs) {
          this.timers(backoffUs, attempt);
          return;
        }
        this.finish(id, maybeApplied ? "unknown" : "failed", result.error, done);
      });
    };
    attempt();
  }

  /** Asynchronous commit (auto-commit, the mutant's early commit): one attempt. */
  commitAsync(offsets: OffsetToCommit[], done?: (ok: boolean) => void): void {
    if (offsets.length === 0) return;
    const id = this.start(offsets);
    this.group.commit(offsets, (result: CommitResult) => {
      const lostAnswer = result.sent && (result.error === "REQUEST_TIMED_OUT" || result.error === "NETWORK_EXCEPTION");
      const outcome: Outcome = result.error === "NONE" ? "ok" : lostAnswer ? "unknown" : "failed";
      this.finish(id, outcome, result.error === "NONE" ? undefined : result.error, done ?? (() => {}));
    });
  }

  private start(offsets: OffsetToCommit[]): number {
    const id = this.identity;
    return id.history.startCommit({
      process: id.process,
      group: id.group,
      consumer: id.name,
      invokeUs: this.ctx.now(),
      offsets: offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset })),
      generation: this.group.generation,
    });
  }

  private finish(commitId: number, outcome: Outcome, error: string | undefined, done: (ok: boolean) => void): void {
    const completion: { completeUs: number; outcome: Outcome; error?: string } = { completeUs: this.ctx.now(), outcome };
    if (error !== undefined) completion.error = error;
    this.identity.history.completeCommit(commitId, completion);
    done(outcome === "ok");
  }

  private timers(delayUs: Micros, fn: () => void): void {
    this.group.retryLater(delayUs, fn);
  }
}
