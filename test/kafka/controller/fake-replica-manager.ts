/** A stand-in ReplicaManagerApi that records what the controller agent asks of it. */
import type { BrokerComponent, BrokerServices, ReplicaManagerApi } from "../../../src/kafka/broker/services.js";
import type { PartitionState } from "../../../src/kafka/metadata/partition-state.js";
import type { AlterPartitionResponse } from "../../../src/kafka/protocol/control.js";
import type { ReplicaSnapshot } from "../../../src/kafka/observer.js";

export class FakeReplicaManager implements BrokerComponent, ReplicaManagerApi {
  readonly name = "replica-manager";
  readonly handles = [] as const;
  readonly applied: PartitionState[] = [];
  readonly stopped: { topic: string; partition: number; deletePartition: boolean }[] = [];
  readonly alterResponses: AlterPartitionResponse[] = [];

  constructor(readonly services: BrokerServices) {}

  start(): void {}
  onMessage(): void {}
  onTimer(): void {}
  applyPartitionState(state: PartitionState): void {
    this.applied.push(state);
  }
  stopReplica(topic: string, partition: number, deletePartition: boolean): void {
    this.stopped.push({ topic, partition, deletePartition });
  }
  handleAlterPartitionResponse(response: AlterPartitionResponse): void {
    this.alterResponses.push(response);
  }
  appendAsLeader(_t: string, _p: number, _r: unknown[], _timeoutMs: number, done: (error: "NONE", baseOffset: number) => void): void {
    done("NONE", 0);
  }
  readCommitted(): [] {
    return [];
  }
  isLeader(topic: string, partition: number): boolean {
    const last = [...this.applied].reverse().find((s) => s.topic === topic && s.partition === partition);
    return last?.leader === this.services.brokerId;
  }
  onLeadershipChange(): void {}
  snapshots(): ReplicaSnapshot[] {
    return [];
  }
  localLog(): null {
    return null;
  }
  shutdown(): void {}
}

export const createFakeReplicaManager = (services: BrokerServices): FakeReplicaManager => new FakeReplicaManager(services);
