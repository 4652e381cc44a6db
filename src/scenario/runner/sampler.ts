/**
 * Samples each scenario partition at a fixed virtual-time interval: the committed leader and
 * epoch, the ISR size, and the leader's HW and LEO — the data of the report's per-partition chart.
 * Runner-level events: they add nothing to the trace, so the trace hash is unaffected.
 *
 * Storage is run-length: a partition keeps a sample only when it differs from its previous one,
 * so an idle partition costs one sample however long the run (memory grows with what happened,
 * not with partitions × samples). `result()` expands the runs back to one sample per tick, which
 * is exactly the series a sample-every-tick recorder would give.
 */
import { brokerNode } from "../../kafka/metadata/partition-state.js";
import type { PartitionSeries } from "../result.js";
import type { BuiltCluster } from "./build-cluster.js";

type Sample = PartitionSeries["samples"][number];

/** One partition's changes: the tick at which each distinct sample started. */
interface Track {
  readonly partition: string;
  readonly topic: string;
  readonly index: number;
  /** Tick index of each stored sample (ascending). */
  readonly ticks: number[];
  /** Stored samples without the time: [leader, leaderEpoch, HW, LEO, ISR size]. */
  readonly values: number[][];
  /** Leader changes seen after the first leader (a new leader or a new epoch, or losing the leader). */
  leaderChanges: number;
  firstLeaderSeen: boolean;
}

export class PartitionSampler {
  private readonly tracks: Track[] = [];
  /** Virtual time (ms) of each tick. */
  private readonly tickMs: number[] = [];
  private readonly byName = new Map<string, Track>();
  /** The brokers' host statuses at the previous tick: a change means every partition is looked at. */
  private lastStatuses = "";

  constructor(
    private readonly cluster: BuiltCluster,
    readonly intervalUs: number,
  ) {
    for (const topic of cluster.topics) {
      if (topic.internal) continue;
      for (let p = 0; p < topic.partitions; p++) {
        const track: Track = { partition: `${topic.name}-${p}`, topic: topic.name, index: p, ticks: [], values: [], leaderChanges: 0, firstLeaderSeen: false };
        this.tracks.push(track);
        this.byName.set(track.partition, track);
      }
    }
  }

  start(): void {
    const tick = (): void => {
      this.sample();
      this.cluster.world.at(this.cluster.world.now + this.intervalUs, tick);
    };
    this.cluster.world.at(0, tick);
  }

  /** Number of partitions sampled. */
  get partitionCount(): number {
    return this.tracks.length;
  }

  /** Partitions whose committed leader or leader epoch changed after their first leader. */
  leaderChanged(): Set<string> {
    return new Set(this.tracks.filter((t) => t.leaderChanges > 0).map((t) => t.partition));
  }

  /** Every partition's series, one sample per tick (only the named ones when `only` is given). */
  result(only?: ReadonlySet<string>): PartitionSeries[] {
    const out: PartitionSeries[] = [];
    for (const track of this.tracks) {
      if (only && !only.has(track.partition)) continue;
      out.push({ partition: track.partition, topic: track.topic, index: track.index, samples: this.expand(track) });
    }
    return out;
  }

  /** Final HW, LEO and ISR size of every partition not in `kept`: counts and ranges. */
  summary(kept: ReadonlySet<string>): { partitions: number; highWatermark: Range; logEndOffset: Range; isrSize: Range; leaderChanges: number } {
    const hw = new RangeOf();
    const leo = new RangeOf();
    const isr = new RangeOf();
    let partitions = 0;
    let leaderChanges = 0;
    for (const track of this.tracks) {
      if (kept.has(track.partition)) continue;
      partitions++;
      leaderChanges += track.leaderChanges;
      const last = track.values[track.values.length - 1];
      if (!last) continue;
      hw.add(last[2]!);
      leo.add(last[3]!);
      isr.add(last[4]!);
    }
    return { partitions, highWatermark: hw.range(), logEndOffset: leo.range(), isrSize: isr.range(), leaderChanges };
  }

  private expand(track: Track): Sample[] {
    const samples: Sample[] = [];
    if (track.ticks.length === 0) return samples;
    let run = 0;
    for (let tick = track.ticks[0]!; tick < this.tickMs.length; tick++) {
      while (run + 1 < track.ticks.length && track.ticks[run + 1]! <= tick) run++;
      const v = track.values[run]!;
      samples.push([this.tickMs[tick]!, v[0]!, v[1]!, v[2]!, v[3]!, v[4]!]);
    }
    return samples;
  }

  /**
   * Look at the partitions touched since the previous tick (the cluster view hears every replica,
   * log and committed-state change), or at all of them when a broker's host status changed; an
   * untouched partition keeps its previous sample. The cost of a tick is what changed.
   */
  private sample(): void {
    const { world, view } = this.cluster;
    const tick = this.tickMs.length;
    this.tickMs.push(Math.round(world.now / 1000));
    const statuses = this.cluster.nodes.brokers.map((name) => world.host(name)?.status ?? "").join(",");
    const touched = view.takeTouched();
    if (touched === null || statuses !== this.lastStatuses) {
      this.lastStatuses = statuses;
      for (const t of this.tracks) this.sampleTrack(t, tick);
      return;
    }
    for (const name of touched) {
      const t = this.byName.get(name);
      if (t) this.sampleTrack(t, tick);
    }
  }

  private sampleTrack(t: Track, tick: number): void {
    const { world, view, brokers } = this.cluster;
    const state = view.partition(t.partition);
    if (!state) return;
    const running = state.leader >= 0 && world.host(brokerNode(state.leader))?.status === "running";
    const log = running ? brokers.get(state.leader)?.replicaManager.localLog(t.topic, t.index) : null;
    const hw = log ? log.highWatermark : -1;
    const leo = log ? log.logEndOffset : -1;
    const last = t.values[t.values.length - 1];
    if (last && last[0] === state.leader && last[1] === state.leaderEpoch && last[2] === hw && last[3] === leo && last[4] === state.isr.length) return;
    if (last && (last[0] !== state.leader || last[1] !== state.leaderEpoch) && t.firstLeaderSeen) t.leaderChanges++;
    if (state.leader >= 0) t.firstLeaderSeen = true;
    t.ticks.push(tick);
    t.values.push([state.leader, state.leaderEpoch, hw, leo, state.isr.length]);
  }
}

/** Smallest and largest value (null when there was none). */
export interface Range {
  min: number | null;
  max: number | null;
}

class RangeOf {
  private min: number | null = null;
  private max: number | null = null;

  add(value: number): void {
    if (this.min === null || value < this.min) this.min = value;
    if (this.max === null || value > this.max) this.max = value;
  }

  range(): Range {
    return { min: this.min, max: this.max };
  }
}
