/**
 * Broker → controller requests in ZooKeeper mode (BrokerToControllerChannelManager): AlterPartition
 * and ControlledShutdown go to the controller named by the latest UpdateMetadata. A request is
 * re-sent to the (possibly new) controller after NOT_CONTROLLER, a connection reset, or
 * `controller.socket.timeout.ms` without an answer, until it is answered or abandoned.
 */
import type { Message } from "../../../sim/actor.js";
import { ms } from "../../../sim/time.js";
import { brokerNode } from "../../metadata/partition-state.js";
import type { AlterPartitionResponse } from "../../protocol/control.js";
import type { ControlledShutdownResponse } from "../../protocol/controller-requests.js";
import { CONTROLLER_SOCKET_TIMEOUT_MS } from "./controller-channel.js";

/** Wait before retrying when no controller is known or it refused (Kafka's retry.backoff.ms = 100). */
const RETRY_BACKOFF_MS = 100;

/** The controller's answers to a broker's requests. */
export type ControllerClientResponse = AlterPartitionResponse | ControlledShutdownResponse;

interface Outstanding {
  request: Message & { correlationId: number };
  onResponse: (response: ControllerClientResponse) => void;
  target: string | null;
  sentAtUs: number;
}

export interface ControllerClientHost {
  now(): number;
  controllerNode(): string | null;
  send(to: string, message: Message): void;
  disconnect(peer: string): void;
  setTimer(payload: unknown, delayUs: number): void;
}

export class ControllerClient {
  private readonly outstanding = new Map<number, Outstanding>();
  private nextCorrelationId = 1;
  private timerArmed = false;

  constructor(private readonly host: ControllerClientHost) {}

  correlationId(): number {
    return this.nextCorrelationId++;
  }

  /** Send to the controller and keep retrying; `onResponse` gets the first answer that is not NOT_CONTROLLER. */
  send(request: Message & { correlationId: number }, onResponse: Outstanding["onResponse"]): void {
    const entry: Outstanding = { request, onResponse, target: null, sentAtUs: 0 };
    this.outstanding.set(request.correlationId, entry);
    this.transmit(entry);
  }

  abandon(correlationId: number): void {
    this.outstanding.delete(correlationId);
  }

  onResponse(from: string, response: ControllerClientResponse): boolean {
    const entry = this.outstanding.get(response.correlationId);
    if (!entry || entry.target !== from) return false;
    if (response.error === "NOT_CONTROLLER") {
      entry.target = null;
      entry.sentAtUs = this.host.now();
      this.arm();
      return true;
    }
    this.outstanding.delete(response.correlationId);
    entry.onResponse(response);
    return true;
  }

  /** The controller changed (UpdateMetadata from a new controller): re-send what is pending. */
  controllerChanged(): void {
    for (const id of this.sortedIds()) {
      const entry = this.outstanding.get(id)!;
      if (entry.target !== this.host.controllerNode()) this.transmit(entry);
    }
  }

  connectionReset(peer: string): void {
    for (const id of this.sortedIds()) {
      const entry = this.outstanding.get(id)!;
      if (entry.target === peer) {
        entry.target = null;
        entry.sentAtUs = this.host.now();
      }
    }
    this.arm();
  }

  onTimer(): void {
    this.timerArmed = false;
    const now = this.host.now();
    for (const id of this.sortedIds()) {
      const entry = this.outstanding.get(id)!;
      const waitUs = entry.target === null ? ms(RETRY_BACKOFF_MS) : ms(CONTROLLER_SOCKET_TIMEOUT_MS);
      if (now - entry.sentAtUs < waitUs) continue;
      if (entry.target) this.host.disconnect(entry.target);
      this.transmit(entry);
    }
    this.arm();
  }

  private transmit(entry: Outstanding): void {
    entry.target = this.host.controllerNode();
    entry.sentAtUs = this.host.now();
    if (entry.target) this.host.send(entry.target, entry.request);
    this.arm();
  }

  private arm(): void {
    if (this.timerArmed || this.outstanding.size === 0) return;
    this.timerArmed = true;
    this.host.setTimer({ controllerClient: "check" }, ms(RETRY_BACKOFF_MS) * 5);
  }

  private sortedIds(): number[] {
    return [...this.outstanding.keys()].sort((a, b) => a - b);
  }
}

/** The controller's node name from the metadata cache's controller id. */
export const controllerNodeOf = (controllerId: number): string | null => (controllerId >= 0 ? brokerNode(controllerId) : null);
