/**
 * An in-test stand-in for the controller (reusable by other engineers' tests): it elects leaders in
 * assignment order from the ISR (docs/kafka-rules.md §1.6), bumps leader and partition epochs, validates
 * AlterPartition by broker epoch, leader epoch and partition epoch (§1.3), and pushes every change
 * to the replicas' agents after a small delay. It is not an actor: it lives beside the World and
 * reaches brokers through their FakeControllerAgent.
 */
import type { World } from "../../../../src/sim/world.js";
import { clonePartitionState, type PartitionState } from "../../../../src/kafka/metadata/partition-state.js";
import type { AlterPartitionRequest, AlterPartitionResponse } from "../../../../src/kafka/protocol/control.js";
import type { KafkaError } from "../../../../src/kafka/protocol/errors.js";
import { tpName } from "../../../../src/kafka/protocol/records.js";
import type { FakeControllerAgent } from "./fake-agent.js";

// The stand-in's own trace records, declared as the model declares its (src/kafka/trace-events.ts).
declare module "../../../../src/sim/trace.js" {
  interface TraceEvents {
    "fake-controller-election": TraceFields;
    "fake-controller-alter-partition": TraceFields;
  }
}

export interface FakeTopic {
  name: string;
  partitions: number;
  /** Replica lists per partition, in assignment order. */
  assignment: number[][];
  /** Resolved topic config as the brokers' metadata image should carry it. */
  config: Record<string, unknown>;
}

interface BrokerRecord {
  epoch: number;
  alive: boolean;
  agent: FakeControllerAgent | null;
}

export class FakeController {
  readonly states = new Map<string, PartitionState>();
  readonly topics = new Map<string, FakeTopic>();
  readonly brokers = new Map<number, BrokerRecord>();
  /** Brokers the controller cannot reach: pushes to them are withheld (a zombie keeps its old view). */
  readonly unreachable = new Set<number>();
  /** Every AlterPartition the controller answered, for assertions. */
  readonly alterLog: { request: AlterPartitionRequest; response: AlterPartitionResponse }[] = [];
  private nextBrokerEpoch = 100;

  constructor(
    readonly world: World,
    readonly delayUs = 2000,
    readonly uncleanLeaderElection = false,
  ) {}

  state(topic: string, partition: number): PartitionState {
    const state = this.states.get(tpName(topic, partition));
    if (!state) throw new Error(`no partition ${tpName(topic, partition)}`);
    return state;
  }

  /** Create a topic: ISR = all replicas, leader = the first, epochs 0; pushed to live brokers. */
  createTopic(topic: FakeTopic): void {
    this.topics.set(topic.name, topic);
    topic.assignment.forEach((replicas, partition) => {
      const state: PartitionState = {
        topic: topic.name,
        partition,
        replicas: [...replicas],
        isr: replicas.filter((id) => this.brokers.get(id)?.alive ?? false),
        elr: [],
        lastKnownElr: [],
        leader: -1,
        leaderEpoch: -1,
        partitionEpoch: 0,
        leaderRecoveryState: "RECOVERED",
      };
      if (state.isr.length === 0) state.isr = [...replicas];
      this.states.set(tpName(topic.name, partition), state);
      this.elect(state, null);
    });
  }

  /** A broker (re)registered: new broker epoch; it gets the state of everything it hosts. */
  register(brokerId: number, agent: FakeControllerAgent): number {
    const epoch = this.nextBrokerEpoch++;
    this.brokers.set(brokerId, { epoch, alive: true, agent });
    this.announceBrokers();
    for (const state of this.sortedStates()) {
      if (!state.replicas.includes(brokerId)) continue;
      if (state.leader < 0 && state.isr.includes(brokerId)) this.elect(state, null);
      else this.pushTo(brokerId, state);
    }
    return epoch;
  }

  /** The broker is dead or fenced (session expiry): out of every ISR, leaderships moved. */
  brokerFailed(brokerId: number): void {
    const record = this.brokers.get(brokerId);
    if (record) record.alive = false;
    this.announceBrokers();
    for (const state of this.sortedStates()) {
      if (!state.replicas.includes(brokerId)) continue;
      const wasLeader = state.leader === brokerId;
      if (state.isr.includes(brokerId) && state.isr.length > 1) state.isr = state.isr.filter((id) => id !== brokerId);
      if (wasLeader) this.elect(state, brokerId);
      else {
        state.partitionEpoch++;
        this.push(state);
      }
    }
  }

  /** Fail over one partition away from its leader (which may still be running: a zombie); `to` picks the new leader. */
  failover(topic: string, partition: number, to?: number): void {
    const state = this.state(topic, partition);
    this.elect(state, state.leader, to);
  }

  /** Leader election (§1.6): first live ISR replica in assignment order; unclean if allowed. */
  elect(state: PartitionState, exclude: number | null, preferred?: number): void {
    const alive = (id: number): boolean => id !== exclude && (this.brokers.get(id)?.alive ?? false);
    const order = preferred === undefined ? state.replicas : [preferred, ...state.replicas.filter((id) => id !== preferred)];
    let leader = order.find((id) => state.isr.includes(id) && alive(id)) ?? -1;
    if (leader < 0 && this.uncleanLeaderElection) {
      leader = state.replicas.find(alive) ?? -1;
      if (leader >= 0) state.isr = [leader];
    }
    if (leader >= 0 && exclude !== null && state.isr.includes(exclude) && state.isr.length > 1) state.isr = state.isr.filter((id) => id !== exclude);
    state.leader = leader;
    state.leaderEpoch++;
    state.partitionEpoch++;
    this.world.trace.record({
      atUs: this.world.now,
      type: "fake-controller-election",
      node: "controller",
      topic: state.topic,
      partition: state.partition,
      leader,
      leaderEpoch: state.leaderEpoch,
      isr: [...state.isr],
    });
    this.push(state);
  }

  /** AlterPartition, answered after the delay (KIP-497 validation, §1.3). */
  alterPartition(request: AlterPartitionRequest, agent: FakeControllerAgent): void {
    const sender = this.brokers.get(request.brokerId);
    const staleBroker = !sender || !sender.alive || sender.epoch !== request.brokerEpoch;
    const partitions = request.partitions.map((entry) => {
      const state = this.states.get(tpName(entry.topic, entry.partition));
      let error: KafkaError = "NONE";
      if (!state) error = "UNKNOWN_TOPIC_OR_PARTITION";
      else if (staleBroker) error = "STALE_BROKER_EPOCH";
      else if (entry.leaderEpoch !== state.leaderEpoch || state.leader !== request.brokerId) error = "FENCED_LEADER_EPOCH";
      else if (entry.partitionEpoch !== state.partitionEpoch) error = "INVALID_UPDATE_VERSION";
      else {
        const added = entry.newIsr.filter((id) => !state.isr.includes(id));
        const ineligible = added.some((id) => {
          const b = this.brokers.get(id);
          const claimed = entry.newIsrBrokerEpochs.find((e) => e.brokerId === id)?.brokerEpoch ?? -1;
          return !b || !b.alive || (claimed >= 0 && claimed !== b.epoch);
        });
        if (ineligible) error = "INELIGIBLE_REPLICA";
      }
      if (error === "NONE" && state) {
        state.isr = [...entry.newIsr];
        state.partitionEpoch++;
        this.push(state);
      }
      return {
        topic: entry.topic,
        partition: entry.partition,
        error,
        leader: state?.leader ?? -1,
        leaderEpoch: state?.leaderEpoch ?? -1,
        isr: state ? [...state.isr] : [],
        partitionEpoch: state?.partitionEpoch ?? -1,
      };
    });
    const response: AlterPartitionResponse = { type: "AlterPartitionResponse", correlationId: request.correlationId, error: "NONE", partitions };
    this.alterLog.push({ request, response });
    this.world.trace.record({
      atUs: this.world.now,
      type: "fake-controller-alter-partition",
      node: "controller",
      broker: request.brokerId,
      results: partitions.map((p) => ({ tp: tpName(p.topic, p.partition), error: p.error, isr: p.isr })),
    });
    this.world.at(this.world.now + this.delayUs, () => agent.deliverAlterPartitionResponse(response));
  }

  brokerEpoch(brokerId: number): number {
    return this.brokers.get(brokerId)?.epoch ?? -1;
  }

  /** Broker registrations and fencing reach every live broker's metadata image after the delay. */
  private announceBrokers(): void {
    for (const [id, record] of [...this.brokers.entries()].sort((a, b) => a[0] - b[0])) {
      if (!record.alive || !record.agent || this.unreachable.has(id)) continue;
      const agent = record.agent;
      this.world.at(this.world.now + this.delayUs, () => agent.refreshMetadata());
    }
  }

  private sortedStates(): PartitionState[] {
    return [...this.states.values()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  }

  /** Push to every live, reachable replica. */
  private push(state: PartitionState): void {
    for (const id of state.replicas) this.pushTo(id, state);
  }

  private pushTo(brokerId: number, state: PartitionState): void {
    const record = this.brokers.get(brokerId);
    if (!record?.alive || !record.agent || this.unreachable.has(brokerId)) return;
    const agent = record.agent;
    const copy = clonePartitionState(state);
    this.world.at(this.world.now + this.delayUs, () => agent.deliverPartitionState(copy));
  }
}
