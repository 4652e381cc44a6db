/**
 * fast-check arbitraries for fault schedules (docs/scenario-format.md "Fault kinds", "Fault targets").
 * A fault is first drawn as a small *shape* of plain numbers (when, which kind, which targets by
 * index, how long) and then written out against the cluster it will run on, so that every target
 * names a node, topic-partition or role that exists, and shrinking works on the numbers: a
 * shrunk fault fires earlier, lasts shorter and hits the first (most interesting) candidate,
 * `leader(<first topic>-0)`.
 */
import fc from "fast-check";
import type { RawScenario } from "../scenario/schema.js";
import { rollDownHalfSeconds, rollStepTarget, type RollStep } from "./roll.js";

/** The fault kinds the fuzzer draws from (disk-loss and heal are left out). */
export const FUZZ_FAULT_KINDS = ["crash", "isolate", "pause", "shutdown", "partition", "cut", "delay", "drop", "restart", "power-loss"] as const;

/** A fault kind the fuzzer may generate. */
export type FuzzFaultKind = (typeof FUZZ_FAULT_KINDS)[number];

/** One raw fault entry, as written in a scenario file. */
export type RawFault = NonNullable<RawScenario["faults"]>[number];

/** What faults may refer to: the cluster and workload they will run against. */
export interface FaultTargets {
  /** leader(t-p), followers(t-p), controller, broker-N, controller-N / zk-N, then the clients (p1, g1-1): for process faults. */
  readonly process: readonly string[];
  /** The same candidates, for network faults. */
  readonly network: readonly string[];
  /** Node names only (restart of a role would hit a running node and do nothing), clients last. */
  readonly nodes: readonly string[];
  /** The client processes alone (producers, then consumer instances): a fault aimed at a client picks here. */
  readonly clients?: readonly string[];
  /**
   * The natural other side of a network fault for each candidate: leader(t-p) ↔ followers(t-p),
   * a broker or a controller node → controller / brokers, a producer → the leader it writes to,
   * a consumer → its group's coordinator.
   */
  readonly counterpart: ReadonlyMap<string, string>;
  /**
   * Every node of the metadata quorum (the KRaft controllers or the ZooKeeper ensemble): the other
   * side of a related cut, drop or delay from a broker or a broker role, as an alternative to its
   * counterpart. A broker cut off from the quorum alone keeps serving its peers and clients while
   * its registration or ZooKeeper session runs out (in ZooKeeper mode, the `controller` broker
   * cut off from the ensemble is the zombie controller of KAFKA-6082).
   */
  readonly quorum?: readonly string[];
  /**
   * The events a fault aimed at a candidate may wait for (`after`), most related first: a
   * partition role's own leader change and ISR changes, the controller's change for the quorum, a
   * consumer's group's rebalance, the partition a producer writes to (absent or missing: the
   * events of any partition and the controller change).
   */
  readonly triggerEvents?: ReadonlyMap<string, readonly RawTrigger[]>;
  /**
   * Where the second target of an unrelated cut, drop or delay is picked (absent: `network`).
   * Swarm testing narrows the first targets of a run to a few target classes
   * ({@link focusTargets}); the other side of a link stays anything.
   */
  readonly otherSide?: readonly string[];
  /**
   * What the steps of a rolling schedule take down (src/fuzz/roll.ts): the leader role of the
   * first topic's partition 0, the brokers by name, and the metadata quorum's nodes by name.
   * Absent: rolled faults aim as drawn.
   */
  readonly roll?: { readonly leader: string | null; readonly brokers: readonly string[]; readonly quorum?: readonly string[] };
}

/**
 * Classes of fault targets, for swarm testing: the roles of a topic-partition (`leader(t-p)`,
 * `followers(t-p)`), the metadata quorum (the `controller` role and the KRaft controller or
 * ZooKeeper nodes), the brokers by name, and the client processes.
 */
export const TARGET_CLASSES = ["partitions", "quorum", "brokers", "clients"] as const;

/** A class of fault targets. */
export type TargetClass = (typeof TARGET_CLASSES)[number];

/** The class of a candidate target of `targets`. */
function targetClass(target: string, targets: FaultTargets): TargetClass {
  if (target.startsWith("leader(") || target.startsWith("followers(")) return "partitions";
  if (targets.clients?.includes(target) === true) return "clients";
  if (target === "controller" || targets.quorum?.includes(target) === true) return "quorum";
  return "brokers";
}

/**
 * The targets of a run whose swarm enables only `classes`: the first target of every fault (and
 * the node a restart hits) is one of those classes; a list that would be empty keeps every
 * candidate. The other side of an unrelated link fault is still any candidate.
 */
export function focusTargets(targets: FaultTargets, classes: readonly TargetClass[] | null | undefined): FaultTargets {
  if (classes === null || classes === undefined || classes.length === 0 || TARGET_CLASSES.every((c) => classes.includes(c))) return targets;
  const keep = (list: readonly string[]) => {
    const kept = list.filter((target) => classes.includes(targetClass(target, targets)));
    return kept.length === 0 ? list : kept;
  };
  return {
    ...targets,
    process: keep(targets.process),
    network: keep(targets.network),
    nodes: keep(targets.nodes),
    clients: classes.includes("clients") ? (targets.clients ?? []) : [],
    otherSide: targets.otherSide ?? targets.network,
  };
}

/** A fault's `after`, as written in a scenario file (docs/scenario-format.md "Faults triggered by events"). */
export type RawTrigger = NonNullable<RawFault["after"]>;

/**
 * A drawn trigger: which of the first target's related events (an index into its list, taken
 * modulo) and how long after it the fault fires, in steps of 50 ms (0–2 s): "crash the new leader
 * 200 ms after the leader change", "pause a consumer once its group has formed".
 */
export interface TriggerShape {
  readonly event: number;
  readonly delaySteps: number;
}

/** How a run draws what its faults do (swarm testing: per run, not per fault). */
export interface FaultIntensity {
  /** A fault that ends (restart, heal, resume) ends inside the run (default true): see {@link companionMs}. */
  readonly companionsInRun?: boolean;
  /** Eighths of the faults aimed at a client outright, when the run has clients (default 2: one in four). */
  readonly clientEighths?: number;
}

/** A drawn fault before it is written against a cluster: numbers only, so it shrinks well. */
export interface FaultShape {
  /** Position in the duration, in thousandths (0 = at the start). */
  readonly atPermille: number;
  readonly kind: FuzzFaultKind;
  /** First and second target, as indices into the candidate lists (taken modulo). */
  readonly first: number;
  readonly second: number;
  /** Whether the first group of a partition holds two targets. */
  readonly pair: boolean;
  /**
   * Whether the second target of a cut, drop or delay is related to the first one: its
   * counterpart, or (for a broker or a broker role, when `second` is odd) the metadata quorum, or
   * (for a broker named, when `second` is 2 modulo 4) every broker: its peers.
   */
  readonly related: boolean;
  /**
   * Aimed at a client process (a producer or a consumer instance) rather than at any candidate:
   * clients are a few among many cluster targets, and a consumer that stalls past its session
   * timeout and wakes as a zombie, or a producer that dies mid-batch, needs a fault of its own.
   * Absent: false (older shapes). Superseded by `clientRoll` when that is present.
   */
  readonly client?: boolean;
  /**
   * 0–7: the fault aims at a client when the roll is among the run's share of eighths
   * ({@link FaultIntensity.clientEighths}): roll ≥ 8 − share. Absent: `client` decides (older shapes).
   */
  readonly clientRoll?: number;
  /** Fire on an event rather than at a time (`after`): null or absent, at its time. */
  readonly trigger?: TriggerShape | null;
  /** restart-after / heal-after in half seconds, 1–25 s (null: never, within the run); `for` uses it too. */
  readonly companionHalfSeconds: number | null;
  /** drop probability in tenths (1–5 → 0.1–0.5). */
  readonly dropTenths: number;
  /** delay extra latency in steps of 50 ms (1–40 → 50 ms–2 s). */
  readonly delaySteps: number;
  /** A step of the run's rolling schedule (set by the swarm, never drawn): it aims at the roll's broker. */
  readonly roll?: RollStep;
  /**
   * A zombie controller (src/fuzz/zombie-controller.ts; set by the swarm, never drawn): the fault
   * is a pause of `controller` for this many ms, past its ZooKeeper session.
   */
  readonly zombieForMs?: number;
  /**
   * Set by the shrinker on a fault that did nothing in the failing run: it keeps its place in
   * the list, so that a schedule (a regular interval, a roll) keeps every other fault's time and
   * target, but it is not written into the scenario.
   */
  readonly silent?: boolean;
}

/** An arbitrary fault shape whose kind is one of `kinds` (earlier kinds are simpler when shrinking). */
export function faultShapeArbitrary(kinds: readonly FuzzFaultKind[]): fc.Arbitrary<FaultShape> {
  if (kinds.length === 0) throw new Error("a fuzz profile needs at least one fault kind");
  return fc.record({
    atPermille: fc.integer({ min: 0, max: 1000 }),
    kind: fc.constantFrom(...kinds),
    first: fc.nat({ max: 31 }),
    second: fc.nat({ max: 31 }),
    pair: fc.boolean(),
    related: fc.boolean(),
    // By default one fault in four aims at a client (when the scenario has any); shrinks to a cluster target.
    clientRoll: fc.integer({ min: 0, max: 7 }),
    // Up to 25 s: long enough to outlast a KRaft broker session (broker.session.timeout.ms 9 s)
    // and a ZooKeeper session (zookeeper.session.timeout.ms 18 s), so a paused node can wake as a zombie.
    companionHalfSeconds: fc.option(fc.integer({ min: 2, max: 50 }), { freq: 4 }),
    dropTenths: fc.integer({ min: 1, max: 5 }),
    delaySteps: fc.integer({ min: 1, max: 40 }),
    // One fault in three waits for an event related to its target; shrinks to a fault at its time.
    trigger: fc.oneof(
      { withCrossShrink: true },
      { arbitrary: fc.constant(null), weight: 2 },
      { arbitrary: fc.record({ event: fc.nat({ max: 7 }), delaySteps: fc.integer({ min: 0, max: 40 }) }), weight: 1 },
    ),
  });
}

/** The candidate targets of a cluster with these brokers, controller nodes, topics and clients. */
export function faultTargets(options: {
  brokerNames: readonly string[];
  controllerNames: readonly string[];
  topics: readonly { name: string; partitions: number }[];
  /** Producers with the topic they write to. */
  producers: readonly { name: string; topic: string }[];
  /** Consumer instances with their group. */
  consumers: readonly { name: string; group: string }[];
  /** Put the client processes first (profiles about client behaviour: a shrunk fault then prefers a client). */
  clientsFirst?: boolean;
}): FaultTargets {
  const roles: string[] = [];
  const counterpart = new Map<string, string>();
  for (const topic of options.topics) {
    for (let partition = 0; partition < topic.partitions; partition++) {
      const leader = `leader(${topic.name}-${partition})`;
      const followers = `followers(${topic.name}-${partition})`;
      roles.push(leader, followers);
      counterpart.set(leader, followers).set(followers, leader);
    }
  }
  roles.push("controller");
  counterpart.set("controller", "brokers");
  for (const broker of options.brokerNames) counterpart.set(broker, "controller");
  // A KRaft voter fetches the metadata log from the active controller: a voter cut off from it
  // falls behind while the others commit (Raft's election rules, KIP-595/KIP-996). A ZooKeeper
  // node serves the brokers.
  for (const node of options.controllerNames) counterpart.set(node, node.startsWith("zk-") ? "brokers" : "controller");
  for (const producer of options.producers) counterpart.set(producer.name, `leader(${producer.topic}-0)`);
  for (const consumer of options.consumers) counterpart.set(consumer.name, `coordinator(${consumer.group})`);
  const servers = [...options.brokerNames, ...options.controllerNames];
  // Client processes crash and restart too (a consumer that dies between poll and commit, a
  // producer that dies with batches in flight): last, so a shrunk fault prefers the cluster.
  const clients = [...options.producers.map((producer) => producer.name), ...options.consumers.map((consumer) => consumer.name)];
  const process = options.clientsFirst === true ? [...clients, ...roles, ...servers] : [...roles, ...servers, ...clients];
  const quorum = [...options.controllerNames];
  const triggerEvents = relatedEvents(options);
  const roll = { leader: roles[0]?.startsWith("leader(") === true ? roles[0] : null, brokers: [...options.brokerNames], quorum };
  return { process, network: process, nodes: [...servers, ...clients], clients, counterpart, quorum, triggerEvents, roll };
}

/** For each candidate target, the events a fault aimed at it may wait for, most related first. */
function relatedEvents(options: Parameters<typeof faultTargets>[0]): Map<string, RawTrigger[]> {
  const ofPartition = (partition: string): RawTrigger[] => [
    { event: "leader-change", partition },
    { event: "isr-shrink", partition },
    { event: "isr-expand", partition },
  ];
  const first = options.topics[0] === undefined ? null : `${options.topics[0].name}-0`;
  const any: RawTrigger[] = [{ event: "leader-change" }, { event: "isr-shrink" }, { event: "controller-change" }, { event: "isr-expand" }];
  const events = new Map<string, RawTrigger[]>();
  for (const topic of options.topics) {
    for (let partition = 0; partition < topic.partitions; partition++) {
      const own = [...ofPartition(`${topic.name}-${partition}`), { event: "controller-change" } as RawTrigger];
      events.set(`leader(${topic.name}-${partition})`, own).set(`followers(${topic.name}-${partition})`, own);
    }
  }
  const quorum: RawTrigger[] = [{ event: "controller-change" }, ...(first === null ? any : ofPartition(first))];
  events.set("controller", quorum);
  for (const node of options.controllerNames) events.set(node, quorum);
  for (const broker of options.brokerNames) events.set(broker, any);
  for (const producer of options.producers) events.set(producer.name, [...ofPartition(`${producer.topic}-0`), { event: "controller-change" }]);
  for (const consumer of options.consumers) {
    const partition = first === null ? [] : ofPartition(first);
    events.set(consumer.name, [{ event: "rebalance", group: consumer.group }, ...partition]);
  }
  return events;
}

/** A duration in milliseconds as a readable scenario duration: "12s", "12.5s", "250ms", "0s". */
export function formatMs(ms: number): string {
  if (ms === 0) return "0s";
  if (ms < 1000) return `${ms}ms`;
  return `${Number((ms / 1000).toFixed(3))}s`;
}

function pick(list: readonly string[], index: number): string {
  return list[index % list.length] as string;
}

/** A second candidate different from `first` (lists always have at least two entries). */
function pickOther(list: readonly string[], index: number, first: string): string {
  const candidate = pick(list, index);
  return candidate !== first ? candidate : pick(list, index + 1);
}

/** When a fault shape fires: on a 100 ms grid within the duration. */
export function faultAtMs(shape: FaultShape, durationMs: number): number {
  return Math.min(durationMs, Math.round((durationMs * shape.atPermille) / 1000 / 100) * 100);
}

/**
 * How long a fault with a restart, heal or resume lasts: the drawn time, but at most 70 % of what
 * is left of the run (on the 500 ms grid, at least 500 ms), so that the node comes back, the link
 * heals or the process wakes with time left to show what follows — a consumer that wakes as a
 * zombie, a replica that restarts behind, a controller that returns deposed.
 */
export function companionMs(halfSeconds: number, atMs: number, durationMs: number, inRun = true): number {
  if (!inRun) return halfSeconds * 500;
  const room = Math.floor(((durationMs - atMs) * 0.7) / 500) * 500;
  return Math.min(halfSeconds * 500, Math.max(500, room));
}

/** Whether a fault aims at a client outright under the run's share of client faults. */
function aimsAtClient(shape: FaultShape, intensity: FaultIntensity): boolean {
  if (shape.clientRoll === undefined) return shape.client === true;
  return shape.clientRoll >= 8 - (intensity.clientEighths ?? 2);
}

/** Write a fault shape out as a raw fault entry of a scenario lasting `durationMs`. */
export function buildFault(shape: FaultShape, durationMs: number, targets: FaultTargets, intensity: FaultIntensity = {}): RawFault {
  const entry = buildUntriggered(shape, durationMs, targets, intensity);
  const trigger = shape.trigger ?? null;
  if (trigger === null) return entry.fault;
  const events = targets.triggerEvents?.get(entry.firstTarget) ?? [{ event: "leader-change" }, { event: "isr-shrink" }, { event: "controller-change" }];
  const event = events[trigger.event % events.length] as RawTrigger;
  const after: RawTrigger = { ...event, ...(trigger.delaySteps === 0 ? {} : { delay: formatMs(trigger.delaySteps * 50) }) };
  const { at, ...rest } = entry.fault;
  return { at, after, ...rest };
}

/** The fault at its time, and its first target (whose related events a trigger waits for). */
/** Kinds aimed at a process (the rest are link faults). */
const PROCESS_KINDS: ReadonlySet<FuzzFaultKind> = new Set(["crash", "power-loss", "shutdown", "pause"]);

function buildUntriggered(shape: FaultShape, durationMs: number, targets: FaultTargets, intensity: FaultIntensity): { fault: RawFault; firstTarget: string } {
  const atMs = faultAtMs(shape, durationMs);
  const at = formatMs(atMs);
  const inRun = intensity.companionsInRun !== false;
  const halfSeconds = shape.roll === undefined ? shape.companionHalfSeconds : rollDownHalfSeconds(shape.roll, durationMs);
  const companion = halfSeconds === null ? undefined : formatMs(companionMs(halfSeconds, atMs, durationMs, inRun));
  const clients = aimsAtClient(shape, intensity) && targets.clients !== undefined && targets.clients.length > 0 ? targets.clients : null;
  const rolled =
    shape.roll === undefined || targets.roll === undefined ? null : rollStepTarget(shape.roll, targets.roll.leader, targets.roll.brokers, targets.roll.quorum);
  const processTarget = rolled ?? pick(clients ?? targets.process, shape.first);
  const networkFirst = clients === null ? pick(targets.network, shape.first) : processTarget;
  const networkSecond = pickOther(targets.otherSide ?? targets.network, shape.second, networkFirst);
  const quorum = shape.related && shape.second % 2 === 1 ? quorumSide(networkFirst, targets) : null;
  // A broker cut off from its peers but not from the quorum stays registered while it falls
  // behind: it leaves the ISR, yet remains a live replica an election could pick.
  const peers = shape.related && shape.second % 4 === 2 && isBrokerName(networkFirst, targets) ? ["brokers"] : null;
  const otherSide: string[] = quorum ?? peers ?? [shape.related ? (targets.counterpart.get(networkFirst) ?? networkSecond) : networkSecond];
  const restartTarget = pick(clients ?? targets.nodes, shape.first);
  const firstTarget =
    shape.zombieForMs !== undefined ? "controller" : shape.kind === "restart" ? restartTarget : PROCESS_KINDS.has(shape.kind) ? processTarget : networkFirst;
  const fault = ((): RawFault => {
    switch (shape.kind) {
      case "crash":
      case "power-loss":
      case "shutdown":
        return { at, [shape.kind]: processTarget, ...(companion === undefined ? {} : { "restart-after": companion }) };
      case "restart":
        return { at, restart: restartTarget };
      case "pause":
        if (shape.zombieForMs !== undefined) return { at, pause: "controller", for: formatMs(shape.zombieForMs) };
        return { at, pause: processTarget, for: companion ?? formatMs(companionMs(10, atMs, durationMs)) };
      case "isolate":
        return { at, isolate: networkFirst, ...(companion === undefined ? {} : { "heal-after": companion }) };
      case "partition": {
        const group = shape.pair ? [networkFirst, networkSecond] : [networkFirst];
        return { at, partition: [group, ["rest"]], ...(companion === undefined ? {} : { "heal-after": companion }) };
      }
      case "cut":
        return { at, cut: { from: [networkFirst], to: otherSide }, ...(companion === undefined ? {} : { "heal-after": companion }) };
      case "drop":
        return {
          at,
          drop: { between: [[networkFirst], otherSide], probability: shape.dropTenths / 10 },
          ...(companion === undefined ? {} : { for: companion }),
        };
      case "delay":
        return {
          at,
          delay: { between: [[networkFirst], otherSide], extra: formatMs(shape.delaySteps * 50) },
          ...(companion === undefined ? {} : { for: companion }),
        };
    }
  })();
  return { fault, firstTarget };
}

/**
 * The metadata quorum as the other side of a related link fault from `target`, or null: every
 * quorum node for a broker or a broker role (its registration or ZooKeeper session), the other
 * voters for a KRaft controller node or a ZooKeeper node (a voter that falls behind the others,
 * where Raft's election rules matter), and every voter for the active KRaft controller.
 */
function quorumSide(target: string, targets: FaultTargets): string[] | null {
  const quorum = targets.quorum ?? [];
  if (quorum.length === 0) return null;
  if (isBrokerSide(target, targets)) return [...quorum];
  if (quorum.includes(target)) return quorum.filter((node) => node !== target);
  if (target === "controller") return [...quorum];
  return null;
}

/** A broker by name. */
function isBrokerName(target: string, targets: FaultTargets): boolean {
  return targets.quorum?.includes(target) !== true && targets.counterpart.get(target) === "controller";
}

/** A broker or a role resolved to a broker (`leader(…)`, `followers(…)`, `controller` in ZooKeeper mode). */
function isBrokerSide(target: string, targets: FaultTargets): boolean {
  if (targets.quorum?.includes(target) === true) return false;
  if (target.startsWith("leader(") || target.startsWith("followers(")) return true;
  if (target === "controller") return targets.quorum?.[0]?.startsWith("zk-") === true;
  return targets.counterpart.get(target) === "controller";
}
