/**
 * The clients' shared metadata cache (Kafka's `Metadata`): leader epochs (KIP-320), leaders that are
 * listed brokers only, errors that ask for another update, rebootstrap.
 * Reference: Metadata.updateLatestMetadata, Metadata.handleMetadataResponse, Metadata.rebootstrap,
 * MetadataSnapshot/Cluster.nodeById.
 */
import { describe, expect, it } from "vitest";
import { Metadata } from "../../../src/kafka/client/metadata.js";
import type { KafkaError } from "../../../src/kafka/protocol/errors.js";
import type { MetadataResponse } from "../../../src/kafka/protocol/metadata.js";

/** The base with its protected steps callable. */
class TestMetadata extends Metadata {
  apply(response: MetadataResponse): boolean {
    return this.update(response);
  }
  rebootstrap(): void {
    this.forgetBrokers();
  }
}

function response(brokers: number[], leader: number, leaderEpoch: number, error: KafkaError = "NONE", topicError: KafkaError = "NONE"): MetadataResponse {
  return {
    type: "MetadataResponse",
    correlationId: 1,
    controllerId: -1,
    brokers: brokers.map((id) => ({ id, node: `broker-${id}` })),
    topics: [
      {
        name: "orders",
        error: topicError,
        partitions: topicError === "NONE" ? [{ partition: 0, error, leader, leaderEpoch, replicas: [1, 2, 3], isr: [1, 2, 3] }] : [],
      },
    ],
  };
}

describe("client Metadata (Reference: Metadata.updateLatestMetadata, KIP-320)", () => {
  it("an answer with an older leader epoch than the last seen one keeps the cached leader; an equal or newer one replaces it", () => {
    const m = new TestMetadata(["broker-1"]);
    m.apply(response([1, 2, 3], 2, 5));
    m.apply(response([1, 2, 3], 1, 4)); // a lagging broker still names the deposed leader
    expect(m.leaderNode("orders", 0)).toBe("broker-2");
    expect(m.leaderEpoch("orders", 0)).toBe(5);
    m.apply(response([1, 2, 3], 3, 5));
    expect(m.leaderNode("orders", 0)).toBe("broker-3");
    m.apply(response([1, 2, 3], 1, 6));
    expect(m.leaderNode("orders", 0)).toBe("broker-1");
  });

  it("a partition without a leader epoch is taken as it is and forgets the last seen epoch", () => {
    const m = new TestMetadata(["broker-1"]);
    m.apply(response([1, 2, 3], 2, 5));
    m.apply(response([1, 2, 3], 1, -1));
    expect(m.leaderNode("orders", 0)).toBe("broker-1");
    m.apply(response([1, 2, 3], 3, 0)); // nothing seen any more: epoch 0 is not older
    expect(m.leaderNode("orders", 0)).toBe("broker-3");
  });

  it("a leader the answer does not list among its brokers (fenced) is no leader to the client (Cluster.nodeById)", () => {
    const m = new TestMetadata(["broker-1"]);
    m.apply(response([1, 3], 2, 5));
    expect(m.leaderNode("orders", 0)).toBeUndefined();
    expect(m.leaderEpoch("orders", 0)).toBe(5);
  });

  it("UNKNOWN_TOPIC_OR_PARTITION or LEADER_NOT_AVAILABLE in an answer asks for another update; a clean answer does not (handleMetadataResponse: requestUpdate on InvalidMetadataException)", () => {
    const m = new TestMetadata(["broker-1"]);
    expect(m.apply(response([1, 2, 3], -1, 0, "NONE", "UNKNOWN_TOPIC_OR_PARTITION"))).toBe(true);
    expect(m.partitionCount("orders")).toBeUndefined();
    expect(m.apply(response([1, 2, 3], -1, 0, "LEADER_NOT_AVAILABLE"))).toBe(true);
    expect(m.partitionCount("orders")).toBe(1);
    expect(m.leaderNode("orders", 0)).toBeUndefined();
    expect(m.apply(response([1, 2, 3], 1, 1))).toBe(false);
    expect(m.leaderNode("orders", 0)).toBe("broker-1");
  });

  it("a rebootstrap forgets the brokers and so the leaders, and keeps the last seen leader epochs (Metadata.rebootstrap)", () => {
    const m = new TestMetadata(["broker-9"]);
    m.apply(response([1, 2, 3], 2, 5));
    m.rebootstrap();
    expect(m.hasBrokers).toBe(false);
    expect(m.candidates()).toEqual(["broker-9"]);
    expect(m.leaderNode("orders", 0)).toBeUndefined();
    m.apply(response([1, 2, 3], 1, 4));
    expect(m.leaderNode("orders", 0)).toBe("broker-2");
  });
});
