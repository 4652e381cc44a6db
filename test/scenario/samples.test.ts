import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scenarioJsonSchema, scenarioJsonSchemaText } from "../../src/scenario/json-schema.js";
import { loadScenarioFile } from "../../src/scenario/load.js";

const SAMPLES = ["leader-crash-acks1", "leader-crash-acks-all", "kip101-scenario1"];

describe("sample scenarios", () => {
  it.each(SAMPLES)("scenarios/%s.yaml loads without errors or warnings", (name) => {
    const path = `scenarios/${name}.yaml`;
    const { scenario, warnings } = loadScenarioFile(path);
    expect(warnings).toEqual([]);
    expect(scenario.name).toBe(name);
    expect(readFileSync(path, "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=./schema.json");
  });

  it("leader-crash-acks1 runs acks=1, so idempotence is off, and expects a lost write", () => {
    const { scenario } = loadScenarioFile("scenarios/leader-crash-acks1.yaml");
    expect(scenario.producers[0]?.config).toMatchObject({ acks: "1", "enable.idempotence": false });
    expect(scenario.expect).toEqual([{ metric: "lost-write", op: ">=", value: 1, text: ">= 1" }]);
    expect(scenario.faults.map((fault) => fault.kind)).toEqual(["partition", "crash"]);
  });

  it("leader-crash-acks-all has the same faults with acks=all and min.insync.replicas=2, and expects no lost write", () => {
    const acks1 = loadScenarioFile("scenarios/leader-crash-acks1.yaml").scenario;
    const { scenario } = loadScenarioFile("scenarios/leader-crash-acks-all.yaml");
    expect(scenario.faults).toEqual(acks1.faults);
    expect(scenario.producers[0]?.config).toMatchObject({ acks: "all", "enable.idempotence": true });
    expect(scenario.topics[0]?.config["min.insync.replicas"]).toBe(2);
    expect(scenario.expect).toContainEqual({ metric: "lost-write", op: "==", value: 0, text: "0" });
  });

  it("kip101-scenario1 runs kafka-0.10 in ZooKeeper mode with RF 2 (Reference: docs/kafka-rules.md §1.7 KIP-101 Scenario 1)", () => {
    const { scenario } = loadScenarioFile("scenarios/kip101-scenario1.yaml");
    expect(scenario.cluster.controller.mode).toBe("zookeeper");
    expect(scenario.cluster.protocol.features).toMatchObject({ leaderEpochs: false, idempotence: false });
    expect(scenario.topics[0]?.replicationFactor).toBe(2);
    expect(scenario.producers[0]?.config["enable.idempotence"]).toBe(false);
  });
});

describe("scenarios/schema.json", () => {
  it("is the JSON Schema generated from the zod schema (regenerate with scenarioJsonSchemaText())", () => {
    expect(readFileSync("scenarios/schema.json", "utf8")).toBe(scenarioJsonSchemaText());
  });

  it("lists Kafka config names with their defaults for editors", () => {
    const schema = scenarioJsonSchema() as {
      properties: { producers: { items: { properties: { config: { properties: Record<string, { default: unknown }> } } } } };
    };
    expect(schema.properties.producers.items.properties.config.properties["acks"]?.default).toBe("all");
  });
});
