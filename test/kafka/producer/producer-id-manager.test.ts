import { describe, expect, it } from "vitest";
import { Disk } from "../../../src/sim/disk.js";
import { Random } from "../../../src/sim/random.js";
import { TestContext } from "../../../src/sim/test-context.js";
import { seconds } from "../../../src/sim/time.js";
import type { BrokerServices } from "../../../src/kafka/broker/services.js";
import { createProducerIdManager, PRODUCER_IDS_PER_BROKER } from "../../../src/kafka/producer/index.js";
import type { InitProducerIdRequest, InitProducerIdResponse } from "../../../src/kafka/producer/protocol.js";
import { producerHarness } from "./harness.js";

const request = (correlationId: number): InitProducerIdRequest => ({
  type: "InitProducerId",
  correlationId,
  transactionalId: null,
  transactionTimeoutMs: 60000,
  producerId: -1,
  producerEpoch: -1,
});

function manager(ctx: TestContext, brokerId: number) {
  const component = createProducerIdManager({ ctx, brokerId } as unknown as BrokerServices);
  component.start();
  return component;
}

function ask(ctx: TestContext, component: ReturnType<typeof manager>, correlationId: number): InitProducerIdResponse {
  component.onMessage("p1", request(correlationId));
  return ctx.take<InitProducerIdResponse>("InitProducerIdResponse").pop()!.message;
}

describe("broker producer-id manager", () => {
  it("hands out distinct producer ids with epoch 0, in the broker's own range (Reference: docs/kafka-rules.md §5.4 InitProducerId)", () => {
    const ctx = new TestContext("broker-2");
    const m = manager(ctx, 2);
    expect(m.name).toBe("producer-id-manager");
    expect(m.handles).toEqual(["InitProducerId"]);
    const a = ask(ctx, m, 1);
    const b = ask(ctx, m, 2);
    expect(a).toMatchObject({ error: "NONE", producerEpoch: 0, correlationId: 1, producerId: 2 * PRODUCER_IDS_PER_BROKER });
    expect(b.producerId).toBe(2 * PRODUCER_IDS_PER_BROKER + 1);
    expect(ctx.traces.some((t) => t.type === "producer-id-allocated")).toBe(true);
  });

  it("never repeats an id after a crash or a power loss: the counter is synced before the answer (Reference: docs/kafka-rules.md §5.4; docs/architecture.md principle 6 Disk)", () => {
    const disk = new Disk();
    const first = new TestContext("broker-1", 1, disk);
    const m1 = manager(first, 1);
    const ids = [ask(first, m1, 1).producerId, ask(first, m1, 2).producerId];
    disk.powerLoss(seconds(1), new Random(3, "power"));
    const second = new TestContext("broker-1", 2, disk);
    const m2 = manager(second, 1);
    ids.push(ask(second, m2, 1).producerId);
    expect(new Set(ids).size).toBe(3);
  });

  it("an idempotent producer gets its id from a real producer-id manager inside the fake cluster (Reference: docs/kafka-rules.md §5.4)", () => {
    const h = producerHarness({ workload: { count: 3 } });
    h.world.run(seconds(1));
    const pid = h.cluster.produced[0]!.batch.producerId;
    expect(pid).toBeGreaterThanOrEqual(PRODUCER_IDS_PER_BROKER);
    expect(h.traces("producer-id")[0]).toMatchObject({ producerId: pid, producerEpoch: 0 });
  });
});
