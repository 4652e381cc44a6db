/**
 * The broker side of the in-test controller stand-in: a BrokerComponent implementing
 * ControllerAgentApi. At start it registers (getting a fresh broker epoch); it applies pushed
 * partition states to the metadata image and the replica manager, and forwards AlterPartition.
 */
import type { Message } from "../../../../src/sim/actor.js";
import type { BrokerComponent, BrokerServices, ControllerAgentApi } from "../../../../src/kafka/broker/services.js";
import { brokerNode, type PartitionState } from "../../../../src/kafka/metadata/partition-state.js";
import type { AlterPartitionRequest, AlterPartitionResponse } from "../../../../src/kafka/protocol/control.js";
import type { FakeController } from "./fake-controller.js";

export class FakeControllerAgent implements BrokerComponent, ControllerAgentApi {
  readonly name = "controller-agent";
  readonly handles: readonly string[] = [];
  private epoch = -1;
  private readonly incarnation: number;

  constructor(
    readonly services: BrokerServices,
    private readonly controller: FakeController,
  ) {
    this.incarnation = services.ctx.incarnation;
  }

  start(): void {
    this.epoch = this.controller.register(this.services.brokerId, this);
    this.refreshMetadata();
  }

  onMessage(_from: string, _message: Message): void {}

  onTimer(_payload: unknown): void {}

  brokerEpoch(): number {
    return this.epoch;
  }

  sendAlterPartition(request: AlterPartitionRequest): void {
    if (!this.live()) return;
    this.controller.alterPartition(request, this);
  }

  beginControlledShutdown(done: () => void): void {
    done();
  }

  /** Controller → broker: a partition's new state (ignored by a dead incarnation). */
  deliverPartitionState(state: PartitionState): void {
    if (!this.live()) return;
    this.refreshMetadata();
    this.services.metadata.setPartition(state);
    this.services.replicaManager().applyPartitionState(state);
  }

  deliverAlterPartitionResponse(response: AlterPartitionResponse): void {
    if (!this.live()) return;
    this.services.replicaManager().handleAlterPartitionResponse(response);
  }

  /** Is this agent's broker incarnation still the running one? */
  live(): boolean {
    const host = this.controller.world.host(this.services.ctx.name);
    return host !== undefined && host.status === "running" && host.incarnation === this.incarnation;
  }

  /** Copy the controller's broker and topic registry into this broker's metadata image. */
  refreshMetadata(): void {
    if (!this.live()) return;
    const image = this.services.metadata;
    for (const [id, record] of [...this.controller.brokers.entries()].sort((a, b) => a[0] - b[0])) {
      image.brokers.set(id, { id, node: brokerNode(id), brokerEpoch: record.epoch, fenced: !record.alive, inControlledShutdown: false });
    }
    for (const topic of [...this.controller.topics.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      image.topics.set(topic.name, { name: topic.name, partitionCount: topic.partitions, config: topic.config });
    }
  }
}
