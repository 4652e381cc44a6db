/**
 * The controller's channels to brokers (ControllerChannelManager): one queue per live broker, one
 * request in flight at a time, re-sent after `controller.socket.timeout.ms` (30000) of silence or a
 * connection reset, until the broker answers or is removed (it died). Requests are delivered in
 * the order the controller issued them.
 */
import { ms } from "../../../sim/time.js";
import type { ControllerToBrokerRequest } from "../../protocol/controller-requests.js";
import { brokerNode } from "../../metadata/partition-state.js";

/** Kafka's controller.socket.timeout.ms default (not in the config registry). */
export const CONTROLLER_SOCKET_TIMEOUT_MS = 30000;
/** Back-off before re-sending after a connection reset (Kafka retries after 100 ms). */
const RETRY_BACKOFF_MS = 100;

export interface ChannelHost {
  now(): number;
  send(to: string, message: ControllerToBrokerRequest): void;
  disconnect(peer: string): void;
  setTimer(payload: unknown, delayUs: number): void;
}

interface Channel {
  queue: ControllerToBrokerRequest[];
  inFlight: ControllerToBrokerRequest | null;
  sentAtUs: number;
}

export class ControllerChannels {
  private readonly channels = new Map<number, Channel>();
  private nextCorrelationId = 1;
  private timerArmed = false;

  constructor(private readonly host: ChannelHost) {}

  addBroker(id: number): void {
    if (!this.channels.has(id)) this.channels.set(id, { queue: [], inFlight: null, sentAtUs: 0 });
  }

  removeBroker(id: number): void {
    this.channels.delete(id);
  }

  /** Stop everything (the controller resigned). */
  clear(): void {
    this.channels.clear();
  }

  /** Queue a request (its correlationId is assigned here). */
  enqueue(brokerId: number, request: Omit<ControllerToBrokerRequest, "correlationId">): void {
    const channel = this.channels.get(brokerId);
    if (!channel) return;
    channel.queue.push({ ...request, correlationId: this.nextCorrelationId++ } as ControllerToBrokerRequest);
    this.pump(brokerId, channel);
  }

  /** A response arrived from a broker: the next request may go. */
  answered(from: string, correlationId: number): void {
    for (const [id, channel] of this.channels) {
      if (brokerNode(id) !== from || channel.inFlight?.correlationId !== correlationId) continue;
      channel.inFlight = null;
      this.pump(id, channel);
    }
  }

  connectionReset(peer: string): void {
    for (const id of this.sortedIds()) {
      const channel = this.channels.get(id)!;
      if (brokerNode(id) === peer && channel.inFlight) channel.sentAtUs = this.host.now() - ms(CONTROLLER_SOCKET_TIMEOUT_MS) + ms(RETRY_BACKOFF_MS);
    }
    this.arm();
  }

  /** Periodic check: re-send requests that waited too long. */
  onTimer(): void {
    this.timerArmed = false;
    const now = this.host.now();
    for (const id of this.sortedIds()) {
      const channel = this.channels.get(id)!;
      if (!channel.inFlight || now - channel.sentAtUs < ms(CONTROLLER_SOCKET_TIMEOUT_MS)) continue;
      this.host.disconnect(brokerNode(id));
      this.transmit(id, channel);
    }
    this.arm();
  }

  private pump(id: number, channel: Channel): void {
    if (channel.inFlight || channel.queue.length === 0) return;
    channel.inFlight = channel.queue.shift()!;
    this.transmit(id, channel);
  }

  private transmit(id: number, channel: Channel): void {
    channel.sentAtUs = this.host.now();
    this.host.send(brokerNode(id), channel.inFlight!);
    this.arm();
  }

  private arm(): void {
    if (this.timerArmed) return;
    const busy = [...this.channels.values()].some((c) => c.inFlight);
    if (!busy) return;
    this.timerArmed = true;
    this.host.setTimer({ channel: "check" }, ms(RETRY_BACKOFF_MS) * 10);
  }

  private sortedIds(): number[] {
    return [...this.channels.keys()].sort((a, b) => a - b);
  }
}
