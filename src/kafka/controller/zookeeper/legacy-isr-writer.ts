/**
 * ISR changes before Kafka 2.7 (the kafka-0.10 preset, `isrChangesViaController: false`): the
 * partition leader writes the new ISR straight into the partition-state znode with a version
 * check, then announces it under /isr_change_notification so the controller re-reads it and
 * refreshes every broker's metadata. The replica manager gets an AlterPartitionResponse-shaped
 * answer either way.
 */
import type { BrokerServices } from "../../broker/services.js";
import type { PartitionState } from "../../metadata/partition-state.js";
import type { AlterPartitionRequest, AlterPartitionResponse } from "../../protocol/control.js";
import type { ZkResult } from "../../protocol/zookeeper.js";
import * as paths from "./paths.js";
import type { ZkClient } from "./zk-client.js";
import { emit } from "../../explain/catalogue.js";

export function writeIsrDirectly(services: BrokerServices, zk: ZkClient, controllerEpoch: number, request: AlterPartitionRequest): void {
  const results: AlterPartitionResponse["partitions"] = [];
  const changed: { topic: string; partition: number }[] = [];
  let remaining = request.partitions.length;
  const finish = () => {
    const respond = () =>
      services
        .replicaManager()
        .handleAlterPartitionResponse({ type: "AlterPartitionResponse", correlationId: request.correlationId, error: "NONE", partitions: results });
    if (changed.length === 0) return respond();
    const note: paths.IsrChangeZnode = { partitions: changed };
    zk.request({ op: "create", path: paths.ISR_CHANGE_PREFIX, data: note, ephemeral: false, sequential: true }, respond);
  };
  if (remaining === 0) return finish();
  for (const p of request.partitions) {
    const znode = {
      leader: request.brokerId,
      leader_epoch: p.leaderEpoch,
      isr: [...p.newIsr],
      controller_epoch: controllerEpoch,
    } satisfies paths.PartitionStateZnode;
    zk.request({ op: "setData", path: paths.partitionStatePath(p.topic, p.partition), data: znode, version: p.partitionEpoch }, (r: ZkResult) => {
      const known = services.metadata.partition(p.topic, p.partition);
      if (r.code === "OK") {
        const state: PartitionState = {
          topic: p.topic,
          partition: p.partition,
          replicas: known ? [...known.replicas] : [],
          isr: [...p.newIsr],
          elr: [],
          lastKnownElr: [],
          leader: request.brokerId,
          leaderEpoch: p.leaderEpoch,
          partitionEpoch: r.stat!.version,
          leaderRecoveryState: "RECOVERED",
        };
        emit(
          services.ctx,
          "isr-change",
          {
            topic: p.topic,
            partition: p.partition,
            leader: request.brokerId,
            leaderEpoch: p.leaderEpoch,
            isr: [...p.newIsr],
            partitionEpoch: state.partitionEpoch,
          },
          { kind: "zk-leader-wrote" },
        );
        services.observer.partitionCommitted?.(state, { unclean: false, reason: "ISR change written by the leader" });
        changed.push({ topic: p.topic, partition: p.partition });
        results.push({
          topic: p.topic,
          partition: p.partition,
          error: "NONE",
          leader: request.brokerId,
          leaderEpoch: p.leaderEpoch,
          isr: [...p.newIsr],
          partitionEpoch: state.partitionEpoch,
        });
      } else {
        emit(
          services.ctx,
          "alter-partition-rejected",
          { topic: p.topic, partition: p.partition, broker: request.brokerId, error: "INVALID_UPDATE_VERSION" },
          { kind: "zk-leader-write-conflict", partitionEpoch: p.partitionEpoch, code: r.code },
        );
        results.push({
          topic: p.topic,
          partition: p.partition,
          error: "INVALID_UPDATE_VERSION",
          leader: known?.leader ?? -1,
          leaderEpoch: known?.leaderEpoch ?? -1,
          isr: known ? [...known.isr] : [],
          partitionEpoch: known?.partitionEpoch ?? -1,
        });
      }
      if (--remaining === 0) finish();
    });
  }
}
