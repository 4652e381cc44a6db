/**
 * `kafkasim fuzz` as a library: property-based fault search over generated scenarios
 * (arbitraries), named properties to search against (profiles), the YAML writer for shrunk
 * counterexamples, and the search itself (runFuzz).
 */
export {
  runFuzz, FuzzArbitraryError, FuzzUsageError,
  type FuzzCounterexample, type FuzzOptions, type FuzzProgress, type FuzzResult,
} from "./run-fuzz.js";
export { DEFAULT_PROFILE, PROFILES, findProfile, mutantNames, profileNames, type FuzzProfile } from "./profiles.js";
export {
  COMMIT_MODES, OFFSETS_TOPIC_PARTITIONS, TOPIC_NAMES, buildScenario, clusterArbitrary, consumerArbitrary, producerArbitrary, scenarioArbitrary,
  scenarioShapeArbitrary, topicArbitrary,
  type CommitMode, type ConfigMap, type ConfigScalar, type GenerationSpec, type ScenarioFrame, type ScenarioShape,
} from "./arbitraries.js";
export {
  FUZZ_FAULT_KINDS, buildFault, faultAtMs, faultShapeArbitrary, faultTargets, formatMs,
  type FaultShape, type FaultTargets, type FuzzFaultKind, type RawFault,
} from "./fault-arbitraries.js";
export { scenarioToYaml, type ToYamlOptions } from "./to-yaml.js";
export { counterexampleName, fuzzCommand, schemaReference } from "./counterexample-file.js";
