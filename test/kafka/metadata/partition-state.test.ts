/**
 * Broker node names (src/kafka/metadata/partition-state.ts): `broker-<id>` and back. Broker ids
 * are Kafka's `node.id` / `broker.id` numbers; the simulator names a broker's host after it.
 */
import { describe, expect, it } from "vitest";
import { brokerIdOf, brokerNode } from "../../../src/kafka/metadata/partition-state.js";

describe("broker node names", () => {
  it("brokerNode and brokerIdOf are inverse for small and large ids", () => {
    for (const id of [0, 1, 9, 10, 99, 1023, 1024, 5000]) {
      expect(brokerNode(id)).toBe(`broker-${id}`);
      expect(brokerIdOf(brokerNode(id))).toBe(id);
    }
  });

  it("a small id's name is one string object, built once", () => {
    expect(Object.is(brokerNode(7), brokerNode(7))).toBe(true);
  });

  it("brokerIdOf refuses names that are not broker-<digits>", () => {
    for (const bad of ["broker-", "broker-x", "broker-1a", "controller-1", "broker1", "xbroker-1", "broker--1", ""]) {
      expect(() => brokerIdOf(bad), bad).toThrow(/not a broker node name/);
    }
  });
});
