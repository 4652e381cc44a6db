/**
 * Normalising `faults`: each entry has `at`, exactly one kind key (docs/scenario-format.md "Fault kinds")
 * and only that kind's companions; its targets must name existing nodes, topics and groups; it
 * must fire within `duration`.
 */
import type { Diagnostics } from "./diagnostics.js";
import { formatDurationUs, parseDuration } from "./durations.js";
import type { PathSegment } from "./errors.js";
import { FAULT_COMPANIONS, FAULT_KINDS, TRIGGER_EVENTS, type RawScenario } from "./schema.js";
import { checkTarget, parseTargetExpression, type SingleTarget, type Target, type TargetContext } from "./targets.js";
import { closest } from "./suggest.js";
import type { FaultChain, FaultKind, FaultSpec, FaultTrigger, TriggerEventKind } from "./types.js";

type RawFault = NonNullable<RawScenario["faults"]>[number];
type Companion = (typeof FAULT_COMPANIONS)[number];

const COMPANIONS: Readonly<Record<FaultKind, readonly Companion[]>> = {
  crash: ["restart-after"],
  "power-loss": ["restart-after"],
  shutdown: ["restart-after"],
  "disk-loss": ["restart-after"],
  restart: [],
  pause: ["for"],
  partition: ["heal-after"],
  isolate: ["heal-after"],
  cut: ["heal-after"],
  delay: ["for"],
  drop: ["for"],
  heal: [],
  "add-partitions": [],
};

/** Normalise every fault; problems go to `diagnostics` (the fault is then left out). */
export function normaliseFaults(faults: readonly RawFault[], durationUs: number, context: TargetContext, diagnostics: Diagnostics): FaultSpec[] {
  const result: FaultSpec[] = [];
  const ids = faultIds(faults, diagnostics);
  faults.forEach((fault, index) => {
    const spec = normaliseFault(fault, index, durationUs, context, { faults, ids }, diagnostics);
    if (spec !== undefined) result.push(spec);
  });
  checkPartitionIncreases(result, context, diagnostics);
  return result;
}

/**
 * `add-partitions` raises a count: in firing order (time, then file order), each must ask for more
 * partitions than the topic has by then, as Kafka refuses anything else (INVALID_PARTITIONS).
 */
function checkPartitionIncreases(faults: readonly FaultSpec[], context: TargetContext, diagnostics: Diagnostics): void {
  const counts = new Map(context.topics);
  const actions = faults.filter((f): f is Extract<FaultSpec, { kind: "add-partitions" }> => f.kind === "add-partitions");
  for (const action of [...actions].sort((a, b) => a.atUs - b.atUs || a.index - b.index)) {
    const current = counts.get(action.topic) ?? 0;
    if (action.count <= current) {
      diagnostics.error(
        ["faults", action.index, "add-partitions", "count"],
        `${action.topic} already has ${current} partition(s) by then; add-partitions must raise the count`,
        {
          expected: `a count larger than ${current}`,
          found: String(action.count),
          hint: "count is the new total, as in kafka-topics --alter --partitions; partitions can never be removed (INVALID_PARTITIONS)",
        },
      );
    } else counts.set(action.topic, action.count);
  }
}

/** The fault ids of the list (`id`), each to the position of the fault that has it; a repeated id is an error. */
function faultIds(faults: readonly RawFault[], diagnostics: Diagnostics): Map<string, number> {
  const ids = new Map<string, number>();
  faults.forEach((fault, index) => {
    if (fault.id === undefined) return;
    const first = ids.get(fault.id);
    if (first === undefined) ids.set(fault.id, index);
    else
      diagnostics.error(["faults", index, "id"], `fault id ${fault.id} is already taken by faults[${first}]`, {
        expected: "an id no other fault has",
        found: fault.id,
      });
  });
  return ids;
}

/** The whole list, for a chained fault's `after: { fault: <id> }`. */
interface FaultList {
  readonly faults: readonly RawFault[];
  readonly ids: ReadonlyMap<string, number>;
}

function normaliseFault(
  fault: RawFault,
  index: number,
  durationUs: number,
  context: TargetContext,
  list: FaultList,
  diagnostics: Diagnostics,
): FaultSpec | undefined {
  const path: PathSegment[] = ["faults", index];
  const errorsBefore = diagnostics.errors.length;
  const duration = (key: keyof RawFault & string, positive: boolean): number | undefined => {
    const parsed = parseDuration(fault[key]);
    if (!parsed.ok) {
      diagnostics.error([...path, key], parsed.message, { expected: parsed.expected, found: parsed.found });
      return undefined;
    }
    if (positive && parsed.value === 0) diagnostics.error([...path, key], `${key} must be positive`, { found: String(fault[key]) });
    return parsed.value;
  };

  const atUs = duration("at", false);
  if (atUs !== undefined && atUs > durationUs) {
    diagnostics.error([...path, "at"], `fault at ${formatDurationUs(atUs)} is after the scenario's duration (${formatDurationUs(durationUs)})`, {
      hint: "faults fire within duration; the drain phase afterwards heals everything",
    });
  }
  const kinds = FAULT_KINDS.filter((kind) => fault[kind] !== undefined);
  if (kinds.length === 0) {
    diagnostics.error(path, "a fault needs a kind", { expected: `one of ${FAULT_KINDS.join(", ")}` });
    return undefined;
  }
  if (kinds.length > 1) {
    diagnostics.error([...path, kinds[1] as string], `a fault has exactly one kind; this one has ${kinds.join(" and ")}`, {
      at: "key",
      hint: "write them as separate faults",
    });
    return undefined;
  }
  const kind = kinds[0] as FaultKind;
  const allowed = COMPANIONS[kind];
  for (const companion of FAULT_COMPANIONS) {
    if (fault[companion] !== undefined && !allowed.includes(companion)) {
      diagnostics.error([...path, companion], `${companion} does not go with ${kind}`, {
        at: "key",
        hint: allowed.length > 0 ? `${kind} takes ${allowed.join(", ")}` : `${kind} takes no companion`,
      });
    }
  }
  if (kind === "pause" && fault.for === undefined) {
    diagnostics.error(path, `missing required key "for"`, { expected: "how long the pause lasts, e.g. for: 10s" });
  }
  const optional = (key: Companion): number | null => (fault[key] === undefined || !allowed.includes(key) ? null : (duration(key, true) ?? null));
  const targets = new TargetReader(context, diagnostics);
  const after =
    fault.after?.fault !== undefined && kind !== "add-partitions"
      ? readChain(fault, path, index, list, diagnostics)
      : readTrigger(fault, path, kind, context, diagnostics);
  const base = { index, id: fault.id ?? null, atUs: atUs ?? 0, after };

  let spec: FaultSpec | undefined;
  switch (kind) {
    case "crash":
    case "power-loss":
    case "shutdown":
    case "disk-loss":
      spec = { ...base, kind, target: targets.read([...path, kind], fault[kind]), restartAfterUs: optional("restart-after") };
      break;
    case "restart":
      spec = { ...base, kind, target: targets.read([...path, kind], fault.restart) };
      break;
    case "pause":
      spec = { ...base, kind, target: targets.read([...path, kind], fault.pause), forUs: optional("for") ?? 0 };
      break;
    case "isolate":
      spec = { ...base, kind, target: targets.read([...path, kind], fault.isolate), healAfterUs: optional("heal-after") };
      break;
    case "partition": {
      const groups = fault.partition ?? [];
      if (groups.length < 2) diagnostics.error([...path, kind], "a partition needs at least two groups", { expected: "[[…], […]]" });
      const read = groups.map((group, groupIndex) => targets.read([...path, kind, groupIndex], group, true));
      const rests = read.flatMap((group) => (group.kind === "list" ? group.items : [group])).filter((item) => item.kind === "rest");
      if (rests.length > 1) diagnostics.error([...path, kind], "rest may appear in only one group");
      spec = { ...base, kind, groups: read, healAfterUs: optional("heal-after") };
      break;
    }
    case "cut":
      spec = {
        ...base,
        kind,
        from: targets.read([...path, kind, "from"], fault.cut?.from),
        to: targets.read([...path, kind, "to"], fault.cut?.to),
        healAfterUs: optional("heal-after"),
      };
      break;
    case "delay":
    case "drop": {
      const between = fault[kind]?.between ?? [];
      if (between.length !== 2) {
        diagnostics.error([...path, kind, "between"], "between takes exactly two groups", { expected: "[[…], […]]" });
        break;
      }
      const pair = [targets.read([...path, kind, "between", 0], between[0]), targets.read([...path, kind, "between", 1], between[1])] as const;
      spec =
        kind === "delay"
          ? { ...base, kind, between: pair, extraUs: extraOf(fault, path, diagnostics), forUs: optional("for") }
          : { ...base, kind, between: pair, probability: fault.drop?.probability ?? 0, forUs: optional("for") };
      break;
    }
    case "heal":
      spec = { ...base, kind, scope: "all" };
      break;
    case "add-partitions": {
      const topic = fault["add-partitions"]!.topic;
      if (!context.topics.has(topic)) {
        diagnostics.error([...path, kind, "topic"], `no topic ${topic} is declared`, {
          expected: context.topics.size > 0 ? `one of ${[...context.topics.keys()].join(", ")}` : "a topic declared under topics",
          found: topic,
        });
      }
      spec = { ...base, kind, topic, count: fault["add-partitions"]!.count };
      break;
    }
  }
  return diagnostics.errors.length > errorsBefore ? undefined : spec;
}

/** Events of a partition's committed state: `after` may name the partition. */
const PARTITION_EVENTS: readonly TriggerEventKind[] = ["leader-change", "isr-shrink", "isr-expand"];
const TOPIC_PARTITION = /^([a-zA-Z0-9._-]+)-(\d+)$/;

/** A fault's `after` (docs/scenario-format.md "Faults triggered by events"), or null without one. */
function readTrigger(fault: RawFault, path: readonly PathSegment[], kind: FaultKind, context: TargetContext, diagnostics: Diagnostics): FaultTrigger | null {
  const raw = fault.after;
  if (raw === undefined) return null;
  const at = [...path, "after"];
  if (kind === "add-partitions") {
    diagnostics.error(at, "add-partitions takes no after", {
      at: "key",
      hint: "partition counts are checked in firing order, so add-partitions fires at its time",
    });
    return null;
  }
  if (raw.event === undefined) {
    diagnostics.error(at, "after needs an event or an earlier fault", {
      expected: `event: one of ${TRIGGER_EVENTS.join(", ")}; or fault: the id of an earlier fault`,
    });
    return null;
  }
  if (raw.on !== undefined)
    diagnostics.error([...at, "on"], "on does not go with event", { at: "key", hint: "on goes with fault: start or end of the earlier fault" });
  const event = raw.event;
  let partition: FaultTrigger["partition"] = null;
  if (raw.partition !== undefined) {
    const match = TOPIC_PARTITION.exec(raw.partition.trim());
    const count = match === null ? undefined : context.topics.get(match[1] as string);
    if (!PARTITION_EVENTS.includes(event)) {
      diagnostics.error([...at, "partition"], `partition does not go with ${event}`, { at: "key", hint: `partition goes with ${PARTITION_EVENTS.join(", ")}` });
    } else if (match === null) {
      diagnostics.error([...at, "partition"], "not a partition", { expected: "<topic>-<partition>, e.g. orders-0", found: JSON.stringify(raw.partition) });
    } else if (count === undefined) {
      diagnostics.error([...at, "partition"], `no topic ${match[1]} is declared`, {
        expected: context.topics.size > 0 ? `a partition of ${[...context.topics.keys()].join(", ")}` : "a partition of a topic declared under topics",
        found: raw.partition,
      });
    } else if (Number(match[2]) >= count) {
      diagnostics.error([...at, "partition"], `${match[1]} has ${count} partition(s)`, {
        expected: `${match[1]}-0 … ${match[1]}-${count - 1}`,
        found: raw.partition,
      });
    } else partition = { topic: match[1] as string, partition: Number(match[2]) };
  }
  let group: string | null = null;
  if (raw.group !== undefined) {
    if (event !== "rebalance") diagnostics.error([...at, "group"], `group does not go with ${event}`, { at: "key", hint: "group goes with rebalance" });
    else if (!context.groups.includes(raw.group)) {
      diagnostics.error([...at, "group"], `no consumer group ${raw.group}`, {
        expected: context.groups.length > 0 ? `one of ${context.groups.join(", ")}` : "a group declared under consumers",
        found: raw.group,
      });
    } else group = raw.group;
  }
  let delayUs = 0;
  if (raw.delay !== undefined) {
    const parsed = parseDuration(raw.delay);
    if (parsed.ok) delayUs = parsed.value;
    else diagnostics.error([...at, "delay"], parsed.message, { expected: parsed.expected, found: parsed.found });
  }
  return { event, partition, group, delayUs };
}

/** Kinds whose fault ends by itself when it has this companion (pause always ends: `for` is required). */
const ENDS_WITH: Readonly<Partial<Record<FaultKind, Companion>>> = {
  crash: "restart-after",
  "power-loss": "restart-after",
  shutdown: "restart-after",
  "disk-loss": "restart-after",
  pause: "for",
  partition: "heal-after",
  isolate: "heal-after",
  cut: "heal-after",
  delay: "for",
  drop: "for",
};

/**
 * A chained fault's `after: { fault: <id>, on, delay }` (docs/scenario-format.md "Chained faults"). The
 * earlier fault must come before this one in the list, which also rules out cycles; `on: end` needs
 * an earlier fault that ends (a restart, heal or resume companion).
 */
function readChain(fault: RawFault, path: readonly PathSegment[], index: number, list: FaultList, diagnostics: Diagnostics): FaultChain | null {
  const raw = fault.after!;
  const at = [...path, "after"];
  const id = raw.fault as string;
  const errorsBefore = diagnostics.errors.length;
  if (raw.event !== undefined) {
    diagnostics.error([...at, "event"], "after waits for an event or follows a fault, not both", {
      at: "key",
      hint: "write two faults, or chain the second to the first",
    });
  }
  for (const key of ["partition", "group"] as const) {
    if (raw[key] !== undefined) diagnostics.error([...at, key], `${key} does not go with fault`, { at: "key", hint: `${key} filters an event` });
  }
  const earlier = list.ids.get(id);
  const earlierIds = [...list.ids].filter(([, position]) => position < index).map(([name]) => name);
  if (earlier === undefined) {
    const suggestion = closest(id, earlierIds);
    diagnostics.error([...at, "fault"], `no fault has id ${id}`, {
      expected: earlierIds.length > 0 ? `the id of an earlier fault: ${earlierIds.join(", ")}` : "the id of an earlier fault (give it one with id:)",
      found: id,
      ...(suggestion === undefined ? {} : { hint: `did you mean ${suggestion}?` }),
    });
  } else if (earlier === index) {
    diagnostics.error([...at, "fault"], `a fault cannot follow itself (${id} is this fault's own id)`, { found: id });
  } else if (earlier > index) {
    diagnostics.error([...at, "fault"], `${id} is faults[${earlier}], later in the list: a fault follows only an earlier one`, {
      expected: earlierIds.length > 0 ? `the id of an earlier fault: ${earlierIds.join(", ")}` : "the id of an earlier fault",
      found: id,
      hint: `move ${id} before this fault (this also keeps chains free of cycles)`,
    });
  }
  const on = raw.on ?? "start";
  if (on === "end" && earlier !== undefined && earlier < index) {
    const source = list.faults[earlier] as RawFault;
    const kind = FAULT_KINDS.find((k) => source[k] !== undefined);
    const ending = kind === undefined ? undefined : ENDS_WITH[kind];
    if (kind !== undefined && (ending === undefined || source[ending] === undefined)) {
      diagnostics.error([...at, "on"], `${id} (${kind}) never ends, so nothing can follow its end`, {
        expected: "start, or an earlier fault that ends",
        found: "end",
        hint: ending === undefined ? `${kind} has no end; use on: start` : `give ${id} ${ending}`,
      });
    }
  }
  let delayUs = 0;
  if (raw.delay !== undefined) {
    const parsed = parseDuration(raw.delay);
    if (parsed.ok) delayUs = parsed.value;
    else diagnostics.error([...at, "delay"], parsed.message, { expected: parsed.expected, found: parsed.found });
  }
  return diagnostics.errors.length > errorsBefore || earlier === undefined ? null : { fault: id, faultIndex: earlier, on, delayUs };
}

function extraOf(fault: RawFault, path: readonly PathSegment[], diagnostics: Diagnostics): number {
  const parsed = parseDuration(fault.delay?.extra);
  if (!parsed.ok) {
    diagnostics.error([...path, "delay", "extra"], parsed.message, { expected: parsed.expected, found: parsed.found });
    return 0;
  }
  return parsed.value;
}

/** Reads target expressions, reporting syntax errors and names that do not exist. */
class TargetReader {
  constructor(
    private readonly context: TargetContext,
    private readonly diagnostics: Diagnostics,
  ) {}

  read(path: readonly PathSegment[], raw: string | readonly string[] | undefined, allowRest = false): Target {
    if (Array.isArray(raw)) {
      if (raw.length === 0) this.diagnostics.error(path, "an empty list of targets", { expected: "at least one target" });
      return { kind: "list", items: raw.map((item, index) => this.one([...path, index], item, allowRest)) };
    }
    return this.one(path, raw, allowRest);
  }

  private one(path: readonly PathSegment[], raw: unknown, allowRest: boolean): SingleTarget {
    const parsed = parseTargetExpression(raw);
    if (!parsed.ok) {
      this.diagnostics.error(path, parsed.message, { expected: parsed.expected, found: parsed.found });
      return { kind: "brokers" };
    }
    if (parsed.value.kind === "rest" && !allowRest) {
      this.diagnostics.error(path, "rest is only valid inside the groups of a partition", { found: "rest" });
    }
    const problem = checkTarget(parsed.value, this.context);
    if (problem !== undefined) this.diagnostics.error(path, problem.message, { found: JSON.stringify(raw), hint: problem.hint });
    return parsed.value;
  }
}
