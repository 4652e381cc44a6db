/** A drawn fault shape for the fuzz tests: fault 3 of the targets, one link side, a trigger drawn (used only where the swarm allows triggers); `over` changes any field. */
import type { FaultShape } from "kafkasim/fuzz";

export const faultShape = (atPermille: number, kind: FaultShape["kind"], over: Partial<FaultShape> = {}): FaultShape => ({
  atPermille,
  kind,
  first: 3,
  second: 1,
  pair: false,
  related: false,
  companionHalfSeconds: null,
  dropTenths: 1,
  delaySteps: 1,
  trigger: { event: 0, delaySteps: 4 },
  ...over,
});
