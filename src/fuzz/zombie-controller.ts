/**
 * A zombie controller (swarm testing, drawn per run; ZooKeeper mode only): one of the run's faults
 * becomes a pause of the `controller` broker that outlasts its ZooKeeper session
 * (zookeeper.session.timeout.ms plus 1–10 s, a long GC pause), fired within a second of another of
 * the run's faults. While it sleeps its session expires, the other brokers elect a new controller,
 * and when it wakes it still believes it is the controller and may act on what it knew before its
 * pause (KAFKA-6082: a zombie's writes are fenced only by the controller epoch and the znode
 * versions, KafkaController / KafkaZkClient's controller epoch zkVersion checks). The pause lands
 * among the run's other faults, so the new controller takes over while they unfold.
 */
import fc from "fast-check";
import type { FaultShape } from "./fault-arbitraries.js";

/** A drawn zombie controller. */
export interface ZombieShape {
  /** Which of the run's faults becomes the pause (an index, modulo the faults). */
  readonly fault: number;
  /** When it fires: the next fault's time plus this many tenths of a second (−10–10: within a second before or after). */
  readonly offsetTenths: number;
  /** How much longer than the ZooKeeper session the pause lasts, in seconds (1–10). */
  readonly extraSeconds: number;
}

/** Kafka's default zookeeper.session.timeout.ms (18 s since Kafka 2.5, KIP-537). */
export const DEFAULT_ZK_SESSION_TIMEOUT_MS = 18_000;

/** A zombie controller in one run in four; shrinks towards none. */
export function zombieArbitrary(): fc.Arbitrary<ZombieShape | null> {
  return fc.oneof(
    { withCrossShrink: true },
    { arbitrary: fc.constant(null), weight: 3 },
    {
      arbitrary: fc.record({
        fault: fc.nat({ max: 5 }),
        offsetTenths: fc.integer({ min: -10, max: 10 }),
        extraSeconds: fc.integer({ min: 1, max: 10 }),
      }),
      weight: 1,
    },
  );
}

/**
 * The run's faults with its zombie controller: the drawn fault becomes a pause of `controller`
 * lasting the session plus the drawn seconds, at the time of the fault after it in the list (the
 * first, after the last) moved by the drawn offset; a run of one fault gets the pause as a second
 * fault next to it. Nothing changes without a zombie, without faults, or outside ZooKeeper mode
 * (`sessionMs` null).
 */
export function applyZombie(faults: readonly FaultShape[], zombie: ZombieShape | null | undefined, sessionMs: number | null, durationMs: number): FaultShape[] {
  if (zombie === null || zombie === undefined || sessionMs === null || faults.length === 0) return [...faults];
  const single = faults.length === 1;
  const index = single ? 1 : zombie.fault % faults.length;
  const neighbour = faults[single ? 0 : (index + 1) % faults.length] as FaultShape;
  const base = faults[single ? 0 : index] as FaultShape;
  const shift = Math.round((zombie.offsetTenths * 100 * 1000) / durationMs);
  const { roll: _roll, silent: _silent, ...rest } = base;
  const pause: FaultShape = {
    ...rest,
    kind: "pause",
    atPermille: Math.min(1000, Math.max(0, neighbour.atPermille + shift)),
    trigger: null,
    zombieForMs: sessionMs + zombie.extraSeconds * 1000,
  };
  if (single) return [...faults, pause];
  // A fault the shrinker silenced stays silent as the pause.
  return faults.map((fault, i) => (i !== index ? fault : fault.silent === true ? { ...pause, silent: true } : pause));
}
