/**
 * Broker → controller requests in ZooKeeper mode (BrokerToControllerChannelManager): AlterPartition
 * and ControlledShutdown go to the controller named by the latest UpdateMetadata, and are sent again
 * until answered (with something else than NOT_CONTROLLER) or abandoned.
 *
 * The requests on the wire go through the shared request tracker (client/in-flight-requests.ts),
 * as Kafka's go through the channel's `NetworkClient`: `controller.socket.timeout.ms` without an
 * answer closes the connection and fails every request in flight on it; they are sent again at
 * once, to the controller of the latest metadata. The other requests wait in the queue
 * (NodeToControllerRequestThread's request queue) at least `retry.backoff.ms`: those sent while no
 * controller is known, answered NOT_CONTROLLER, or lost to a connection reset. The queue is looked
 * at every 500 ms while any request is pending (the client's check cadence, kept as it was; Kafka's
 * thread waits only `retry.backoff.ms` when no controller is known). A new controller named by
 * UpdateMetadata gets at once what is pending for another node. A request keeps its correlation id
 * across sends (a new connection epoch never delivers an answer of the old one).
 */
import type { Message } from "../../../sim/actor.js";
import type { EventId } from "../../../sim/scheduler.js";
import { ms } from "../../../sim/time.js";
import { hostRequestIo, InFlightRequests, type InFlightRequest, type TimerHost } from "../../client/in-flight-requests.js";
import { brokerNode } from "../../metadata/partition-state.js";
import type { AlterPartitionResponse } from "../../protocol/control.js";
import type { ControlledShutdownResponse } from "../../protocol/controller-requests.js";
import { CONTROLLER_SOCKET_TIMEOUT_MS } from "./controller-channel.js";

/** Wait before retrying when no controller is known or it refused (Kafka's retry.backoff.ms = 100). */
const RETRY_BACKOFF_MS = 100;

/** The controller's answers to a broker's requests. */
export type ControllerClientResponse = AlterPartitionResponse | ControlledShutdownResponse;

/** A request to the controller, from `send` until it is answered or abandoned. */
interface Pending {
  readonly request: Message & { readonly correlationId: number };
  readonly onResponse: (response: ControllerClientResponse) => void;
  /** Not sent again after a request timeout: its sender has its own deadline (a controlled-shutdown attempt). */
  readonly giveUpOnTimeout: boolean;
}

/** A request in the queue, since when. */
interface Queued {
  readonly pending: Pending;
  readonly sinceUs: number;
}

/** How often the queue is looked at while requests are pending. */
const CHECK_INTERVAL_MS = 500;

/** The client's timers: a request's timeout on the wire, or the next look at the queue. */
export type ControllerClientTimer = { kind: "request-timeout"; correlationId: number } | { kind: "check" };

export interface ControllerClientHost extends TimerHost<Message, ControllerClientTimer> {
  controllerNode(): string | null;
}

export class ControllerClient {
  /** Requests on the wire (the channel's NetworkClient). */
  private readonly inFlight: InFlightRequests<Pending, EventId>;
  /** Requests waiting to be sent again, by correlation id. */
  private readonly queue = new Map<number, Queued>();
  private checkArmed = false;

  constructor(private readonly host: ControllerClientHost) {
    this.inFlight = new InFlightRequests(hostRequestIo(host, (correlationId): ControllerClientTimer => ({ kind: "request-timeout", correlationId })));
  }

  correlationId(): number {
    return this.inFlight.newCorrelationId();
  }

  /**
   * Send to the controller and keep retrying; `onResponse` gets the first answer that is not
   * NOT_CONTROLLER. With `giveUpOnTimeout` a request timeout drops the request instead.
   */
  send(request: Message & { correlationId: number }, onResponse: Pending["onResponse"], options: { giveUpOnTimeout?: boolean } = {}): void {
    this.transmit({ request, onResponse, giveUpOnTimeout: options.giveUpOnTimeout ?? false });
  }

  /** Forget a request: an answer to it is ignored, and it is not sent again. */
  abandon(correlationId: number): void {
    this.inFlight.complete(correlationId);
    this.dequeue(correlationId);
  }

  /** An answer from `from`; false when it answers no request in flight to that node. */
  onResponse(from: string, response: ControllerClientResponse): boolean {
    const request = this.inFlight.complete(response.correlationId, from);
    if (!request) return false;
    if (response.error === "NOT_CONTROLLER") this.enqueue(request.data);
    else request.data.onResponse(response);
    return true;
  }

  /** The controller changed (UpdateMetadata from a new controller): what is pending for another node goes to it now. */
  controllerChanged(): void {
    const controller = this.host.controllerNode();
    const ids = [...this.queue.keys()];
    this.inFlight.some((r) => {
      if (r.node !== controller) ids.push(r.correlationId);
      return false;
    });
    for (const id of ids.sort((a, b) => a - b)) {
      const pending = this.inFlight.complete(id)?.data ?? this.dequeue(id);
      if (pending) this.transmit(pending);
    }
  }

  /** The connection to `peer` is reset: its requests wait out the backoff in the queue, oldest first. */
  connectionReset(peer: string): void {
    for (const request of this.inFlight.failNode(peer)) this.enqueue(request.data);
  }

  onTimer(timer: ControllerClientTimer): void {
    if (timer.kind === "check") return this.check();
    // NetworkClient.handleTimedOutRequests: the connection is closed, and every request on it
    // fails with the timed-out one; each is sent again at once (unless its sender gives up).
    const expired = this.inFlight.expire(timer.correlationId);
    if (!expired) return;
    const failed: InFlightRequest<Pending>[] = [expired, ...this.inFlight.failNode(expired.node)];
    for (const request of failed) if (!request.data.giveUpOnTimeout) this.transmit(request.data);
  }

  /** Queued requests whose backoff has passed are sent, oldest first. */
  private check(): void {
    this.checkArmed = false;
    const now = this.host.now();
    for (const id of [...this.queue.keys()].sort((a, b) => a - b)) {
      if (now - this.queue.get(id)!.sinceUs < ms(RETRY_BACKOFF_MS)) continue;
      this.transmit(this.dequeue(id)!);
    }
    this.armCheck();
  }

  /** To the current controller, or into the queue when none is known. */
  private transmit(pending: Pending): void {
    const controller = this.host.controllerNode();
    if (controller === null) return this.enqueue(pending);
    this.inFlight.send(controller, pending.request, pending, ms(CONTROLLER_SOCKET_TIMEOUT_MS));
    this.armCheck();
  }

  private enqueue(pending: Pending): void {
    this.queue.set(pending.request.correlationId, { pending, sinceUs: this.host.now() });
    this.armCheck();
  }

  private dequeue(correlationId: number): Pending | undefined {
    const queued = this.queue.get(correlationId);
    this.queue.delete(correlationId);
    return queued?.pending;
  }

  private armCheck(): void {
    if (this.checkArmed || (this.queue.size === 0 && this.inFlight.size === 0)) return;
    this.checkArmed = true;
    this.host.setTimer({ kind: "check" }, ms(CHECK_INTERVAL_MS));
  }
}

/** The controller's node name from the metadata cache's controller id. */
export const controllerNodeOf = (controllerId: number): string | null => (controllerId >= 0 ? brokerNode(controllerId) : null);
