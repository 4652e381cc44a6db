/** Builds a World with a fake cluster and one producer, for the producer tests. */
import { World } from "../../../src/sim/world.js";
import type { TraceRecord } from "../../../src/sim/trace.js";
import { seconds, type Micros } from "../../../src/sim/time.js";
import { ConfigView } from "../../../src/kafka/config-view.js";
import { resolveProducerConfig } from "../../../src/kafka/config/resolve.js";
import { MODERN_KRAFT, type ClusterSpec, type ProtocolFeatures } from "../../../src/kafka/features.js";
import { HistoryRecorder, type SendOp } from "../../../src/kafka/history.js";
import { createProducerActor } from "../../../src/kafka/producer/index.js";
import type { ProducerWorkload } from "../../../src/kafka/producer/workload.js";
import { FakeCluster } from "./fake-broker.js";
import { mutantSet } from "../../../src/kafka/mutant-names.js";

export interface HarnessOptions {
  seed?: number;
  config?: Record<string, unknown>;
  workload?: Partial<ProducerWorkload>;
  partitions?: number;
  brokers?: number[];
  leaders?: number[];
  features?: Partial<ProtocolFeatures>;
  bugs?: string[];
  latencyUs?: Micros;
}

export interface Harness {
  world: World;
  cluster: FakeCluster;
  history: HistoryRecorder;
  sends(): SendOp[];
  traces(type: string): Record<string, unknown>[];
}

export function producerHarness(options: HarnessOptions = {}): Harness {
  const world = new World({ seed: options.seed ?? 7, latency: { kind: "fixed", us: options.latencyUs ?? 1000 } });
  const records: TraceRecord[] = [];
  world.trace.subscribe((r) => records.push(r));
  const brokers = options.brokers ?? [1, 2, 3];
  const partitions = options.partitions ?? 1;
  const leaders = options.leaders ?? Array.from({ length: partitions }, (_, p) => brokers[p % brokers.length]!);
  const cluster = new FakeCluster("orders", brokers, leaders);
  for (const id of brokers) world.addHost(`broker-${id}`, "broker", cluster.factory(id));
  const history = new HistoryRecorder();
  const resolved = resolveProducerConfig(options.config ?? {}, { idempotenceSupported: options.features?.idempotence ?? true });
  const errors = resolved.issues.filter((i) => i.severity === "error");
  if (errors.length > 0) throw new Error(`bad producer config: ${errors.map((e) => e.message).join("; ")}`);
  const spec: ClusterSpec = {
    mode: "kraft",
    brokerIds: brokers,
    controllerNodes: [],
    features: { ...MODERN_KRAFT, ...options.features },
    bugs: mutantSet(options.bugs ?? []),
  };
  const workload: ProducerWorkload = {
    ratePerSec: 100,
    arrivals: "fixed",
    keys: 0,
    startUs: seconds(0.1),
    stopUs: seconds(10),
    ...options.workload,
  };
  world.addHost(
    "p1",
    "producer",
    createProducerActor({
      name: "p1",
      topic: "orders",
      config: new ConfigView(resolved.config as unknown as Record<string, unknown>),
      workload,
      bootstrap: brokers.map((id) => `broker-${id}`),
      history,
      cluster: spec,
    }),
  );
  for (const id of brokers) world.start(`broker-${id}`);
  world.start("p1");
  return {
    world,
    cluster,
    history,
    sends: () => history.ops().filter((op): op is SendOp => op.kind === "send"),
    traces: (type) => records.filter((r) => r.type === type) as Record<string, unknown>[],
  };
}
