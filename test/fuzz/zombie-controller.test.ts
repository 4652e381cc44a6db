/**
 * A zombie controller (src/fuzz/zombie-controller.ts): in ZooKeeper mode, one fault of a run
 * becomes a pause of the controller broker that outlasts its ZooKeeper session, next to another
 * fault; the controller wakes deposed.
 * Reference: KAFKA-6082 (a zombie controller's writes, fenced by the controller epoch and the
 * znode versions: KafkaController, KafkaZkClient), zookeeper.session.timeout.ms (18 s, KIP-537).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyZombie,
  buildFault,
  buildScenario,
  findProfile,
  rollArbitrary,
  scenarioShapeArbitrary,
  scheduledFaults,
  swarmArbitrary,
  TARGET_CLASSES,
  zkSessionMsOf,
  zombieArbitrary,
  type FaultShape,
  type FuzzProfile,
  type ZombieShape,
} from "kafkasim/fuzz";
import { faultShape, zkTargets as targets } from "./fault-shape.js";

const fault = (atPermille: number, kind: FaultShape["kind"], over: Partial<FaultShape> = {}): FaultShape =>
  faultShape(atPermille, kind, { companionHalfSeconds: 6, ...over });

const zombie = (over: Partial<ZombieShape> = {}): ZombieShape => ({ fault: 1, offsetTenths: -5, extraSeconds: 3, ...over });

const ms = (duration: string): number => (duration.endsWith("ms") ? Number(duration.slice(0, -2)) : Number(duration.slice(0, -1)) * 1000);

describe("zombie controller (swarm: the ZooKeeper-mode controller paused past its session)", () => {
  it("the drawn fault becomes a pause of `controller` for the session plus the drawn seconds, fired next to the fault after it", () => {
    const faults = [fault(100, "crash"), fault(300, "drop"), fault(600, "isolate", { roll: { target: "leader", start: 0, step: 1, downPermille: 100 } })];
    const durationMs = 20_000;
    const out = applyZombie(faults, zombie(), 6_000, durationMs);
    expect(out[0]).toBe(faults[0]);
    expect(out[2]).toBe(faults[2]);
    // The fault after the drop fires at 600‰ = 12 s; half a second earlier = 25‰ of 20 s.
    expect(out[1]).toMatchObject({ kind: "pause", atPermille: 575, trigger: null, zombieForMs: 9_000 });
    expect(buildFault(out[1] as FaultShape, durationMs, targets)).toEqual({ at: "11.5s", pause: "controller", for: "9s" });
    // The last fault pauses next to the first; a pause taken from a rolled step is no step.
    const last = applyZombie(faults, zombie({ fault: 2, offsetTenths: 10 }), 18_000, durationMs)[2] as FaultShape;
    expect(last.roll).toBeUndefined();
    expect(buildFault(last, durationMs, targets)).toEqual({ at: "3s", pause: "controller", for: "21s" });
  });

  it("nothing changes without a zombie or outside ZooKeeper mode; a run of one fault gets the pause as a second fault; a silenced fault stays silent", () => {
    const faults = [fault(500, "pause"), fault(100, "drop")];
    expect(applyZombie(faults, null, 6_000, 20_000)).toEqual(faults);
    expect(applyZombie(faults, zombie(), null, 20_000)).toEqual(faults);
    const one = applyZombie([fault(500, "crash")], zombie({ offsetTenths: 10 }), 6_000, 10_000);
    expect(one).toHaveLength(2);
    expect(buildFault(one[1] as FaultShape, 10_000, targets)).toEqual({ at: "6s", pause: "controller", for: "9s" });
    const silenced = applyZombie([fault(500, "crash"), fault(100, "drop", { silent: true })], zombie(), 6_000, 20_000);
    expect(silenced[1]).toMatchObject({ kind: "pause", silent: true });
  });

  it("about one run in four draws a zombie controller; each pause outlasts the session by 1–10 s and starts within a second of another fault", () => {
    const zombies = fc.sample(zombieArbitrary(), { seed: 20_261_203, numRuns: 2000 });
    const share = zombies.filter((z) => z !== null).length / 2000;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
    const profile = findProfile("mutants") as FuzzProfile;
    const spec = profile.generation(["no-controller-epoch-check"]);
    const shapes = fc.sample(scenarioShapeArbitrary(spec), { seed: 20_261_203, numRuns: 400 });
    let zombieRuns = 0;
    for (const shape of shapes) {
      const written = buildScenario(shape, { name: "z", description: "a zombie controller" }, spec).faults ?? [];
      const withoutZombie =
        buildScenario({ ...shape, swarm: { ...shape.swarm!, zombie: null } }, { name: "z", description: "a zombie controller" }, spec).faults ?? [];
      const session = zkSessionMsOf(shape.cluster, spec);
      if (shape.swarm?.zombie === undefined || shape.swarm.zombie === null || session === null) {
        // KRaft mode or no zombie: the faults the run wrote before the ingredient existed.
        expect(written).toEqual(withoutZombie);
        continue;
      }
      zombieRuns++;
      const pauses = scheduledFaults(shape, spec).filter((f) => f.zombieForMs !== undefined);
      expect(pauses).toHaveLength(1);
      const pause = written.find((f) => f.pause === "controller" && ms(String(f.for)) === pauses[0]!.zombieForMs);
      expect(pause).toBeDefined();
      expect(ms(String(pause!.for)) - session).toBeGreaterThanOrEqual(1_000);
      expect(ms(String(pause!.for)) - session).toBeLessThanOrEqual(10_000);
      const others = written.filter((f) => f !== pause).map((f) => ms(String(f.at)));
      // Within a second (plus the grids of thousandths and 100 ms) of another fault's time.
      const grid = shape.durationSeconds + 100;
      expect(others.some((at) => Math.abs(at - ms(String(pause!.at))) <= 1_000 + grid)).toBe(true);
    }
    expect(zombieRuns).toBeGreaterThan(20);
  });

  it("the zombie is the swarm's last field: every swarm is drawn as before it existed, a zombie's only added", () => {
    const kinds = (findProfile("mutants") as FuzzProfile).generation([]).faultKinds;
    // The swarm as drawn before the zombie controller: the same fields in the same order, without the last.
    const before = fc
      .record({
        off: fc.tuple(...kinds.map(() => fc.boolean())),
        maxFaults: fc.integer({ min: 1, max: 6 }),
        burstPermille: fc.option(fc.integer({ min: 20, max: 300 }), { freq: 2 }),
        targetsOff: fc.tuple(...TARGET_CLASSES.map(() => fc.boolean())),
        spacingPermille: fc.option(fc.integer({ min: 100, max: 350 }), { freq: 2 }),
        triggers: fc.boolean(),
        companionsInRun: fc.boolean().map((outside) => !outside),
        clientEighths: fc.constantFrom(2, 1, 4, 8),
        roll: rollArbitrary(),
      })
      .map(({ off, targetsOff, ...rest }) => {
        const on = kinds.filter((_, index) => off[index] !== true);
        const targetList = TARGET_CLASSES.filter((_, index) => targetsOff[index] !== true);
        return { ...rest, kinds: on.length === 0 ? [...kinds] : on, targets: targetList.length === 0 ? [...TARGET_CLASSES] : targetList };
      });
    const now = fc.sample(swarmArbitrary(kinds), { seed: 99, numRuns: 600 });
    const then = fc.sample(before, { seed: 99, numRuns: 600 });
    let zombies = 0;
    now.forEach((swarm, i) => {
      const { zombie: drawn, ...rest } = swarm;
      if (drawn !== undefined) zombies++;
      expect(rest).toEqual(then[i]);
    });
    expect(zombies).toBeGreaterThan(100);
  });
});
