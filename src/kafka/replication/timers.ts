/**
 * The timers of the replica manager component and its parts (produce, fetch handler, fetcher):
 * one `{ kind }` union, set through `ReplicationContext.setTimer` and fired by the replica
 * manager's TimerTable, so a part can only set a timer the component handles.
 */
export type ReplicaTimer =
  | { kind: "isr-expiration" }
  | { kind: "hw-checkpoint" }
  | { kind: "retention" }
  | { kind: "flush"; topic: string; partition: number }
  | { kind: "produce-timeout"; id: number }
  | { kind: "produce-unmuted"; client: string; connectionId: string }
  | { kind: "fetch-timeout"; id: number }
  | { kind: "fetcher-timeout"; leaderId: number; correlationId: number }
  | { kind: "fetcher-backoff"; leaderId: number };

/** The component name the broker hands these timers back to. */
export const REPLICA_MANAGER = "replica-manager";
