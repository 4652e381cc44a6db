import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sim/time.js";
import { producerHarness } from "./harness.js";

describe("producer determinism", () => {
  it("the same seed gives the same trace and history, bit for bit; another seed differs (Reference: docs/architecture.md principles 1 and 4)", () => {
    const run = (seed: number) => {
      const h = producerHarness({
        seed,
        partitions: 3,
        config: { "request.timeout.ms": 500 },
        workload: { ratePerSec: 300, arrivals: "poisson", keys: 5, stopUs: seconds(5) },
      });
      h.world.network.addRule({ kind: "drop", between: [["p1"], ["broker-2"]], probability: 0.02 });
      h.world.run(seconds(8));
      return { hash: h.world.trace.hash(), history: JSON.stringify(h.history.ops()) };
    };
    const a = run(11);
    const b = run(11);
    expect(a).toEqual(b);
    expect(run(12).hash).not.toBe(a.hash);
  });
});
