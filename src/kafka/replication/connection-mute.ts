/**
 * One request per client connection at a time, as Kafka's `SocketServer` handles them: once a
 * request is read from a connection the `Processor` mutes the channel
 * (`processCompletedReceives`: `selector.mute`, ChannelMuteEvent.REQUEST_RECEIVED) and unmutes it
 * only when the response has been sent (ChannelMuteEvent.RESPONSE_SENT, or a NoOpResponse for
 * acks=0). Requests a client pipelines behind it wait, unread, in the socket: a Produce request
 * parked in the purgatory (acks=all) holds back every later request of that connection, so a
 * broker answers a connection's requests in the order they were sent (which the Java client's
 * `NetworkClient` relies on). When the client opens a new connection, the old one is closed and
 * what waited on it is gone; the new connection is not held back by a request of the old one.
 *
 * A connection is named by the client (`ProduceRequest.connectionId`, Kafka's
 * `RequestContext.connectionId`); in the simulator a message of a closed connection never arrives
 * after one of its successor, so a new name means a new connection.
 */
interface ConnectionState<T> {
  connectionId: string;
  /** A request of this connection is being handled (its response is not sent yet). */
  busy: boolean;
  waiting: T[];
}

export class ConnectionMute<T> {
  private readonly clients = new Map<string, ConnectionState<T>>();

  /** A request arrived: true when it may be handled now, false when it waits behind another. */
  admit(client: string, connectionId: string, request: T): boolean {
    const state = this.clients.get(client);
    if (!state || state.connectionId !== connectionId) {
      this.clients.set(client, { connectionId, busy: true, waiting: [] });
      return true;
    }
    if (state.busy) {
      state.waiting.push(request);
      return false;
    }
    state.busy = true;
    return true;
  }

  /** The response to the connection's current request was sent: the next request to handle, if any. */
  responseSent(client: string, connectionId: string): T | undefined {
    const state = this.clients.get(client);
    if (!state || state.connectionId !== connectionId) return undefined;
    const next = state.waiting.shift();
    if (next === undefined) state.busy = false;
    return next;
  }

  /** True when requests of this connection wait behind its current one. */
  hasWaiting(client: string, connectionId: string): boolean {
    const state = this.clients.get(client);
    return state !== undefined && state.connectionId === connectionId && state.waiting.length > 0;
  }

  /** The client's connection was reset (its process died): what waited on it is dropped. */
  reset(client: string): void {
    this.clients.delete(client);
  }

  /** Requests waiting behind another, over all connections (tests). */
  get waiting(): number {
    let n = 0;
    for (const state of this.clients.values()) n += state.waiting.length;
    return n;
  }
}
