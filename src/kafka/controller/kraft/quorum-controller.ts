/**
 * The quorum controller state machine (docs/kafka-rules.md §4.2). It runs on every voter; only on the
 * Raft leader, once its LeaderChange record is committed, is it *active*: it answers requests by
 * writing records, applies them to its state at once, and answers each request when its records
 * commit. Other voters replay committed records only. Losing leadership reverts the state to the
 * committed prefix and fails waiting requests with NOT_CONTROLLER.
 */
import type { Random } from "../../../sim/random.js";
import type { EventId } from "../../../sim/scheduler.js";
import { ms, type Micros } from "../../../sim/time.js";
import type { ConfigView } from "../../config-view.js";
import type { ClusterSpec } from "../../features.js";
import type { ClusterObserver } from "../../observer.js";
import type { AlterPartitionResponse, CreatePartitionsResponse, CreateTopicsResponse } from "../../protocol/control.js";
import type { BrokerHeartbeatResponse, BrokerRegistrationResponse, MetadataLogEntry, MetadataRecord } from "../../protocol/kraft.js";
import { ClusterState } from "./cluster-state.js";
import { readQuorumControllerSettings, type QuorumControllerSettings } from "./settings.js";
import type { MetadataLog } from "./metadata-log.js";
import type { RaftNode } from "./raft.js";
import type { TraceType } from "../../trace-events.js";
import { emit } from "../../explain/catalogue.js";

/** The quorum controller's answers to brokers and admin clients. */
export type ControllerResponse =
  BrokerRegistrationResponse | BrokerHeartbeatResponse | AlterPartitionResponse | CreateTopicsResponse | CreatePartitionsResponse;

export interface ControllerIo {
  readonly name: string;
  now(): Micros;
  send(to: string, message: ControllerResponse): void;
  trace(type: TraceType, fields: Record<string, unknown>): void;
  setTimer(delayUs: Micros, payload: ControllerTimer): EventId;
  cancelTimer(id: EventId): void;
}

/** The quorum controller's timers: the periodic NoOpRecord (KIP-835) and the brokers' session check. */
export type ControllerTimer = { kind: "noop" } | { kind: "session-check" };

interface Waiter {
  offset: number;
  done: (committed: boolean) => void;
}

export class QuorumControllerCore {
  state = new ClusterState();
  active = false;
  private waiters: Waiter[] = [];
  private noopTimer: EventId | null = null;
  /** Hooks for the lifecycle part (session clocks start fresh on activation). */
  onActivate: (() => void) | null = null;
  onDeactivate: (() => void) | null = null;
  /** The configs the controller reads, read once. */
  readonly settings: QuorumControllerSettings;

  constructor(
    readonly io: ControllerIo,
    readonly raft: RaftNode,
    readonly log: MetadataLog,
    readonly cluster: ClusterSpec,
    readonly config: ConfigView,
    readonly observer: ClusterObserver,
    readonly random: Random,
  ) {
    this.settings = readQuorumControllerSettings(config);
  }

  trace = (type: TraceType, fields: Record<string, unknown>): void => this.io.trace(type, fields);

  /** Active controller: append records, apply them now; returns the offset of the last one. */
  write(records: readonly MetadataRecord[]): number {
    if (!this.active) throw new Error(`${this.io.name}: write while not the active controller`);
    const base = this.raft.append(records);
    records.forEach((record, i) => this.state.apply({ offset: base + i, epoch: this.raft.epoch, record }));
    return base + records.length - 1;
  }

  /** Call `done(true)` once `offset` is committed, `done(false)` if leadership is lost first. */
  whenCommitted(offset: number, done: (committed: boolean) => void): void {
    if (offset < this.raft.highWatermark) return done(true);
    this.waiters.push({ offset, done });
  }

  /** Raft delivered newly committed entries. */
  onCommitted(entries: readonly MetadataLogEntry[]): void {
    for (const entry of entries) {
      if (entry.offset > this.state.lastOffset) this.state.apply(entry);
      if (this.raft.isLeader && (entry.record.type === "Partition" || entry.record.type === "PartitionChange")) {
        const record = entry.record;
        const context = record.type === "PartitionChange" ? { unclean: record.unclean, reason: record.reason } : { unclean: false, reason: "topic created" };
        this.observer.partitionCommitted?.(record.state, context);
      }
      if (this.raft.isLeader && (entry.record.type === "RegisterBroker" || entry.record.type === "BrokerRegistrationChange")) {
        this.observer.brokerRegistrationCommitted?.(entry.record, entry.offset);
      }
    }
    if (this.raft.isLeader && !this.active && this.raft.highWatermark > this.raft.epochStartOffset) this.activate();
    const hw = this.raft.highWatermark;
    const ready = this.waiters.filter((w) => w.offset < hw);
    this.waiters = this.waiters.filter((w) => w.offset >= hw);
    for (const waiter of ready) waiter.done(true);
  }

  private activate(): void {
    this.active = true;
    emit(this.io, "controller-active", { epoch: this.raft.epoch }, { name: this.io.name });
    this.observer.controllerLeadership?.(this.io.name, this.raft.epoch, true);
    this.scheduleNoOp();
    this.onActivate?.();
  }

  /** Raft leadership ended: revert to the committed prefix, fail waiting requests. */
  onResign(epoch: number): void {
    const wasActive = this.active;
    this.active = false;
    if (this.noopTimer !== null) this.io.cancelTimer(this.noopTimer);
    this.noopTimer = null;
    const waiters = this.waiters;
    this.waiters = [];
    this.rebuildCommitted();
    for (const waiter of waiters) waiter.done(false);
    if (wasActive) {
      this.observer.controllerLeadership?.(this.io.name, epoch, false);
      this.onDeactivate?.();
    }
  }

  /** Replay the committed prefix of the log into a fresh state. */
  rebuildCommitted(): void {
    const state = new ClusterState();
    const hw = Math.min(this.raft.highWatermark, this.log.endOffset);
    for (const entry of this.log.slice(0, hw, Number.MAX_SAFE_INTEGER)) state.apply(entry);
    this.state = state;
  }

  private scheduleNoOp(): void {
    this.noopTimer = this.io.setTimer(ms(this.settings.metadataMaxIdleIntervalMs), { kind: "noop" });
  }

  /** metadata.max.idle.interval.ms: the active controller writes a NoOp so the log keeps moving. */
  onNoOpTimer(): void {
    this.noopTimer = null;
    if (!this.active) return;
    this.write([{ type: "NoOp" }]);
    this.scheduleNoOp();
  }

  /** Controller node index for MetadataImage.controllerId (controller-2 → 2). */
  static controllerIndex(node: string | null): number {
    const match = node ? /(\d+)$/.exec(node) : null;
    return match ? Number(match[1]) : -1;
  }
}
