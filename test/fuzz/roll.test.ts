/**
 * Rolling failures (src/fuzz/roll.ts): a run's faults as the steps of a rolling restart or of a
 * nemesis that takes down the leader again and again.
 * Reference: Kafka's documentation, "Upgrading" (rolling restart: one broker at a time) and
 * KIP-966 / ZooKeeper-mode OfflinePartitionLeaderElection (an out-of-sync replica is not elected);
 * a roll of the metadata quorum: KIP-595 / Raft §5.4.1 (a voter back with a shorter log must not be
 * elected), KIP-996 (pre-vote).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyRoll,
  applySwarm,
  buildFault,
  buildScenario,
  faultTargets,
  findProfile,
  rollArbitrary,
  scenarioShapeArbitrary,
  type FaultShape,
  type FuzzProfile,
  type RollShape,
} from "kafkasim/fuzz";
import { faultShape, zkTargets as targets } from "./fault-shape.js";

const fault = (atPermille: number, kind: FaultShape["kind"], companionHalfSeconds: number | null = null): FaultShape =>
  faultShape(atPermille, kind, { companionHalfSeconds });

const roll = (over: Partial<RollShape> = {}): RollShape => ({
  target: "leader",
  crashSteps: 0b100,
  start: 1,
  intervalPermille: 200,
  downQuarters: 10,
  ...over,
});

describe("rolling failures (swarm: a rolling restart, or the leader taken down again and again)", () => {
  it("each fault becomes a step: fired an interval after the one before, a shutdown or a crash as the roll says, at its time, down for the roll's time", () => {
    const faults = [fault(500, "pause", 4), fault(100, "drop"), fault(900, "crash", 7), fault(0, "isolate")];
    const steps = applyRoll(faults, roll(), ["crash", "shutdown", "pause", "drop", "isolate"]);
    // Four steps 200‰ apart do not fit after 500‰: the roll starts at 400‰.
    expect(steps.map((step) => step.atPermille)).toEqual([400, 600, 800, 1000]);
    expect(steps.map((step) => step.kind)).toEqual(["shutdown", "shutdown", "crash", "shutdown"]);
    expect(steps.every((step) => step.trigger === null)).toBe(true);
    // 10 quarters of a 200‰ interval: each broker is down for 500‰ of the run.
    expect(steps.map((step) => step.roll)).toEqual([0, 1, 2, 3].map((step) => ({ target: "leader", start: 1, step, downPermille: 500 })));
  });

  it("without a roll the faults are unchanged; a kind the profile leaves out is replaced by the other; with neither, no roll", () => {
    const faults = [fault(500, "pause"), fault(100, "drop")];
    expect(applyRoll(faults, null, ["crash", "shutdown"])).toEqual(faults);
    expect(applyRoll(faults, roll({ crashSteps: 0 }), ["crash", "pause"]).map((step) => step.kind)).toEqual(["crash", "crash"]);
    expect(applyRoll(faults, roll({ crashSteps: 0b11 }), ["shutdown"]).map((step) => step.kind)).toEqual(["shutdown", "shutdown"]);
    expect(applyRoll(faults, roll(), ["pause", "drop"])).toEqual(faults);
  });

  it("a leader roll takes down whoever leads the first topic's partition 0 each time; a broker roll goes through the brokers in order, each restarted after the roll's time", () => {
    const durationMs = 20_000;
    const leaderRoll = applyRoll([fault(100, "pause"), fault(100, "pause")], roll(), ["crash", "shutdown"]);
    expect(leaderRoll.map((step) => buildFault(step, durationMs, targets))).toEqual([
      { at: "2s", shutdown: "leader(orders-0)", "restart-after": "10s" },
      { at: "6s", shutdown: "leader(orders-0)", "restart-after": "9.5s" },
    ]);
    const brokerRoll = applyRoll([fault(0, "pause"), fault(0, "pause"), fault(0, "pause")], roll({ target: "brokers", start: 2, downQuarters: null }), [
      "crash",
      "shutdown",
    ]);
    expect(brokerRoll.map((step) => buildFault(step, durationMs, targets))).toEqual([
      { at: "0s", shutdown: "broker-3" },
      { at: "4s", shutdown: "broker-1" },
      { at: "8s", crash: "broker-2" },
    ]);
  });

  it("a quorum roll goes through the metadata quorum's nodes by name in order from its start: the KRaft controllers or the ZooKeeper ensemble", () => {
    const durationMs = 20_000;
    const steps = applyRoll(
      [fault(250, "pause"), fault(250, "drop"), fault(250, "isolate"), fault(250, "pause")],
      roll({ target: "quorum", start: 1, crashSteps: 0b10, downQuarters: 6 }),
      ["crash", "shutdown"],
    );
    // ZooKeeper mode: zk-2, zk-3, zk-1, zk-2, each restarted after 1.5 intervals (6 s), the last
    // last two cut to 70 % of what is left of the run.
    expect(steps.map((step) => buildFault(step, durationMs, targets))).toEqual([
      { at: "5s", shutdown: "zk-2", "restart-after": "6s" },
      { at: "9s", crash: "zk-3", "restart-after": "6s" },
      { at: "13s", shutdown: "zk-1", "restart-after": "4.5s" },
      { at: "17s", shutdown: "zk-2", "restart-after": "2s" },
    ]);
    const kraft = faultTargets({
      brokerNames: ["broker-1", "broker-2", "broker-3", "broker-4"],
      controllerNames: ["controller-1", "controller-2", "controller-3"],
      topics: [{ name: "orders", partitions: 1 }],
      producers: [{ name: "p1", topic: "orders" }],
      consumers: [],
    });
    expect(steps.slice(0, 3).map((step) => buildFault(step, durationMs, kraft))).toEqual([
      { at: "5s", shutdown: "controller-2", "restart-after": "6s" },
      { at: "9s", crash: "controller-3", "restart-after": "6s" },
      { at: "13s", shutdown: "controller-1", "restart-after": "4.5s" },
    ]);
  });

  it("a step the shrinker silenced (it did nothing) is not written, and the other steps keep their times and brokers", () => {
    const profile = findProfile("mutants") as FuzzProfile;
    const spec = profile.generation(["zk-unclean-election-always"]);
    const [shape] = fc.sample(scenarioShapeArbitrary(spec), { seed: 7, numRuns: 1 });
    const steps = [fault(0, "pause"), fault(0, "pause"), fault(0, "pause")];
    const swarm = { kinds: spec.faultKinds, maxFaults: 6, roll: roll({ target: "brokers", start: 0 }) };
    const frame = { name: "silent", description: "a silenced step" };
    const all = buildScenario({ ...shape!, durationSeconds: 20, faults: steps, swarm }, frame, spec).faults;
    const silenced = buildScenario(
      { ...shape!, durationSeconds: 20, faults: steps.map((step, i) => (i === 1 ? { ...step, silent: true } : step)), swarm },
      frame,
      spec,
    ).faults;
    expect(all).toHaveLength(3);
    expect(silenced).toEqual([all![0], all![2]]);
  });

  it("the swarm of a rolling run keeps every drawn fault as a step, whatever its cap", () => {
    const faults = [fault(500, "pause"), fault(100, "drop"), fault(900, "crash")];
    const swarm = { kinds: ["crash", "pause"] as FaultShape["kind"][], maxFaults: 1, roll: roll() };
    expect(applySwarm(faults, swarm, ["crash", "shutdown", "pause", "drop"])).toHaveLength(3);
    expect(applySwarm(faults, { ...swarm, roll: null }, ["crash", "shutdown", "pause", "drop"])).toHaveLength(1);
  });

  it("about one run in four rolls; one roll in five leaves its brokers down until the drain; about one in three goes through the quorum", () => {
    const rolls = fc.sample(rollArbitrary(), { seed: 20_261_203, numRuns: 2000 }).filter((r): r is RollShape => r !== null);
    expect(rolls.length / 2000).toBeGreaterThan(0.2);
    expect(rolls.length / 2000).toBeLessThan(0.3);
    const quorum = rolls.filter((r) => r.target === "quorum").length / rolls.length;
    expect(quorum).toBeGreaterThan(0.25);
    expect(quorum).toBeLessThan(0.42);
    expect(rolls.filter((r) => r.target === "leader").length).toBeGreaterThan(0);
    expect(rolls.filter((r) => r.target === "brokers").length).toBeGreaterThan(0);
    const untilDrain = rolls.filter((r) => r.downQuarters === null).length / rolls.length;
    expect(untilDrain).toBeGreaterThan(0.1);
    expect(untilDrain).toBeLessThan(0.3);
  });

  it("the quorum target is drawn last: every roll that does not go through the quorum is drawn as before it existed", () => {
    // The roll as drawn before the quorum target: the same fields in the same order, without the last.
    const before = fc.oneof(
      { withCrossShrink: true },
      { arbitrary: fc.constant(null), weight: 3 },
      {
        arbitrary: fc.record({
          target: fc.constantFrom<RollShape["target"]>("leader", "brokers"),
          crashSteps: fc.oneof(fc.constant(0), fc.constant(0b111111), fc.integer({ min: 1, max: 0b111110 })),
          start: fc.nat({ max: 4 }),
          intervalPermille: fc.integer({ min: 80, max: 300 }),
          downQuarters: fc.option(fc.integer({ min: 2, max: 16 }), { freq: 5 }),
        }),
        weight: 1,
      },
    );
    const now = fc.sample(rollArbitrary(), { seed: 99, numRuns: 400 });
    const then = fc.sample(before, { seed: 99, numRuns: 400 });
    // fc.sample draws each value from its own generator, so earlier values do not shift later ones.
    let quorum = 0;
    now.forEach((roll, i) => {
      if (roll?.target === "quorum") {
        quorum++;
        expect({ ...roll, target: then[i]?.target }).toEqual(then[i]);
      } else expect(roll).toEqual(then[i]);
    });
    expect(quorum).toBeGreaterThan(10);
  });

  it("a generated mutants-profile scenario with a roll writes its steps as shutdowns and crashes of the leader role, of brokers or of quorum nodes by name", () => {
    const profile = findProfile("mutants") as FuzzProfile;
    const spec = profile.generation(["zk-unclean-election-always"]);
    const shapes = fc.sample(scenarioShapeArbitrary(spec), { seed: 20_261_203, numRuns: 200 }).filter((shape) => (shape.swarm?.roll ?? null) !== null);
    expect(shapes.length).toBeGreaterThan(20);
    for (const shape of shapes) {
      const steps = applySwarm(shape.faults, shape.swarm ?? null, spec.faultKinds);
      expect(steps).toHaveLength(shape.faults.length);
      expect(steps.every((step) => step.kind === "shutdown" || step.kind === "crash")).toBe(true);
    }
    const quorumRolls = shapes.filter((shape) => shape.swarm?.roll?.target === "quorum");
    expect(quorumRolls.length).toBeGreaterThan(3);
    for (const shape of quorumRolls) {
      const written = buildScenario({ ...shape }, { name: "q", description: "a quorum roll" }, spec);
      const nodes = written.cluster?.controller?.mode === "kraft" ? /^controller-[123]$/ : /^zk-[123]$/;
      // (A zombie controller's pause, test/fuzz/zombie-controller.test.ts, is no step.)
      for (const step of written.faults ?? []) if (step.pause !== "controller") expect(String(step.shutdown ?? step.crash)).toMatch(nodes);
    }
  });
});
