import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadScenarioText, type Scenario } from "kafkasim";
import {
  DEFAULT_PROFILE,
  FUZZ_FAULT_KINDS,
  MAX_FAULTS,
  TARGET_CLASSES,
  applySwarm,
  buildFault,
  buildScenario,
  companionMs,
  faultTargets,
  findProfile,
  focusTargets,
  mutantNames,
  scenarioArbitrary,
  scenarioShapeArbitrary,
  scenarioToYaml,
  zkSessionMsOf,
  type FaultShape,
  type FuzzProfile,
  type ScenarioFrame,
} from "kafkasim/fuzz";
import type { RawScenario } from "kafkasim/fuzz";

const MUTANTS = ["acks-all-early-ack", "hw-ignores-isr"];

function frame(profile: FuzzProfile): ScenarioFrame {
  return { name: `fuzz-${profile.name}-1-1`, description: "generated for a test", expect: profile.expect };
}

/** Generate with `profile`, write as YAML, load: the loader is the judge of validity. */
function forEachLoaded(profile: FuzzProfile, numRuns: number, check: (scenario: Scenario) => void): void {
  fc.assert(
    fc.property(scenarioArbitrary(profile.generation(MUTANTS), frame(profile)), (raw) => {
      const loaded = loadScenarioText(scenarioToYaml(raw), "generated.yaml");
      expect(loaded.warnings.map((warning) => warning.message)).toEqual([]);
      check(loaded.scenario);
    }),
    { seed: 20_251_125, numRuns },
  );
}

const processKinds = (scenario: Scenario) => scenario.faults.map((fault) => fault.kind);

describe("fuzz arbitraries generate valid, small scenarios (docs/scenario-format.md File)", () => {
  it("every acks-all-durability scenario loads without validation errors or warnings, within the size limits", () => {
    forEachLoaded(findProfile(DEFAULT_PROFILE) as FuzzProfile, 200, (scenario) => {
      expect(scenario.cluster.brokers).toBeGreaterThanOrEqual(3);
      expect(scenario.cluster.brokers).toBeLessThanOrEqual(5);
      expect(scenario.cluster.protocol.preset).toBe("modern");
      expect(scenario.topics.length).toBeGreaterThanOrEqual(1);
      expect(scenario.topics.length).toBeLessThanOrEqual(2);
      for (const topic of scenario.topics) {
        expect(topic.partitions).toBeGreaterThanOrEqual(1);
        expect(topic.partitions).toBeLessThanOrEqual(3);
        expect(topic.replicationFactor).toBeLessThanOrEqual(scenario.cluster.brokers);
      }
      expect(scenario.producers.length).toBeGreaterThanOrEqual(1);
      expect(scenario.producers.length).toBeLessThanOrEqual(2);
      for (const producer of scenario.producers) {
        expect(producer.ratePerSecond).toBeGreaterThanOrEqual(50);
        expect(producer.ratePerSecond).toBeLessThanOrEqual(300);
        expect(producer.keys).toBeLessThanOrEqual(8);
      }
      expect(scenario.consumers.length).toBeLessThanOrEqual(1);
      for (const group of scenario.consumers) expect(group.instances).toBeLessThanOrEqual(2);
      expect(scenario.durationUs).toBeGreaterThanOrEqual(10_000_000);
      expect(scenario.durationUs).toBeLessThanOrEqual(60_000_000);
      expect(scenario.faults.length).toBeGreaterThanOrEqual(1);
      expect(scenario.faults.length).toBeLessThanOrEqual(MAX_FAULTS);
      for (const fault of scenario.faults) expect(fault.atUs).toBeLessThanOrEqual(scenario.durationUs);
    });
  });

  it("acks-all-durability holds Kafka's durable configuration: acks=all, RF 3, min.insync.replicas=2, clean elections, no power loss (Reference: docs/anomalies.md Expected outcomes)", () => {
    forEachLoaded(findProfile("acks-all-durability") as FuzzProfile, 100, (scenario) => {
      for (const producer of scenario.producers) expect(producer.config.acks).toBe("all");
      for (const topic of scenario.topics) {
        expect(topic.replicationFactor).toBe(3);
        expect(topic.config["min.insync.replicas"]).toBe(2);
        expect(topic.config["unclean.leader.election.enable"]).toBe(false);
      }
      expect(processKinds(scenario)).not.toContain("power-loss");
      expect(processKinds(scenario)).not.toContain("disk-loss");
      expect(scenario.expect.map((e) => `${e.metric} ${e.op} ${e.value}`)).toEqual(["lost-write == 0"]);
      expect(scenario.cluster.bugs).toEqual([]);
    });
  });

  it("idempotence scenarios have idempotent producers (enable.idempotence=true, ≤ 5 in flight) and only drop/delay faults (Reference: docs/anomalies.md Expected outcomes, idempotence on)", () => {
    forEachLoaded(findProfile("idempotence") as FuzzProfile, 100, (scenario) => {
      for (const producer of scenario.producers) {
        expect(producer.config["enable.idempotence"]).toBe(true);
        expect(producer.config["max.in.flight.requests.per.connection"]).toBeLessThanOrEqual(5);
      }
      for (const kind of processKinds(scenario)) expect(["drop", "delay"]).toContain(kind);
      expect(scenario.expect.map((e) => e.metric).sort()).toEqual(["duplicate", "nonmonotonic-send"]);
    });
  });

  it("invariants scenarios range over acks 0/1/all and every fuzz fault kind, power loss included", () => {
    const acks = new Set<string>();
    const kinds = new Set<string>();
    forEachLoaded(findProfile("invariants") as FuzzProfile, 200, (scenario) => {
      for (const producer of scenario.producers) acks.add(producer.config.acks);
      for (const kind of processKinds(scenario)) kinds.add(kind);
      for (const topic of scenario.topics) expect(topic.config["min.insync.replicas"]).toBeLessThanOrEqual(topic.replicationFactor);
    });
    expect([...acks].sort()).toEqual(["0", "1", "all"]);
    expect([...kinds].sort()).toEqual([...FUZZ_FAULT_KINDS].sort());
  });

  it("mutants scenarios switch on exactly one protocol mutant from the list (cluster.bugs)", () => {
    forEachLoaded(findProfile("mutants") as FuzzProfile, 100, (scenario) => {
      expect(scenario.cluster.bugs).toHaveLength(1);
      expect(MUTANTS).toContain(scenario.cluster.bugs[0]);
    });
  });

  it("the search reaches clients, the metadata quorum and short sessions: faults aimed at consumers and producers, cuts from a broker role to every controller node, session.timeout.ms 6 s/10 s, zookeeper.session.timeout.ms 6 s only in ZooKeeper mode", () => {
    const samples = fc.sample(scenarioArbitrary((findProfile("mutants") as FuzzProfile).generation(MUTANTS), frame(findProfile("mutants") as FuzzProfile)), {
      seed: 20_251_203,
      numRuns: 300,
    });
    const faults = samples.flatMap((raw) => (raw.faults ?? []).map((fault) => JSON.stringify(fault)));
    expect(faults.some((fault) => /"(pause|crash|isolate|shutdown)":"g1-\d"/.test(fault))).toBe(true);
    expect(faults.some((fault) => /"(pause|crash|isolate|shutdown)":"p\d"/.test(fault))).toBe(true);
    expect(faults.some((fault) => fault.includes('"to":["controller-1","controller-2","controller-3"]'))).toBe(true);
    expect(faults.some((fault) => fault.includes('"to":["zk-1","zk-2","zk-3"]'))).toBe(true);
    // A broker cut off from its peers only: it stays registered while it falls behind.
    expect(faults.some((fault) => /"from":\["broker-\d"\],"to":\["brokers"\]/.test(fault))).toBe(true);
    // session.timeout.ms from group.min.session.timeout.ms (6 s) to 15 s, or Kafka's 45 s; max.poll.interval.ms 20–60 s or 300 s.
    const sessions = new Set(samples.flatMap((raw) => (raw.consumers ?? []).map((group) => String(group.config?.["session.timeout.ms"] ?? "default"))));
    expect([...sessions].sort()).toEqual(["10000", "11000", "12000", "13000", "14000", "15000", "6000", "7000", "8000", "9000", "default"]);
    const polls = new Set(samples.flatMap((raw) => (raw.consumers ?? []).map((group) => String(group.config?.["max.poll.interval.ms"] ?? "default"))));
    expect([...polls].sort()).toEqual(["20000", "30000", "60000", "default"]);
    // A slow consumer is never given a poll interval shorter than twice a full poll's processing (500 records).
    for (const group of samples.flatMap((raw) => raw.consumers ?? [])) {
      const poll = group.config?.["max.poll.interval.ms"];
      const perRecord = group["processing-time"] === undefined ? 0 : Number(String(group["processing-time"]).replace("ms", ""));
      if (poll !== undefined) expect(Number(poll)).toBeGreaterThanOrEqual(2 * 500 * perRecord);
    }
    const zk = samples.map((raw) => ({ mode: raw.cluster?.controller?.mode, timeout: raw.cluster?.["broker-config"]?.["zookeeper.session.timeout.ms"] }));
    expect(zk.some((c) => c.mode === "zookeeper" && c.timeout === 6000)).toBe(true);
    expect(zk.filter((c) => c.mode === "kraft" && c.timeout !== undefined)).toEqual([]);
  });

  it("swarm testing narrows a run's faults to a few target classes: some runs aim only at clients, some only at the metadata quorum, some at no client", () => {
    const profile = findProfile("mutants") as FuzzProfile;
    const samples = fc.sample(scenarioArbitrary(profile.generation(MUTANTS), frame(profile)), { seed: 20_261_203, numRuns: 300 });
    /** The first target of each fault (what it crashes, pauses, isolates, or cuts off). */
    const firstTargets = (raw: RawScenario) =>
      (raw.faults ?? []).map((fault) => {
        const f = fault as Record<string, unknown>;
        const kind = Object.keys(f).find((key) => !["at", "after", "restart-after", "heal-after", "for"].includes(key)) as string;
        const value = f[kind] as unknown;
        if (typeof value === "string") return value;
        if (kind === "cut") return (value as { from: string[] }).from[0] as string;
        if (kind === "partition") return ((value as string[][])[0] as string[])[0] as string;
        return ((value as { between: string[][] }).between[0] as string[])[0] as string;
      });
    const isClient = (target: string) => /^(p\d|g1-\d)$/.test(target);
    const isQuorum = (target: string) => /^(controller(-\d)?|zk-\d)$/.test(target);
    const runs = samples.map(firstTargets).filter((targets) => targets.length >= 2);
    expect(runs.some((targets) => targets.every(isClient))).toBe(true);
    expect(runs.some((targets) => targets.every(isQuorum))).toBe(true);
    expect(runs.some((targets) => targets.every((target) => !isClient(target)))).toBe(true);
    expect(runs.some((targets) => targets.some(isClient) && targets.some((target) => !isClient(target)))).toBe(true);
  });

  it("applySwarm: a burst squeezes the faults into a window after the first; a regular schedule spaces them evenly from the first; kinds map into the enabled ones", () => {
    const fault = (atPermille: number, kind: FaultShape["kind"]): FaultShape => ({
      atPermille,
      kind,
      first: 0,
      second: 1,
      pair: false,
      related: false,
      companionHalfSeconds: null,
      dropTenths: 1,
      delaySteps: 1,
    });
    const faults = [fault(300, "crash"), fault(900, "pause"), fault(100, "crash")];
    const at = (shapes: readonly FaultShape[]) => shapes.map((f) => f.atPermille);
    expect(at(applySwarm(faults, { kinds: ["crash", "pause"], maxFaults: 6 }, ["crash", "pause"]))).toEqual([300, 900, 100]);
    expect(at(applySwarm(faults, { kinds: ["crash", "pause"], maxFaults: 6, burstPermille: 100 }, ["crash", "pause"]))).toEqual([300, 390, 310]);
    expect(at(applySwarm(faults, { kinds: ["crash", "pause"], maxFaults: 6, spacingPermille: 250 }, ["crash", "pause"]))).toEqual([300, 550, 800]);
    // The schedule starts early enough for every fault to fire within the run.
    expect(at(applySwarm([fault(900, "crash"), ...faults], { kinds: ["crash"], maxFaults: 6, spacingPermille: 300 }, ["crash", "pause"]))).toEqual([
      100, 400, 700, 1000,
    ]);
    // A burst wins over a schedule; the cap keeps the first faults; a kind that is off takes an enabled one.
    const both = applySwarm(faults, { kinds: ["crash"], maxFaults: 2, burstPermille: 100, spacingPermille: 250 }, ["crash", "pause"]);
    expect(both.map((f) => [f.atPermille, f.kind])).toEqual([
      [300, "crash"],
      [390, "crash"],
    ]);
  });

  it("a fault that ends (restart-after, heal-after, for) ends inside the run, with at least 30 % of the time after it left — in the runs whose swarm says so", () => {
    const seconds = (d: string) => (d.endsWith("ms") ? Number(d.slice(0, -2)) / 1000 : Number(d.slice(0, -1)));
    let ends = 0;
    const profile = findProfile("acks-all-durability") as FuzzProfile;
    const spec = profile.generation([]);
    const shapes = fc.sample(scenarioShapeArbitrary(spec), { seed: 20_261_204, numRuns: 300 }).filter((shape) => shape.swarm?.companionsInRun !== false);
    expect(shapes.length).toBeGreaterThan(100);
    expect(shapes.length).toBeLessThan(250);
    for (const shape of shapes) {
      const raw = buildScenario(shape, frame(profile), spec);
      const session = zkSessionMsOf(shape.cluster, spec);
      const duration = seconds(raw.duration as string);
      for (const fault of raw.faults ?? []) {
        const f = fault as Record<string, unknown>;
        const lasts = (f["restart-after"] ?? f["heal-after"] ?? f["for"]) as string | undefined;
        if (lasts === undefined) continue;
        // A zombie controller's pause outlasts the ZooKeeper session, wherever the run ends (test/fuzz/zombie-controller.test.ts).
        if (session !== null && f["pause"] === "controller" && seconds(lasts) * 1000 > session) continue;
        ends++;
        const at = seconds(f["at"] as string);
        expect(seconds(lasts)).toBeGreaterThanOrEqual(0.5);
        expect(seconds(lasts) === 0.5 || at + seconds(lasts) <= at + 0.7 * (duration - at) + 1e-9, JSON.stringify({ duration, fault })).toBe(true);
      }
    }
    expect(ends).toBeGreaterThan(100);
    expect(companionMs(50, 0, 30_000)).toBe(21_000);
    expect(companionMs(10, 0, 30_000)).toBe(5_000);
    expect(companionMs(50, 29_000, 30_000)).toBe(500);
  });

  it('some faults wait for an event related to their first target (after: docs/scenario-format.md "Faults triggered by events"), only in runs whose swarm enables triggers', () => {
    const profile = findProfile("mutants") as FuzzProfile;
    const spec = profile.generation(MUTANTS);
    const shapes = fc.sample(scenarioShapeArbitrary(spec), { seed: 20_261_205, numRuns: 300 });
    let triggered = 0;
    const events = new Set<string>();
    for (const shape of shapes) {
      const raw = buildScenario(shape, frame(profile), spec);
      for (const fault of raw.faults ?? []) {
        const f = fault as Record<string, unknown>;
        const after = f["after"] as { event: string; partition?: string; group?: string } | undefined;
        if (after === undefined) continue;
        expect(shape.swarm?.triggers, JSON.stringify(fault)).not.toBe(false);
        triggered++;
        events.add(after.event);
        const first = Object.entries(f).find(([key]) => ["crash", "shutdown", "pause", "isolate", "restart"].includes(key))?.[1];
        // A consumer waits for its group's rebalance or for the first partition; a partition role for its own partition.
        if (typeof first === "string" && /^g1-\d$/.test(first)) expect(after.group ?? after.partition).toMatch(/^(g1|orders-0)$/);
        const role = typeof first === "string" ? /^(leader|followers)\((.+)\)$/.exec(first) : null;
        if (role !== null && after.partition !== undefined) expect(after.partition).toBe(role[2]);
      }
    }
    expect(triggered).toBeGreaterThan(30);
    expect([...events].sort()).toEqual(["controller-change", "isr-expand", "isr-shrink", "leader-change", "rebalance"]);
    expect(shapes.some((shape) => shape.swarm?.triggers === false)).toBe(true);
  });

  it("in runs whose swarm lets faults that end outlast the run, some restart, heal or resume after 70 % of what is left", () => {
    const seconds = (d: string) => (d.endsWith("ms") ? Number(d.slice(0, -2)) / 1000 : Number(d.slice(0, -1)));
    const profile = findProfile("acks-all-durability") as FuzzProfile;
    const spec = profile.generation([]);
    const shapes = fc.sample(scenarioShapeArbitrary(spec), { seed: 20_261_204, numRuns: 300 }).filter((shape) => shape.swarm?.companionsInRun === false);
    const late = shapes.flatMap((shape) => {
      const raw = buildScenario(shape, frame(profile), spec);
      const duration = seconds(raw.duration as string);
      return (raw.faults ?? []).filter((fault) => {
        const f = fault as Record<string, unknown>;
        const lasts = (f["restart-after"] ?? f["heal-after"] ?? f["for"]) as string | undefined;
        const at = seconds(f["at"] as string);
        return lasts !== undefined && seconds(lasts) > 0.7 * (duration - at) + 0.5;
      });
    });
    expect(late.length).toBeGreaterThan(10);
    expect(companionMs(50, 29_000, 30_000, false)).toBe(25_000);
  });

  it("buildFault writes a trigger on the first target's related event, cuts a voter off from the active controller and a broker from its peers", () => {
    const targets = faultTargets({
      brokerNames: ["broker-1", "broker-2", "broker-3"],
      controllerNames: ["controller-1", "controller-2", "controller-3"],
      topics: [{ name: "orders", partitions: 1 }],
      producers: [{ name: "p1", topic: "orders" }],
      consumers: [
        { name: "g1-1", group: "g1" },
        { name: "g1-2", group: "g1" },
      ],
    });
    const shape = (kind: FaultShape["kind"], first: number, more: Partial<FaultShape> = {}): FaultShape => ({
      atPermille: 500,
      kind,
      first,
      second: 0,
      pair: false,
      related: true,
      companionHalfSeconds: 10,
      dropTenths: 1,
      delaySteps: 1,
      ...more,
    });
    const at = (name: string) => targets.process.indexOf(name);
    // leader(orders-0): its own partition's events, in order; the delay in 50 ms steps.
    expect(buildFault(shape("crash", at("leader(orders-0)"), { trigger: { event: 0, delaySteps: 4 } }), 20_000, targets)).toEqual({
      at: "10s",
      after: { event: "leader-change", partition: "orders-0", delay: "200ms" },
      crash: "leader(orders-0)",
      "restart-after": "5s",
    });
    // A consumer waits for its group's rebalance.
    expect(buildFault(shape("pause", at("g1-2"), { trigger: { event: 0, delaySteps: 0 } }), 20_000, targets)).toMatchObject({
      after: { event: "rebalance", group: "g1" },
      pause: "g1-2",
    });
    expect(buildFault(shape("cut", at("controller-2")), 20_000, targets)).toMatchObject({ cut: { from: ["controller-2"], to: ["controller"] } });
    expect(buildFault(shape("cut", at("broker-2"), { second: 2 }), 20_000, targets)).toMatchObject({ cut: { from: ["broker-2"], to: ["brokers"] } });
    expect(buildFault(shape("cut", at("broker-2"), { second: 1 }), 20_000, targets)).toMatchObject({
      cut: { from: ["broker-2"], to: ["controller-1", "controller-2", "controller-3"] },
    });
    // Without the in-run cap, a restart comes as drawn even past the end of the run.
    expect(
      buildFault(shape("crash", at("broker-1"), { atPermille: 900, companionHalfSeconds: 20 }), 20_000, targets, { companionsInRun: false }),
    ).toMatchObject({
      "restart-after": "10s",
    });
    expect(buildFault(shape("crash", at("broker-1"), { atPermille: 900, companionHalfSeconds: 20 }), 20_000, targets)).toMatchObject({ "restart-after": "1s" });
  });

  it("focusTargets keeps the first targets of the enabled classes and the whole list for the other side of a link", () => {
    const targets = faultTargets({
      brokerNames: ["broker-1", "broker-2", "broker-3"],
      controllerNames: ["controller-1", "controller-2", "controller-3"],
      topics: [{ name: "orders", partitions: 1 }],
      producers: [{ name: "p1", topic: "orders" }],
      consumers: [{ name: "g1-1", group: "g1" }],
    });
    expect(focusTargets(targets, [...TARGET_CLASSES])).toBe(targets);
    const quorum = focusTargets(targets, ["quorum"]);
    expect(quorum.process).toEqual(["controller", "controller-1", "controller-2", "controller-3"]);
    expect(quorum.nodes).toEqual(["controller-1", "controller-2", "controller-3"]);
    expect(quorum.clients).toEqual([]);
    expect(quorum.otherSide).toEqual(targets.network);
    expect(focusTargets(targets, ["partitions", "clients"]).process).toEqual(["leader(orders-0)", "followers(orders-0)", "p1", "g1-1"]);
    // No node is a partition role: a restart then keeps every node.
    expect(focusTargets(targets, ["partitions"]).nodes).toEqual(targets.nodes);
  });

  it("shrinking goes to the smallest scenario: one crash of leader(orders-0) at 0s on 3 brokers, one partition, one producer at 50/s, 10s", () => {
    const profile = findProfile("acks-all-durability") as FuzzProfile;
    const hitsLeader = (raw: RawScenario) => (raw.faults ?? []).some((fault) => JSON.stringify(fault).includes("leader(orders-0)"));
    const details = fc.check(
      fc.property(scenarioArbitrary(profile.generation([]), frame(profile)), (raw) => !hitsLeader(raw)),
      { seed: 7, numRuns: 200 },
    );
    expect(details.failed).toBe(true);
    const [raw] = details.counterexample as [RawScenario];
    expect(raw.faults).toEqual([{ at: "0s", crash: "leader(orders-0)" }]);
    expect(raw.duration).toBe("10s");
    expect(raw.cluster.brokers).toBe(3);
    expect(raw.topics).toEqual([
      { name: "orders", partitions: 1, "replication-factor": 3, config: { "min.insync.replicas": 2, "unclean.leader.election.enable": false } },
    ]);
    expect(raw.producers).toEqual([{ name: "p1", topic: "orders", config: { acks: "all" }, rate: "50/s" }]);
    expect(raw.consumers).toBeUndefined();
  });
});

describe("the mutants profile draws from the catalogue of src/check/mutants.ts", () => {
  it("lists every mutant of the catalogue, sorted, including the replication ones", () => {
    const names = mutantNames();
    expect([...names].sort()).toEqual(names);
    expect(names).toEqual(expect.arrayContaining(["acks-all-early-ack", "hw-ignores-isr", "no-follower-truncation"]));
  });
});
