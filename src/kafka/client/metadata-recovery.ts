/**
 * Metadata recovery, shared by the producer and the consumer (KIP-899, KIP-1102): when no broker
 * the client knows is available, or when no metadata could be obtained for
 * `metadata.recovery.rebootstrap.trigger.ms`, the client forgets the brokers it learnt and starts
 * again from `bootstrap.servers` (`metadata.recovery.strategy=rebootstrap`, the default since Kafka
 * 4.0; `none` keeps retrying the known brokers).
 *
 * Reference: NetworkClient.DefaultMetadataUpdater.maybeUpdate ("Rebootstrap if needed and
 * configured": `!leastLoadedNode.hasNodeAvailableOrConnectionReady()`), NetworkClient
 * `handleRebootstrap` / `needsRebootstrap` (`metadataAttemptStartMs`: set when an update is first
 * attempted, cleared by a successful Metadata response), Metadata.rebootstrap, CommonClientConfigs
 * METADATA_RECOVERY_STRATEGY_DOC and METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS_DOC.
 */
import { ms, type Micros } from "../../sim/time.js";
import type { MetadataRecoverySettings } from "./settings.js";

/** Why the client rebootstraps. */
export type RebootstrapReason = "no-broker-available" | "trigger-elapsed";

export class MetadataRecovery {
  /** `metadataAttemptStartMs`: when the client started trying to get metadata (undefined: it has it). */
  private attemptStartUs: Micros | undefined;

  constructor(readonly settings: MetadataRecoverySettings) {}

  /** A metadata update is due and is being attempted (DefaultMetadataUpdater.maybeUpdate). */
  attempting(nowUs: Micros): void {
    if (this.attemptStartUs === undefined) this.attemptStartUs = nowUs;
  }

  /** A Metadata response updated the cache. */
  succeeded(): void {
    this.attemptStartUs = undefined;
  }

  /** When the trigger elapses (undefined when no attempt is under way or the strategy is `none`). */
  triggerAtUs(): Micros | undefined {
    if (this.settings.strategy !== "rebootstrap" || this.attemptStartUs === undefined) return undefined;
    return this.attemptStartUs + ms(this.settings.rebootstrapTriggerMs) + 1;
  }

  /** NetworkClient.needsRebootstrap: metadata could not be obtained for the trigger interval. */
  triggerElapsed(nowUs: Micros): boolean {
    const at = this.triggerAtUs();
    return at !== undefined && nowUs >= at;
  }

  /**
   * Whether a due update must rebootstrap first: every broker the client knows is unavailable
   * (KIP-899), or the trigger interval has passed (KIP-1102). `unavailable(node)` says whether a
   * known broker can neither take a request nor be connected to now (reconnect backoff).
   */
  shouldRebootstrap(nowUs: Micros, known: readonly string[], unavailable: (node: string) => boolean): RebootstrapReason | undefined {
    if (this.settings.strategy !== "rebootstrap") return undefined;
    if (this.triggerElapsed(nowUs)) return "trigger-elapsed";
    if (known.length > 0 && known.every(unavailable)) return "no-broker-available";
    return undefined;
  }

  /** The client rebootstrapped (DefaultMetadataUpdater.rebootstrap: the attempt restarts now). */
  rebootstrapped(nowUs: Micros): void {
    this.attemptStartUs = nowUs;
  }
}
