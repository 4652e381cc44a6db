/**
 * KIP-631 broker lifecycle on the active controller (docs/kafka-rules.md §4.2): registration (broker
 * epoch = offset of its RegisterBroker record), heartbeats, fencing after
 * `broker.session.timeout.ms` without one, unfencing once caught up, controlled shutdown, and the
 * unclean-restart handling of KIP-966 / KAFKA-18106.
 *
 * Heartbeat times are soft state of the active controller: a new active controller starts every
 * registered broker's clock afresh, so fencing after a failover can take longer.
 */
import type { EventId } from "../../../sim/scheduler.js";
import { ms, type Micros } from "../../../sim/time.js";
import type {
  BrokerHeartbeatRequest,
  BrokerHeartbeatResponse,
  BrokerRegistrationChangeRecord,
  BrokerRegistrationRequest,
  BrokerRegistrationResponse,
  MetadataRecord,
} from "../../protocol/kraft.js";
import type { BrokerRegistration } from "./cluster-state.js";
import { leaderAndIsrUpdates, leaderlessPartitions, partitionsWithBroker } from "./partition-updates.js";
import type { QuorumControllerCore } from "./quorum-controller.js";
import { emit } from "../../explain/catalogue.js";

export class BrokerLifecycle {
  private readonly lastContactUs = new Map<number, Micros>();
  private sessionTimer: EventId | null = null;

  constructor(private readonly core: QuorumControllerCore) {
    core.onActivate = () => {
      // Soft state: every registered broker's session clock starts now.
      for (const broker of core.state.sortedBrokers()) this.lastContactUs.set(broker.id, core.io.now());
      this.scheduleSessionCheck();
    };
    core.onDeactivate = () => {
      this.lastContactUs.clear();
      if (this.sessionTimer !== null) core.io.cancelTimer(this.sessionTimer);
      this.sessionTimer = null;
    };
  }

  private get sessionTimeoutUs(): Micros {
    return ms(this.core.settings.brokerSessionTimeoutMs);
  }

  /**
   * BrokerHeartbeatManager.hasValidSession: a fenced broker never has a valid session, so a new
   * incarnation may register at once; an unfenced one has while its last heartbeat is within
   * `broker.session.timeout.ms`.
   */
  private hasValidSession(broker: BrokerRegistration): boolean {
    if (broker.fenced) return false;
    const last = this.lastContactUs.get(broker.id);
    if (last === undefined) return false;
    return this.core.io.now() - last < this.sessionTimeoutUs;
  }

  handleRegistration(from: string, request: BrokerRegistrationRequest): void {
    const core = this.core;
    const reply = (error: BrokerRegistrationResponse["error"], brokerEpoch: number): void =>
      core.io.send(from, {
        type: "BrokerRegistrationResponse",
        correlationId: request.correlationId,
        error,
        brokerEpoch,
        leader: core.raft.leader,
      } satisfies BrokerRegistrationResponse);
    if (!core.active) return reply("NOT_CONTROLLER", -1);
    const existing = core.state.brokers.get(request.brokerId);
    if (existing && existing.incarnationId === request.incarnationId) {
      return core.whenCommitted(existing.epoch, (ok) => reply(ok ? "NONE" : "NOT_CONTROLLER", ok ? existing.epoch : -1));
    }
    if (existing && this.hasValidSession(existing)) {
      emit(
        core,
        "registration-rejected",
        { broker: request.brokerId, error: "DUPLICATE_BROKER_REGISTRATION" },
        { previousEpoch: existing.epoch, brokerSessionTimeoutMs: this.core.settings.brokerSessionTimeoutMs },
      );
      return reply("DUPLICATE_BROKER_REGISTRATION", -1);
    }
    const brokerEpoch = core.raft.nextOffset();
    const records: MetadataRecord[] = [
      { type: "RegisterBroker", brokerId: request.brokerId, node: request.node, incarnationId: request.incarnationId, brokerEpoch },
    ];
    const unclean = existing !== undefined && request.previousBrokerEpoch !== existing.epoch;
    const offset = core.write(records);
    emit(core, "broker-registered", { broker: request.brokerId, brokerEpoch, unclean }, { mode: "kraft", previousEpoch: existing?.epoch });
    let last = offset;
    if (unclean) {
      const updates = leaderAndIsrUpdates(
        core.state,
        core.cluster,
        core.config,
        partitionsWithBroker(core.state, request.brokerId, true),
        { uncleanBroker: request.brokerId, reason: `broker ${request.brokerId} restarted after an unclean shutdown` },
        core.trace,
      );
      if (updates.length > 0) last = core.write(updates);
    }
    this.lastContactUs.set(request.brokerId, core.io.now());
    this.scheduleSessionCheck();
    core.whenCommitted(last, (ok) => reply(ok ? "NONE" : "NOT_CONTROLLER", ok ? brokerEpoch : -1));
  }

  handleHeartbeat(from: string, request: BrokerHeartbeatRequest): void {
    const core = this.core;
    const reply = (error: BrokerHeartbeatResponse["error"]): void => {
      const broker = core.state.brokers.get(request.brokerId);
      // Whether the broker still leads a partition is asked only of a broker in controlled shutdown
      // (a scan of every partition; no order needed), not on every heartbeat of every broker.
      const shouldShutdown =
        error === "NONE" && request.wantShutdown && broker !== undefined && broker.inControlledShutdown && !core.state.leadsAnyPartition(request.brokerId);
      core.io.send(from, {
        type: "BrokerHeartbeatResponse",
        correlationId: request.correlationId,
        error,
        isCaughtUp: broker !== undefined && request.currentMetadataOffset >= broker.epoch,
        isFenced: broker?.fenced ?? true,
        shouldShutdown,
        leader: core.raft.leader,
      } satisfies BrokerHeartbeatResponse);
    };
    if (!core.active) return reply("NOT_CONTROLLER");
    const broker = core.state.brokers.get(request.brokerId);
    if (!broker) return reply("BROKER_ID_NOT_REGISTERED");
    if (broker.epoch !== request.brokerEpoch) return reply("STALE_BROKER_EPOCH");
    if (!broker.inControlledShutdown) this.lastContactUs.set(broker.id, core.io.now());
    let last = -1;
    if (request.wantShutdown && !broker.inControlledShutdown) {
      last = this.enterControlledShutdown(broker);
    } else if (broker.fenced && !request.wantFence && !request.wantShutdown && request.currentMetadataOffset >= broker.epoch) {
      last = this.unfence(broker);
    }
    if (last < 0) return reply("NONE");
    core.whenCommitted(last, (ok) => reply(ok ? "NONE" : "NOT_CONTROLLER"));
  }

  private registrationChange(
    broker: BrokerRegistration,
    change: Omit<BrokerRegistrationChangeRecord, "type" | "brokerId" | "brokerEpoch">,
  ): BrokerRegistrationChangeRecord {
    return { type: "BrokerRegistrationChange", brokerId: broker.id, brokerEpoch: broker.epoch, ...change };
  }

  private unfence(broker: BrokerRegistration): number {
    const core = this.core;
    emit(core, "broker-unfenced", { broker: broker.id, brokerEpoch: broker.epoch });
    const updates = leaderAndIsrUpdates(
      core.state,
      core.cluster,
      core.config,
      leaderlessPartitions(core.state),
      { add: broker.id, reason: `broker ${broker.id} unfenced` },
      core.trace,
    );
    return core.write([this.registrationChange(broker, { fenced: false, reason: "caught-up" }), ...updates]);
  }

  /**
   * Controlled shutdown: move leaderships away and leave every ISR; in the same batch the broker is
   * fenced and its session dropped, so it may stop (shouldShutdown) and register again at once.
   */
  private enterControlledShutdown(broker: BrokerRegistration): number {
    const core = this.core;
    emit(core, "controlled-shutdown-requested", { broker: broker.id });
    const updates = leaderAndIsrUpdates(
      core.state,
      core.cluster,
      core.config,
      partitionsWithBroker(core.state, broker.id, false),
      { remove: broker.id, reason: `broker ${broker.id} is shutting down` },
      core.trace,
    );
    emit(core, "broker-fenced", { broker: broker.id, brokerEpoch: broker.epoch });
    this.lastContactUs.delete(broker.id);
    return core.write([this.registrationChange(broker, { inControlledShutdown: true, fenced: true, reason: "controlled-shutdown" }), ...updates]);
  }

  /** Fence every unfenced broker whose session expired; re-arm the check. */
  onSessionCheck(): void {
    this.sessionTimer = null;
    const core = this.core;
    if (!core.active) return;
    const now = core.io.now();
    const timeoutMs = this.core.settings.brokerSessionTimeoutMs;
    for (const broker of core.state.sortedBrokers()) {
      if (broker.fenced) continue;
      const last = this.lastContactUs.get(broker.id) ?? now;
      if (now - last < this.sessionTimeoutUs) continue;
      emit(core, "broker-fenced", { broker: broker.id, brokerEpoch: broker.epoch }, { brokerSessionTimeoutMs: timeoutMs });
      const updates = leaderAndIsrUpdates(
        core.state,
        core.cluster,
        core.config,
        partitionsWithBroker(core.state, broker.id, false),
        { remove: broker.id, reason: `broker ${broker.id} fenced` },
        core.trace,
      );
      core.write([this.registrationChange(broker, { fenced: true, reason: "session-expired" }), ...updates]);
    }
    this.scheduleSessionCheck();
  }

  private scheduleSessionCheck(): void {
    const core = this.core;
    if (!core.active) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const broker of core.state.sortedBrokers()) {
      if (broker.fenced) continue;
      const last = this.lastContactUs.get(broker.id);
      if (last !== undefined) earliest = Math.min(earliest, last + this.sessionTimeoutUs);
    }
    if (this.sessionTimer !== null) core.io.cancelTimer(this.sessionTimer);
    this.sessionTimer = null;
    if (!Number.isFinite(earliest)) {
      // Nobody unfenced yet: look again after one heartbeat interval.
      this.sessionTimer = core.io.setTimer(ms(this.core.settings.brokerHeartbeatIntervalMs), { kind: "session-check" });
      return;
    }
    this.sessionTimer = core.io.setTimer(Math.max(0, earliest - core.io.now()), { kind: "session-check" });
  }
}
