/** Fixtures of the fuzz tests: a drawn fault shape, and the fault targets of a small ZooKeeper-mode cluster. */
import { faultTargets, type FaultShape } from "kafkasim/fuzz";

/** A drawn fault shape: fault 3 of the targets, one link side, a trigger drawn (used only where the swarm allows triggers); `over` changes any field. */

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

/** The fault targets of 3 brokers, a 3-node ZooKeeper ensemble, `orders` with 2 partitions, producer p1 and consumer g1-1. */
export const zkTargets = faultTargets({
  brokerNames: ["broker-1", "broker-2", "broker-3"],
  controllerNames: ["zk-1", "zk-2", "zk-3"],
  topics: [{ name: "orders", partitions: 2 }],
  producers: [{ name: "p1", topic: "orders" }],
  consumers: [{ name: "g1-1", group: "g1" }],
});
