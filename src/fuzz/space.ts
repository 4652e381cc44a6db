/**
 * A fuzz *space*: what one run draws (its parts, each a fast-check arbitrary, in shrink order) and
 * how a drawn shape is written out as a scenario. Two kinds exist: a profile's space (the whole
 * scenario is drawn, {@link profileSpace}) and a base file's space (the file's cluster, topics,
 * workloads and `expect` stay; the fault schedule, the seed and optionally some config values are
 * drawn, {@link fileSpace}). The campaign (run-fuzz.ts) only sees this interface.
 */
import fc from "fast-check";
import type { RawScenario } from "../scenario/schema.js";
import {
  applySwarm,
  buildScenario,
  faultsArbitrary,
  scenarioShapeFields,
  scheduledFaults,
  swarmArbitrary,
  writeFaults,
  type GenerationSpec,
  type ScenarioFrame,
  type ScenarioShape,
  type SwarmShape,
} from "./arbitraries.js";
import { faultAtMs, faultTargets, type FaultShape, type FaultTargets, type FuzzFaultKind } from "./fault-arbitraries.js";

/** When a written fault fires, and its kind. */
export interface FaultFiring {
  readonly atMs: number;
  readonly kind: FuzzFaultKind;
  /** Fires on an event (`after`): `atMs` is when it is armed. */
  readonly triggered?: boolean;
}

/** A drawn shape: one value per part. */
export type Shape = Readonly<Record<string, unknown>>;

/** What a campaign draws and how it writes a drawn shape out. */
export interface FuzzSpace {
  /** The parts of a shape, in shrink order. */
  readonly parts: readonly (readonly [string, fc.Arbitrary<unknown>])[];
  /** The part that holds the fault list (a `FaultShape[]`, shrinkable without context). */
  readonly faultsPart: string;
  /** The raw scenario of a shape. */
  build(shape: Shape, frame: ScenarioFrame): RawScenario;
  /**
   * When each fault of the shape's fault list fires (ms) and as which kind, or null for a fault
   * that is not written (beyond the swarm's cap): to find faults that did nothing.
   */
  faultFirings(shape: Shape): (FaultFiring | null)[];
}

/** The space of a profile's generation spec: every part of a scenario is drawn. */
export function profileSpace(spec: GenerationSpec): FuzzSpace {
  const fields = scenarioShapeFields(spec);
  return {
    parts: Object.entries(fields) as [string, fc.Arbitrary<unknown>][],
    faultsPart: "faults",
    build: (shape, frame) => buildScenario(shape as unknown as ScenarioShape, frame, spec),
    faultFirings: (shape) => {
      const s = shape as unknown as ScenarioShape;
      return firingMs(s.faults, scheduledFaults(s, spec), s.durationSeconds * 1000);
    },
  };
}

/** `--vary-config key=v1,v2`: each run takes one of the values. */
export interface VaryConfig {
  readonly key: string;
  readonly values: readonly string[];
}

/** What a base file's space needs to know about the file. */
export interface BaseScenario {
  /** The file's raw scenario (as parsed). */
  readonly raw: RawScenario;
  /** Its duration in ms. */
  readonly durationMs: number;
  /** Candidate fault targets of its cluster and workload. */
  readonly targets: FaultTargets;
  /** Apply `key=value` (a Kafka config name or a path) to a raw scenario, as `--set` does. */
  applySet(raw: RawScenario, key: string, value: string): RawScenario;
}

/** The shape of a run around a base file. */
export interface FileShape {
  readonly seed: number;
  readonly faults: readonly FaultShape[];
  readonly swarm: SwarmShape | null;
  /** For each `--vary-config` key, the index of its value. */
  readonly vary: readonly number[];
}

/**
 * The space around a base file: the file's cluster, topics, configs, workloads and `expect`
 * stay; the run draws the simulation seed, a fault schedule over the file's duration (kinds,
 * targets among the file's nodes, roles and clients, times and durations) and one value of each
 * `--vary-config` key. `expect` is the file's, or — when it has none — `fallbackExpect`.
 */
export function fileSpace(
  base: BaseScenario,
  options: {
    readonly faultKinds: readonly FuzzFaultKind[];
    readonly vary: readonly VaryConfig[];
    readonly fallbackExpect: Readonly<Record<string, number | string>>;
    readonly bug?: string;
    readonly swarm?: boolean;
  },
): FuzzSpace {
  const { faultKinds } = options;
  const fields: Record<string, fc.Arbitrary<unknown>> = {
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    vary: fc.tuple(...options.vary.map((vary) => fc.nat({ max: vary.values.length - 1 }))),
    faults: faultsArbitrary(faultKinds),
    swarm: options.swarm === false ? fc.constant(null) : swarmArbitrary(faultKinds),
  };
  return {
    parts: Object.entries(fields),
    faultsPart: "faults",
    build(shape, frame) {
      const s = shape as unknown as FileShape;
      let raw: RawScenario = structuredClone(base.raw);
      options.vary.forEach((vary, index) => {
        raw = base.applySet(raw, vary.key, vary.values[s.vary[index] ?? 0] as string);
      });
      const faults = writeFaults(applySwarm(s.faults, s.swarm, faultKinds), base.durationMs, base.targets, s.swarm);
      const bugs = [...(raw.cluster?.bugs ?? []), ...(options.bug === undefined || raw.cluster?.bugs?.includes(options.bug) ? [] : [options.bug])];
      const expect = raw.expect !== undefined && Object.keys(raw.expect).length > 0 ? raw.expect : { ...options.fallbackExpect };
      const { faults: _fileFaults, ...rest } = raw;
      return {
        ...rest,
        name: frame.name,
        description: frame.description,
        seed: s.seed,
        ...(bugs.length === 0 ? {} : { cluster: { ...raw.cluster, bugs } as NonNullable<RawScenario["cluster"]> }),
        ...(faults.length === 0 ? {} : { faults }),
        expect: expect as NonNullable<RawScenario["expect"]>,
      };
    },
    faultFirings(shape) {
      const s = shape as unknown as FileShape;
      return firingMs(s.faults, applySwarm(s.faults, s.swarm, faultKinds), base.durationMs);
    },
  };
}

/** For each drawn fault, when and as what its written fault fires (the swarm keeps the order of the faults it keeps), or null (not written). */
function firingMs(drawn: readonly FaultShape[], written: readonly FaultShape[], durationMs: number): (FaultFiring | null)[] {
  return drawn.map((_, index) => {
    const fault = written[index];
    if (fault === undefined || fault.silent === true) return null;
    return { atMs: faultAtMs(fault, durationMs), kind: fault.kind, ...((fault.trigger ?? null) === null ? {} : { triggered: true }) };
  });
}

export { faultTargets };
