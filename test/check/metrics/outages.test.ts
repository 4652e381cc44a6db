import { describe, expect, it } from "vitest";
import { OutageLog } from "../../../src/check/metrics/outages.js";
import { outageMetrics, outageMsByPartition } from "../../../src/check/metrics/time-metrics.js";

describe("OutageLog: downtime per partition and over partitions (docs/metrics.md)", () => {
  it("adds up the outages of one partition; a repeated 'down' keeps the first start", () => {
    const log = new OutageLog();
    log.set("orders-0", true, 1_000_000);
    log.set("orders-0", true, 2_000_000);
    log.set("orders-0", false, 4_000_000);
    log.set("orders-0", false, 5_000_000);
    log.set("orders-0", true, 10_000_000);
    log.set("orders-0", false, 10_500_000);
    expect(log.totalUs("orders-0")).toBe(3_500_000);
    expect(log.intervals("orders-0")).toEqual([
      [1_000_000, 4_000_000],
      [10_000_000, 10_500_000],
    ]);
  });

  it("an outage still open at the end is closed by finish(); a zero-length one counts nothing", () => {
    const log = new OutageLog();
    log.set("orders-0", true, 3_000_000);
    log.set("orders-1", true, 5_000_000);
    log.set("orders-1", false, 5_000_000);
    log.finish(9_000_000);
    expect(log.totalUs("orders-0")).toBe(6_000_000);
    expect(log.totalUs("orders-1")).toBe(0);
    expect(log.keys()).toEqual(["orders-0"]);
    expect(log.isDown("orders-0")).toBe(false);
  });

  it("the total is the union: one broker crash taking two partitions down at once counts once", () => {
    const log = new OutageLog();
    // orders-0 down 2 s – 10 s, orders-1 down 4 s – 12 s (overlapping), orders-2 down 20 s – 21 s.
    log.set("orders-0", true, 2_000_000);
    log.set("orders-1", true, 4_000_000);
    log.set("orders-0", false, 10_000_000);
    log.set("orders-1", false, 12_000_000);
    log.set("orders-2", true, 20_000_000);
    log.set("orders-2", false, 21_000_000);
    expect(log.unionUs()).toBe(11_000_000);
    expect(log.unionUs((key) => key !== "orders-1")).toBe(9_000_000);
    expect(new OutageLog().unionUs()).toBe(0);
  });

  it("metrics leave internal topics out and list only partitions that were down", () => {
    const log = new OutageLog();
    log.set("orders-0", true, 0);
    log.set("__consumer_offsets-0", true, 0);
    log.set("orders-1", true, 1_000);
    log.set("orders-1", false, 1_000);
    log.finish(2_500_000);
    expect(outageMetrics("downtime", log)).toEqual({ downtime: 2500, "downtime.orders-0": 2500 });
    expect(outageMsByPartition(log)).toEqual({ "orders-0": 2500 });
  });
});
