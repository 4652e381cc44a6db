import { describe, expect, it } from "vitest";
import { runScenario } from "../../../src/scenario/run.js";

const scenario = {
  name: "quick-restart",
  description: "the leader crashes and restarts inside its broker session",
  duration: "30s",
  cluster: { brokers: 3, controller: { mode: "kraft", nodes: 3 } },
  topics: [{ name: "orders", partitions: 1, "replication-factor": 3, config: { "min.insync.replicas": 2 } }],
  producers: [{ name: "p1", topic: "orders", rate: "100/s" }],
  faults: [{ at: "8s", crash: "leader(orders-0)", "restart-after": "1s" }],
};

describe("unavailable time of a KRaft leader restarted inside its old session (Reference: ClusterControlManager.registerBroker DUPLICATE_BROKER_REGISTRATION; BrokerHeartbeatManager session expiry)", () => {
  it("counts the time the restarted leader runs unregistered, until the controller fences the old incarnation and elects another leader", () => {
    const result = runScenario(scenario, { seed: 1 });
    const crashAt = result.timeline.find((l) => l.kind === "host-crash")!.atUs;
    const fenced = result.timeline.find((l) => l.kind === "broker-fenced" && l.atUs > crashAt)!.atUs;
    const unavailableMs = result.metrics["downtime.orders-0"]!;
    // Not only the 1 s the process was down: the whole outage until the session expired (~9 s after the last heartbeat).
    expect(unavailableMs).toBeGreaterThan(5_000);
    expect(Math.abs(unavailableMs - (fenced - crashAt) / 1000)).toBeLessThan(500);
  });
});
