import { describe, expect, it } from "vitest";
import { presetFeatures, resolveProtocol } from "../../../src/kafka/config/protocol.js";

describe("protocol presets (Reference: docs/scenario-format.md Versions)", () => {
  it("modern in KRaft mode is Kafka 4.1: strict min ISR and ELR on", () => {
    const { protocol, issues } = resolveProtocol(undefined, "kraft", []);
    expect(issues).toEqual([]);
    expect(protocol.kafkaVersion).toBe("4.1");
    expect(protocol.features).toEqual({
      leaderEpochs: true,
      epochCheckedTruncation: true,
      truncationOnFetch: true,
      strictMinIsr: true,
      eligibleLeaderReplicas: true,
      idempotence: true,
      isrChangesViaController: true,
      kraft: true,
      zookeeper: false,
      preVote: true,
    });
  });

  it("modern in ZooKeeper mode is Kafka 3.9: strict min ISR on, ELR off", () => {
    const { protocol, issues } = resolveProtocol("modern", "zookeeper", []);
    expect(issues).toEqual([]);
    expect(protocol.kafkaVersion).toBe("3.9");
    expect(protocol.features).toMatchObject({ strictMinIsr: true, eligibleLeaderReplicas: false, isrChangesViaController: true, truncationOnFetch: true });
  });

  it("kafka-0.10 truncates to the HW, has no epochs, no idempotence, and writes ISR changes to ZooKeeper (Reference: docs/kafka-rules.md §1.7)", () => {
    expect(presetFeatures("kafka-0.10", "zookeeper").features).toEqual({
      leaderEpochs: false,
      epochCheckedTruncation: false,
      truncationOnFetch: false,
      strictMinIsr: false,
      eligibleLeaderReplicas: false,
      idempotence: false,
      isrChangesViaController: false,
      kraft: false,
      zookeeper: true,
      preVote: false,
    });
  });

  it("kafka-1.1 has leader epochs (KIP-101) without KIP-279; kafka-2.0 adds it (Reference: KAFKA-6361, OffsetsForLeaderEpochResponse v1)", () => {
    expect(presetFeatures("kafka-1.1", "zookeeper")).toMatchObject({
      version: "1.1",
      features: {
        leaderEpochs: true,
        epochCheckedTruncation: false,
        truncationOnFetch: false,
        idempotence: true,
        isrChangesViaController: false,
        kraft: false,
      },
    });
    expect(presetFeatures("kafka-2.0", "zookeeper").features).toMatchObject({ leaderEpochs: true, epochCheckedTruncation: true, truncationOnFetch: false });
    expect(resolveProtocol("kafka-1.1", "kraft", []).issues[0]?.message).toContain("has no KRaft mode");
  });

  it("kafka-3.6 lets the HW advance below min ISR and has no ELR (Reference: docs/kafka-rules.md §1.2)", () => {
    const { protocol, issues } = resolveProtocol("kafka-3.6", "kraft", []);
    expect(issues).toEqual([]);
    expect(protocol.features).toMatchObject({ strictMinIsr: false, eligibleLeaderReplicas: false, leaderEpochs: true });
  });

  it("rejects kafka-0.10 with mode: kraft", () => {
    const { issues } = resolveProtocol("kafka-0.10", "kraft", []);
    expect(issues).toEqual([
      {
        severity: "error",
        path: ["cluster", "protocol"],
        message: "protocol kafka-0.10 has no KRaft mode: it is ZooKeeper only",
        hint: "set cluster.controller.mode: zookeeper",
      },
    ]);
  });

  it("rejects kafka-0.10 with an explicit enable.idempotence: true", () => {
    const { issues } = resolveProtocol("kafka-0.10", "zookeeper", [{ acks: "all" }, { "enable.idempotence": "true" }]);
    expect(issues).toEqual([
      {
        severity: "error",
        path: ["producers", 1, "config", "enable.idempotence"],
        message: "protocol kafka-0.10 has no idempotent producer (it arrived in Kafka 0.11, KIP-98)",
        hint: "remove enable.idempotence or choose a newer protocol",
      },
    ]);
  });

  it("rejects a Kafka 4 preset in ZooKeeper mode", () => {
    expect(resolveProtocol("kafka-4.1", "zookeeper", []).issues[0]?.message).toContain("has no ZooKeeper mode");
  });

  it("applies toggles over a preset", () => {
    const { protocol, issues } = resolveProtocol({ preset: "kafka-3.9", "eligible-leader-replicas": true }, "kraft", []);
    expect(issues).toEqual([]);
    expect(protocol.features.eligibleLeaderReplicas).toBe(true);
    expect(protocol.overrides).toEqual({ "eligible-leader-replicas": true });
  });

  it("warns that ELR is ignored in ZooKeeper mode", () => {
    const { protocol, issues } = resolveProtocol({ preset: "kafka-3.9", "eligible-leader-replicas": true }, "zookeeper", []);
    expect(protocol.features.eligibleLeaderReplicas).toBe(false);
    expect(issues).toEqual([
      {
        severity: "warning",
        path: ["cluster", "protocol", "eligible-leader-replicas"],
        message: "eligible leader replicas (KIP-966) are KRaft-only; ignored in ZooKeeper mode",
      },
    ]);
  });

  it("rejects inconsistent toggles", () => {
    expect(resolveProtocol({ preset: "kafka-3.6", "eligible-leader-replicas": true }, "kraft", []).issues[0]?.message).toContain(
      "eligible leader replicas need the strict min ISR rule",
    );
    expect(resolveProtocol({ "leader-epochs": false }, "kraft", []).issues[0]?.message).toBe("truncation on fetch needs leader epochs (KIP-101)");
    expect(resolveProtocol({ preset: "kafka-1.1", "leader-epochs": false, "epoch-checked-truncation": true }, "zookeeper", []).issues[0]?.message).toBe(
      "epoch-checked truncation (KIP-279) needs leader epochs (KIP-101)",
    );
    expect(resolveProtocol({ preset: "kafka-1.1", "truncation-on-fetch": true }, "zookeeper", []).issues[0]?.path).toEqual([
      "cluster",
      "protocol",
      "truncation-on-fetch",
    ]);
    expect(resolveProtocol({ "isr-changes-via-controller": false }, "kraft", []).issues[0]?.path).toEqual([
      "cluster",
      "protocol",
      "isr-changes-via-controller",
    ]);
  });

  it("lets eligible.leader.replicas.enable decide ELR", () => {
    const { protocol } = resolveProtocol("modern", "kraft", [], { eligibleLeaderReplicasConfig: false });
    expect(protocol.features.eligibleLeaderReplicas).toBe(false);
  });

  it("pre-vote (KIP-996) is on from Kafka 4.0 only, and the pre-vote toggle overrides the preset", () => {
    expect(presetFeatures("kafka-4.0", "kraft").features.preVote).toBe(true);
    expect(presetFeatures("kafka-4.1", "kraft").features.preVote).toBe(true);
    expect(presetFeatures("kafka-3.9", "kraft").features.preVote).toBe(false);
    expect(presetFeatures("kafka-3.6", "kraft").features.preVote).toBe(false);
    expect(resolveProtocol({ preset: "kafka-3.9", "pre-vote": true }, "kraft", []).protocol.features.preVote).toBe(true);
    expect(resolveProtocol({ "pre-vote": false }, "kraft", []).protocol.features.preVote).toBe(false);
  });
});
