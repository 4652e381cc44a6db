/**
 * The broker side of ZooKeeper-mode control requests. A broker remembers the highest controller
 * epoch it has seen and rejects LeaderAndIsr, UpdateMetadata and StopReplica from an older epoch
 * with STALE_CONTROLLER_EPOCH (docs/kafka-rules.md §4.1), and requests meant for an older incarnation
 * of itself with STALE_BROKER_EPOCH (KIP-380). LeaderAndIsr is applied per partition only when its
 * leader epoch is newer than the one the broker already has (ReplicaManager.becomeLeaderOrFollower).
 */
import type { BrokerServices } from "../../broker/services.js";
import { clonePartitionState, sharedPartitionState, type PartitionState } from "../../metadata/partition-state.js";
import type * as C from "../../protocol/controller-requests.js";
import type { KafkaError } from "../../protocol/errors.js";
import { tpName } from "../../protocol/records.js";
import { emit } from "../../explain/catalogue.js";

export class BrokerControlHandler {
  /** Highest controller epoch seen (volatile: a restarted broker starts again from 0). */
  controllerEpoch = 0;
  private readonly leaderEpochs = new Map<string, number>();

  constructor(
    private readonly services: BrokerServices,
    private readonly brokerEpoch: () => number,
    private readonly send: (to: string, message: C.ControllerToBrokerResponse) => void,
  ) {}

  handle(from: string, request: C.ControllerToBrokerRequest): void {
    const error = this.validate(request);
    if (error !== "NONE") {
      const fields = { request: request.type, from, controllerEpoch: request.controllerEpoch, known: this.controllerEpoch };
      if (error === "STALE_CONTROLLER_EPOCH") emit(this.services.ctx, "stale-controller-epoch", fields);
      else emit(this.services.ctx, "stale-broker-epoch", fields, { requestBrokerEpoch: request.brokerEpoch, brokerEpoch: this.brokerEpoch() });
      return this.respond(from, request, error, []);
    }
    this.controllerEpoch = Math.max(this.controllerEpoch, request.controllerEpoch);
    this.services.metadata.version = this.controllerEpoch;
    if (request.type === "LeaderAndIsr") return this.respond(from, request, "NONE", this.leaderAndIsr(request));
    if (request.type === "UpdateMetadata") this.updateMetadata(request);
    else for (const p of request.partitions) this.services.replicaManager().stopReplica(p.topic, p.partition, p.deletePartition);
    this.respond(from, request, "NONE", []);
  }

  private validate(request: C.ControllerToBrokerRequest): KafkaError {
    // Mutant no-controller-epoch-check: a deposed controller's LeaderAndIsr, UpdateMetadata and StopReplica pass.
    const mutant = this.services.cluster.bugs.has("no-controller-epoch-check");
    if (!mutant && request.controllerEpoch < this.controllerEpoch) return "STALE_CONTROLLER_EPOCH";
    // KafkaApis.isBrokerEpochStale: only a broker epoch older than this broker's is stale. A newer
    // one happens when the controller saw this broker's registration before the broker itself
    // had the answer of its create (or while it registers again after its session expired).
    const own = this.brokerEpoch();
    if (request.brokerEpoch >= 0 && request.brokerEpoch < own) return "STALE_BROKER_EPOCH";
    return "NONE";
  }

  private leaderAndIsr(request: C.LeaderAndIsrRequest): { topic: string; partition: number; error: KafkaError }[] {
    const results: { topic: string; partition: number; error: KafkaError }[] = [];
    for (const state of request.partitions) {
      const key = tpName(state.topic, state.partition);
      const known = this.leaderEpochs.get(key) ?? -1;
      if (state.leaderEpoch <= known) {
        results.push({ topic: state.topic, partition: state.partition, error: "STALE_CONTROLLER_EPOCH" });
        continue;
      }
      this.leaderEpochs.set(key, state.leaderEpoch);
      this.services.replicaManager().applyPartitionState(clonePartitionState(state));
      results.push({ topic: state.topic, partition: state.partition, error: "NONE" });
    }
    return results;
  }

  private updateMetadata(request: C.UpdateMetadataRequest): void {
    const image = this.services.metadata;
    image.controllerId = request.controllerId;
    image.brokers.clear();
    for (const b of request.liveBrokers) image.brokers.set(b.id, { ...b });
    for (const t of request.topics) image.topics.set(t.name, { ...t, config: { ...t.config } });
    // The controller sends frozen states, shared by every broker it sends them to (no copy per broker).
    for (const p of request.partitions) image.setPartition(sharedPartitionState(p as PartitionState));
  }

  private respond(
    from: string,
    request: C.ControllerToBrokerRequest,
    error: KafkaError,
    partitions: { topic: string; partition: number; error: KafkaError }[],
  ): void {
    const correlationId = request.correlationId;
    if (request.type === "LeaderAndIsr") this.send(from, { type: "LeaderAndIsrResponse", correlationId, error, partitions } satisfies C.LeaderAndIsrResponse);
    else if (request.type === "UpdateMetadata") this.send(from, { type: "UpdateMetadataResponse", correlationId, error } satisfies C.UpdateMetadataResponse);
    else this.send(from, { type: "StopReplicaResponse", correlationId, error } satisfies C.StopReplicaResponse);
  }
}
