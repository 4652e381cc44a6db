/**
 * Types shared by the config tables, the registry, value parsing and resolution.
 */
/** Where a config key is written. Controller keys are written in `cluster.broker-config` too. */
export type ConfigScope = "broker" | "topic" | "producer" | "consumer" | "controller";

/** How a value is parsed (see values.ts). `long` values ≥ 2^53 are clamped to {@link LONG_MAX}. */
export type ConfigType = "int" | "long" | "double" | "boolean" | "string" | "list" | "acks";

/** Normalised `acks`: `-1` and `all` are both `"all"`. */
export type Acks = "all" | "1" | "0";

/** A parsed config value. `null` only for keys whose Kafka default is null. */
export type ConfigValue = number | boolean | string | readonly string[] | null;

/** Stands for Java's Long.MAX_VALUE ("never"), which a JS number cannot hold exactly. */
export const LONG_MAX = Number.MAX_SAFE_INTEGER;

/** Java's Integer.MAX_VALUE. */
export const INT_MAX = 2147483647;

/** One known config key. */
export interface ConfigKey {
  readonly name: string;
  readonly scope: ConfigScope;
  readonly type: ConfigType;
  readonly default: ConfigValue;
  /** false: accepted and kept, but the simulation ignores it. */
  readonly modelled: boolean;
  readonly doc: string;
  /** Inclusive bounds for numbers. */
  readonly min?: number;
  readonly max?: number;
  /** Allowed values of a `string` (or each item of a `list`), compared case-insensitively. */
  readonly values?: readonly string[];
  /** Topic keys only: the broker-level key whose value is this key's default. */
  readonly brokerTwin?: string;
  /** Only meaningful in this controller mode (the loader warns otherwise). */
  readonly mode?: "kraft" | "zookeeper";
}

type ValueOf<D> = D extends { type: "acks" }
  ? Acks
  : D extends { type: "boolean" }
    ? boolean
    : D extends { type: "list"; values: readonly (infer V)[] }
      ? readonly V[]
      : D extends { type: "list" }
        ? readonly string[]
        : D extends { type: "string"; values: readonly (infer V)[] }
          ? V
          : D extends { type: "string" }
            ? string
            : number;

type NullOf<D> = D extends { default: null } ? null : never;

/** The typed, fully-defaulted config object for a table of keys: Kafka name → value. */
export type ConfigValues<K extends readonly ConfigKey[]> = {
  readonly [D in K[number] as D["name"]]: ValueOf<D> | NullOf<D>;
};
