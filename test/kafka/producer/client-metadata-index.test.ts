import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ProducerMetadata } from "../../../src/kafka/producer/client-metadata.js";
import type { MetadataResponse } from "../../../src/kafka/protocol/metadata.js";
import { ms } from "../../../src/sim/time.js";

/**
 * ProducerMetadata.partitionsForNode is indexed once per metadata change (Kafka's Cluster keeps
 * partitionsByNode) instead of walking every partition on every drain. Over random sequences of
 * Metadata responses (new leaders, older epochs that must be ignored, no leader, other brokers)
 * and rebootstraps, it must answer exactly what the walk over every partition answers; so must
 * `availablePartitions` (asked on every unkeyed send), kept until the next change.
 */

const TOPICS = ["b", "a"]; // unsorted on purpose: the answer is in (topic, partition) order
const NODES = ["broker-1", "broker-2", "broker-3"];

type Step = { k: "apply"; leaders: number[]; epochs: number[]; brokers: number } | { k: "rebootstrap" };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      k: fc.constant("apply" as const),
      leaders: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 6, maxLength: 6 }),
      epochs: fc.array(fc.nat(5), { minLength: 6, maxLength: 6 }),
      brokers: fc.integer({ min: 0, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ k: "rebootstrap" as const }) },
);

function response(step: Extract<Step, { k: "apply" }>): MetadataResponse {
  return {
    type: "MetadataResponse",
    correlationId: 0,
    controllerId: 1,
    brokers: NODES.slice(0, step.brokers).map((node, i) => ({ id: i + 1, node })),
    topics: TOPICS.map((name, t) => ({
      name,
      error: "NONE" as const,
      partitions: [0, 1, 2].map((partition) => ({
        partition,
        error: "NONE" as const,
        leader: step.leaders[t * 3 + partition]!,
        leaderEpoch: step.epochs[t * 3 + partition]!,
        replicas: [],
        isr: [],
      })),
    })),
  };
}

function scan(metadata: ProducerMetadata, node: string): { topic: string; partition: number; leaderEpoch: number }[] {
  const out: { topic: string; partition: number; leaderEpoch: number }[] = [];
  for (const topic of [...TOPICS].sort()) {
    for (let partition = 0; partition < (metadata.partitionCount(topic) ?? 0); partition++) {
      if (metadata.leaderNode(topic, partition) === node) out.push({ topic, partition, leaderEpoch: metadata.leaderEpoch(topic, partition) });
    }
  }
  return out;
}

describe("ProducerMetadata.partitionsForNode index (Reference: Cluster.partitionsForNode, Cluster.availablePartitionsForTopic)", () => {
  it("equals a walk over every partition after every Metadata response and rebootstrap (and so do the available partitions)", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 30 }), (steps) => {
        const metadata = new ProducerMetadata(["broker-1"], ms(300000), ms(100));
        let now = 0;
        for (const step of steps) {
          now += ms(1000);
          if (step.k === "apply") metadata.apply(response(step), now);
          else metadata.maybeRebootstrap(now + ms(300000), () => true);
          for (const node of NODES) expect(metadata.partitionsForNode(node)).toEqual(scan(metadata, node));
          for (const topic of TOPICS) {
            const available = Array.from({ length: metadata.partitionCount(topic) ?? 0 }, (_, p) => p).filter(
              (p) => metadata.leaderNode(topic, p) !== undefined,
            );
            expect(metadata.availablePartitions(topic)).toEqual(available);
            expect(metadata.availablePartitions(topic)).toBe(metadata.availablePartitions(topic)); // shared until the next change
          }
        }
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});
