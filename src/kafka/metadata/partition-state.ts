/**
 * The controller's authoritative state of one partition (KRaft PartitionRecord/PartitionChangeRecord,
 * or ZooKeeper's /brokers/topics/<t>/partitions/<p>/state). Broker ids are numbers (broker-3 → 3).
 */
export const NO_LEADER = -1;

export type LeaderRecoveryState = "RECOVERED" | "RECOVERING";

export interface PartitionState {
  topic: string;
  partition: number;
  /** Assigned replicas in assignment order (the first is the preferred leader). */
  replicas: number[];
  isr: number[];
  /** Eligible leader replicas (KIP-966); always [] when ELR is off. */
  elr: number[];
  /** Last known ELR members, for ELR recovery (KIP-966). */
  lastKnownElr: number[];
  leader: number;
  leaderEpoch: number;
  /** Bumped on every change (KRaft partition epoch, ZooKeeper znode version). */
  partitionEpoch: number;
  leaderRecoveryState: LeaderRecoveryState;
}

/** Node names of broker ids 0..1023, built once: the same string object on every call, so the map lookups keyed by node name compare by identity. */
const BROKER_NODES: readonly string[] = Object.freeze(Array.from({ length: 1024 }, (_, id) => `broker-${id}`));

export const brokerNode = (id: number): string => BROKER_NODES[id] ?? `broker-${id}`;

const BROKER_PREFIX = "broker-";

/** The broker id of a node name `broker-<digits>` (read without a regular expression: a follower does it per fetch response). */
export function brokerIdOf(node: string): number {
  const n = node.length;
  let ok = n > BROKER_PREFIX.length && node.startsWith(BROKER_PREFIX);
  for (let i = BROKER_PREFIX.length; ok && i < n; i++) {
    const c = node.charCodeAt(i);
    ok = c >= 48 && c <= 57;
  }
  if (!ok) throw new Error(`not a broker node name: ${node}`);
  return Number(node.slice(BROKER_PREFIX.length));
}

/**
 * A partition state as an immutable value shared by every node that holds it. A record replayed
 * from the KRaft metadata log is one object on every voter and broker that replays it, so a
 * cluster of 100 brokers and 10,000 partitions keeps 10,000 states instead of two copies per broker
 * (its replayed state and its image). Frozen, lists included, so that a write to a shared state
 * throws instead of silently changing every node's view; who needs to change one clones it.
 */
export function sharedPartitionState(state: PartitionState): PartitionState {
  if (!Object.isFrozen(state)) {
    Object.freeze(state.replicas);
    Object.freeze(state.isr);
    Object.freeze(state.elr);
    Object.freeze(state.lastKnownElr);
    Object.freeze(state);
  }
  return state;
}

export function clonePartitionState(state: PartitionState): PartitionState {
  return { ...state, replicas: [...state.replicas], isr: [...state.isr], elr: [...state.elr], lastKnownElr: [...state.lastKnownElr] };
}
