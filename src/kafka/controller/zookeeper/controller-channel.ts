/**
 * The controller's channels to brokers (ControllerChannelManager): one queue per live broker, one
 * request in flight at a time, in the order the controller issued them, until the broker answers
 * or is removed (it died). Each channel's requests go through the shared request tracker
 * (client/in-flight-requests.ts), as Kafka's `RequestSendThread` goes through its `NetworkClient`
 * (request timeout `controller.socket.timeout.ms`): a request unanswered for 30000 ms closes the
 * connection, and a failed send (timeout or connection reset) is sent again, to a new connection,
 * after the thread's 100 ms back-off.
 */
import type { EventId } from "../../../sim/scheduler.js";
import { ms } from "../../../sim/time.js";
import { hostRequestIo, InFlightRequests, type TimerHost } from "../../client/in-flight-requests.js";
import type { ControllerToBrokerRequest } from "../../protocol/controller-requests.js";
import { brokerNode } from "../../metadata/partition-state.js";

/** Kafka's controller.socket.timeout.ms default (not in the config registry). */
export const CONTROLLER_SOCKET_TIMEOUT_MS = 30000;
/** `RequestSendThread`'s back-off before sending again after a failed send (100 ms). */
const RETRY_BACKOFF_MS = 100;

/** The channels' timers: a request's timeout on the wire, or the end of a channel's back-off. */
export type ControllerChannelTimer =
  { readonly kind: "request-timeout"; readonly correlationId: number } | { readonly kind: "backoff"; readonly brokerId: number };

export type ChannelHost = TimerHost<ControllerToBrokerRequest, ControllerChannelTimer>;

interface Channel {
  readonly queue: ControllerToBrokerRequest[];
  inFlight: ControllerToBrokerRequest | null;
  /** The back-off timer while the request in flight waits to be sent again. */
  backoff: EventId | null;
}

export class ControllerChannels {
  private readonly channels = new Map<number, Channel>();
  /** Requests on the wire, with the broker id they go to. */
  private readonly requests: InFlightRequests<number, EventId, ControllerToBrokerRequest>;

  constructor(private readonly host: ChannelHost) {
    this.requests = new InFlightRequests(hostRequestIo(host, (correlationId): ControllerChannelTimer => ({ kind: "request-timeout", correlationId })));
  }

  addBroker(id: number): void {
    if (!this.channels.has(id)) this.channels.set(id, { queue: [], inFlight: null, backoff: null });
  }

  removeBroker(id: number): void {
    const channel = this.channels.get(id);
    if (!channel) return;
    if (channel.inFlight) this.requests.complete(channel.inFlight.correlationId);
    if (channel.backoff !== null) this.host.cancelTimer(channel.backoff);
    this.channels.delete(id);
  }

  /** Stop everything (the controller resigned). */
  clear(): void {
    for (const id of this.sortedIds()) this.removeBroker(id);
  }

  /** Queue a request (its correlationId is assigned here). */
  enqueue(brokerId: number, request: Omit<ControllerToBrokerRequest, "correlationId">): void {
    const channel = this.channels.get(brokerId);
    if (!channel) return;
    channel.queue.push({ ...request, correlationId: this.requests.newCorrelationId() } as ControllerToBrokerRequest);
    this.pump(brokerId, channel);
  }

  /** A response arrived from a broker: the next request may go. */
  answered(from: string, correlationId: number): void {
    const request = this.requests.complete(correlationId, from);
    if (!request) return;
    const channel = this.channels.get(request.data);
    if (!channel || channel.inFlight?.correlationId !== correlationId) return;
    channel.inFlight = null;
    this.pump(request.data, channel);
  }

  /** The connection to `peer` was reset: its request is sent again after the back-off. */
  connectionReset(peer: string): void {
    for (const request of this.requests.failNode(peer)) this.retryLater(request.data);
  }

  onTimer(timer: ControllerChannelTimer): void {
    if (timer.kind === "backoff") {
      const channel = this.channels.get(timer.brokerId);
      if (!channel) return;
      channel.backoff = null;
      if (channel.inFlight) this.transmit(timer.brokerId, channel);
      return;
    }
    // NetworkClient.handleTimedOutRequests: the connection is closed (by the tracker) and the
    // thread sends the request again after its back-off. A channel has one request in flight, so
    // no other request was lost with the connection.
    const expired = this.requests.expire(timer.correlationId);
    if (expired) this.retryLater(expired.data);
  }

  private retryLater(brokerId: number): void {
    const channel = this.channels.get(brokerId);
    if (!channel?.inFlight || channel.backoff !== null) return;
    channel.backoff = this.host.setTimer({ kind: "backoff", brokerId }, ms(RETRY_BACKOFF_MS));
  }

  private pump(id: number, channel: Channel): void {
    if (channel.inFlight || channel.queue.length === 0) return;
    channel.inFlight = channel.queue.shift()!;
    this.transmit(id, channel);
  }

  private transmit(id: number, channel: Channel): void {
    this.requests.send(brokerNode(id), channel.inFlight!, id, ms(CONTROLLER_SOCKET_TIMEOUT_MS));
  }

  private sortedIds(): number[] {
    return [...this.channels.keys()].sort((a, b) => a - b);
  }
}
