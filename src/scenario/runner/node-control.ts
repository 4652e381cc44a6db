/**
 * What each node fault does to a node, with its side effects on the invariant monitor (data loss
 * exempts a replica until it rejoins) and the client history (a crashed client process ends).
 */
import type { ControlledShutdownCommand } from "../../kafka/broker/broker.js";
import type { StopConsuming } from "../../kafka/consumer/index.js";
import { brokerIdOf } from "../../kafka/metadata/partition-state.js";
import type { BuiltCluster } from "./build-cluster.js";
import type { NodeControl } from "./fault-schedule.js";

const CLOSE_AND_EXIT: Readonly<StopConsuming> = Object.freeze({ type: "StopConsuming", exit: true });

export function nodeControl(cluster: BuiltCluster): NodeControl {
  const control = rawNodeControl(cluster);
  // Every operation may change which partitions have a running leader.
  const wrap = (op: (node: string) => string | null) => (node: string) => {
    const result = op(node);
    cluster.view.hostChanged();
    return result;
  };
  return {
    crash: wrap(control.crash),
    powerLoss: wrap(control.powerLoss),
    shutdown: wrap(control.shutdown),
    restart: wrap(control.restart),
    pause: wrap(control.pause),
    resume: wrap(control.resume),
    diskLoss: wrap(control.diskLoss),
    addPartitions: (topic, count) => {
      const admin = cluster.admin();
      if (admin === null || !cluster.world.host("admin")?.alive) return "the admin client is not running";
      admin.createPartitions(topic, count);
      // The drain and the final state judge every partition the topic will have.
      const spec = cluster.topics.find((t) => t.name === topic);
      if (spec && count > spec.partitions) spec.partitions = count;
      return null;
    },
  };
}

function rawNodeControl(cluster: BuiltCluster): Omit<NodeControl, "addPartitions"> {
  const { world, monitor, history, nodes } = cluster;
  const isBroker = (node: string) => nodes.brokers.includes(node);
  const isClient = (node: string) => nodes.producers.includes(node) || nodes.consumers.includes(node);
  const notRunning = (node: string): string | null => {
    const host = world.host(node);
    if (!host) return `no node ${node}`;
    return host.alive ? null : `${node} is not running (${host.status})`;
  };
  const clientEnded = (node: string) => {
    if (isClient(node)) history.recordClientEvent({ kind: "client-crash", process: `${node}#${world.host(node)!.incarnation}`, atUs: world.now });
  };
  return {
    crash(node) {
      const why = notRunning(node);
      if (why) return why;
      clientEnded(node);
      world.crash(node);
      return null;
    },
    powerLoss(node) {
      const why = notRunning(node);
      if (why) return why;
      clientEnded(node);
      world.powerLoss(node);
      if (isBroker(node)) monitor.brokerLostData(brokerIdOf(node));
      return null;
    },
    shutdown(node) {
      const why = notRunning(node);
      if (why) return why;
      if (world.host(node)!.status === "paused") return `${node} is paused`;
      if (isBroker(node)) world.inject(node, { type: "ControlledShutdownCommand" } satisfies ControlledShutdownCommand);
      // KafkaConsumer.close(): a final commit (with enable.auto.commit) and LeaveGroup, then the process ends.
      else if (nodes.consumers.includes(node)) world.inject(node, CLOSE_AND_EXIT);
      else {
        clientEnded(node);
        world.stop(node);
      }
      return null;
    },
    restart(node) {
      const host = world.host(node);
      if (!host) return `no node ${node}`;
      if (host.alive) return `${node} is already running`;
      world.start(node);
      if (isBroker(node)) monitor.brokerRestarted(brokerIdOf(node));
      return null;
    },
    pause(node) {
      const host = world.host(node);
      if (!host || host.status !== "running") return `${node} is not running`;
      world.pause(node);
      return null;
    },
    resume(node) {
      const host = world.host(node);
      if (!host || host.status !== "paused") return `${node} is not paused`;
      world.resume(node);
      return null;
    },
    diskLoss(node) {
      const host = world.host(node);
      if (!host) return `no node ${node}`;
      clientEnded(node);
      world.wipeDisk(node);
      if (isBroker(node)) monitor.brokerLostData(brokerIdOf(node));
      return null;
    },
  };
}
