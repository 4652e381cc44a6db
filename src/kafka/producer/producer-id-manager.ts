/**
 * The broker's producer-id manager: answers InitProducerId for idempotent producers with a
 * producer id that is unique in the cluster and never repeats across restarts.
 *
 * Kafka allocates ids in blocks from the controller (KRaft) or ZooKeeper; the simulator gives each
 * broker its own id range instead: `brokerId × 1,000,000 + n`, where the counter `n` lives in a
 * checkpoint file written with fsync before the id is handed out, so neither a crash nor a power
 * loss can make the broker give the same id twice. The epoch of a fresh producer id is 0.
 */
import type { Message } from "../../sim/actor.js";
import type { CheckpointFile } from "../../sim/disk.js";
import type { BrokerComponent, BrokerServices } from "../broker/services.js";
import type { InitProducerIdRequest, InitProducerIdResponse } from "./protocol.js";
import { dispatch, handledTypes, type HandlerTable } from "../../sim/handlers.js";
import { emit } from "../explain/catalogue.js";

/** Size of each broker's producer-id range. */
export const PRODUCER_IDS_PER_BROKER = 1_000_000;

/** Name of the checkpoint file holding the next counter value. */
export const PRODUCER_ID_CHECKPOINT = "producer-id-manager/next-id";

interface Checkpoint {
  next: number;
}

class ProducerIdManager implements BrokerComponent {
  readonly name = "producer-id-manager";
  private readonly handlers: HandlerTable<InitProducerIdRequest> = { InitProducerId: (from, request) => this.initProducerId(from, request) };
  readonly handles = handledTypes(this.handlers);
  private readonly file: CheckpointFile<Checkpoint>;
  private next = 0;

  constructor(private readonly services: BrokerServices) {
    this.file = services.ctx.disk.checkpoint<Checkpoint>(PRODUCER_ID_CHECKPOINT);
  }

  start(): void {
    this.next = this.file.read()?.next ?? 0;
  }

  onMessage(from: string, message: Message): void {
    dispatch(this.handlers, from, message);
  }

  private initProducerId(from: string, request: InitProducerIdRequest): void {
    const { ctx, brokerId } = this.services;
    const producerId = brokerId * PRODUCER_IDS_PER_BROKER + this.next;
    this.next++;
    this.file.write({ next: this.next }, ctx.now(), true);
    emit(ctx, "producer-id-allocated", { producer: from, producerId, producerEpoch: 0 });
    const response: InitProducerIdResponse = {
      type: "InitProducerIdResponse",
      correlationId: request.correlationId,
      error: "NONE",
      producerId,
      producerEpoch: 0,
    };
    ctx.send(from, response);
  }

  onTimer(): void {}
}

/** Builds the broker component that handles `InitProducerId`. */
export function createProducerIdManager(services: BrokerServices): BrokerComponent {
  return new ProducerIdManager(services);
}
