/**
 * `kafkasim fuzz FILE`: the scenario file (or object) a search runs around. It is validated
 * once, as `kafkasim run` would; its nodes, roles and clients become the candidate fault targets.
 */
import { parseScenarioText, readScenarioFile } from "../scenario/load.js";
import { normaliseScenario } from "../scenario/normalise.js";
import { applySet } from "../scenario/overrides.js";
import type { RawScenario } from "../scenario/schema.js";
import { toMillis } from "../sim/time.js";
import { faultTargets } from "./fault-arbitraries.js";
import type { BaseScenario } from "./space.js";

/** Load the base of a search: a file path or a raw scenario object. Throws ScenarioValidationError when it is invalid. */
export function loadBaseScenario(input: string | Readonly<Record<string, unknown>>): BaseScenario & { readonly name: string } {
  const fileName = typeof input === "string" ? input : `${String(input["name"] ?? "scenario")}.yaml`;
  const raw = (typeof input === "string" ? parseScenarioText(readScenarioFile(input), input).raw : structuredClone(input)) as RawScenario;
  const { scenario } = normaliseScenario(raw, fileName);
  const targets = faultTargets({
    brokerNames: scenario.cluster.brokerNames,
    controllerNames: scenario.cluster.controller.nodeNames,
    topics: scenario.topics.map((topic) => ({ name: topic.name, partitions: topic.partitions })),
    producers: scenario.producers.map((producer) => ({ name: producer.name, topic: producer.topic })),
    consumers: scenario.consumers.flatMap((group) => group.instanceNames.map((name) => ({ name, group: group.group }))),
  });
  return {
    name: scenario.name,
    raw,
    durationMs: Math.round(toMillis(scenario.durationUs)),
    targets,
    applySet: (scenarioRaw, key, value) => applySet(scenarioRaw, key, value).raw as RawScenario,
  };
}
