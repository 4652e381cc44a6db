/**
 * `kafkasim/fuzz` — fault search as a library: the arbitraries (cluster, topics, producers,
 * consumers, fault schedules, swarm, whole scenarios; each composable and shrinking towards
 * simpler cases), the profiles (what is generated, what must hold), the search itself
 * (`fuzz(options)`, the options of `kafkasim fuzz`), shard merging, JUnit output and the YAML
 * writer for shrunk counterexamples.
 *
 * @example
 * ```ts
 * import { fuzz } from "kafkasim/fuzz";
 * const result = fuzz({ profile: "acks-all-durability", runs: 50, seed: 1, outDir: "reports/fuzz" });
 * if (!result.passed) console.log(result.counterexamples[0]?.file);
 * ```
 */
export {
  BASE_FAULT_KINDS,
  DEFAULT_SELF_CHECK,
  fuzz,
  runFuzz,
  runFuzzWith,
  FuzzArbitraryError,
  FuzzUsageError,
  type BatchRunner,
  type RunAnswer,
  type FuzzCounterexample,
  type FuzzOptions,
  type FuzzProgress,
  type FuzzResult,
  type FuzzTestHooks,
  type Shard,
  type VaryConfig,
} from "./run-fuzz.js";
export { mergeFuzzResults, type MergedFuzzResult } from "./merge.js";
export { fuzzJunit } from "./junit.js";
export { emptyStats, mergeStats, type Counts, type FuzzStats } from "./stats.js";
export { DEFAULT_PROFILE, PROFILES, bugLines, findProfile, mutantNames, profileLines, profileNames, type FuzzProfile } from "./profiles.js";
export {
  COMMIT_MODES,
  MAX_FAULTS,
  OFFSETS_TOPIC_PARTITIONS,
  TOPIC_NAMES,
  applySwarm,
  buildScenario,
  clusterArbitrary,
  consumerArbitrary,
  faultsArbitrary,
  intensityOf,
  producerArbitrary,
  scenarioArbitrary,
  scenarioShapeArbitrary,
  scenarioShapeFields,
  scheduledFaults,
  zkSessionMsOf,
  swarmArbitrary,
  topicArbitrary,
  type ClusterShape,
  type CommitMode,
  type ConfigMap,
  type ConfigScalar,
  type ConsumerShape,
  type GenerationSpec,
  type ProducerShape,
  type ScenarioFrame,
  type ScenarioShape,
  type SwarmShape,
  type TopicShape,
} from "./arbitraries.js";
export {
  FUZZ_FAULT_KINDS,
  TARGET_CLASSES,
  buildFault,
  faultAtMs,
  faultShapeArbitrary,
  faultTargets,
  companionMs,
  focusTargets,
  formatMs,
  type FaultIntensity,
  type FaultShape,
  type FaultTargets,
  type FuzzFaultKind,
  type RawFault,
  type RawTrigger,
  type TargetClass,
  type TriggerShape,
} from "./fault-arbitraries.js";
export { applyRoll, rollArbitrary, type RollShape, type RollStep, type RollTarget } from "./roll.js";
export { applyZombie, DEFAULT_ZK_SESSION_TIMEOUT_MS, zombieArbitrary, type ZombieShape } from "./zombie-controller.js";
export { fileSpace, profileSpace, type FuzzSpace, type Shape } from "./space.js";
export { loadBaseScenario } from "./base-file.js";
export { scenarioToYaml, type ToYamlOptions } from "./to-yaml.js";
export { counterexampleName, fuzzCommand, schemaReference } from "./counterexample-file.js";
export type { RawScenario } from "../scenario/schema.js";
