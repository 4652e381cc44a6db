/**
 * Samples each scenario partition at a fixed virtual-time interval: the committed leader and
 * epoch, the ISR size, and the leader's HW and LEO — the data of the report's per-partition chart.
 * Runner-level events: they add nothing to the trace, so the trace hash is unaffected.
 */
import { brokerNode } from "../../kafka/metadata/partition-state.js";
import type { PartitionSeries } from "../result.js";
import type { BuiltCluster } from "./build-cluster.js";

export class PartitionSampler {
  private readonly series: PartitionSeries[] = [];

  constructor(
    private readonly cluster: BuiltCluster,
    readonly intervalUs: number,
  ) {
    for (const topic of cluster.topics) {
      if (topic.internal) continue;
      for (let p = 0; p < topic.partitions; p++) this.series.push({ partition: `${topic.name}-${p}`, topic: topic.name, index: p, samples: [] });
    }
  }

  start(): void {
    const tick = (): void => {
      this.sample();
      this.cluster.world.at(this.cluster.world.now + this.intervalUs, tick);
    };
    this.cluster.world.at(0, tick);
  }

  result(): PartitionSeries[] {
    return this.series;
  }

  private sample(): void {
    const { world, view, brokers } = this.cluster;
    const atMs = Math.round(world.now / 1000);
    for (const s of this.series) {
      const state = view.partition(s.partition);
      if (!state) continue;
      const running = state.leader >= 0 && world.host(brokerNode(state.leader))?.status === "running";
      const log = running ? brokers.get(state.leader)?.replicaManager.localLog(s.topic, s.index) : null;
      s.samples.push([atMs, state.leader, state.leaderEpoch, log ? log.highWatermark : -1, log ? log.logEndOffset : -1, state.isr.length]);
    }
  }
}
