import { describe, expect, it } from "vitest";
import type { History } from "../../../src/kafka/history.js";
import { latestStarts } from "../../../src/scenario/runner/latest-starts.js";

const reset = (group: string, partition: number, offset: number, reason: "latest" | "earliest" | "committed" | "out-of-range", atUs: number) =>
  ({ kind: "reset", process: `${group}-1#1`, consumer: `${group}-1`, group, atUs, topic: "orders", partition, offset, reason }) as const;

describe("latestStarts (Reference: Kafka ConsumerConfig auto.offset.reset — latest: reset to the latest offset, the default)", () => {
  it("keeps each group's first position on a partition when auto.offset.reset=latest chose it above offset 0", () => {
    const history: History = [
      reset("g1", 0, 1200, "latest", 7_000_000),
      reset("g1", 0, 3000, "out-of-range", 9_000_000), // a later reset is not where the group began
      reset("g1", 1, 0, "latest", 7_000_000), // an empty partition: nothing skipped
      reset("g2", 0, 400, "committed", 8_000_000),
      reset("g2", 0, 900, "latest", 9_000_000), // g2 began at its committed offset
      reset("g3", 0, 50, "earliest", 1_000_000),
    ];
    expect(latestStarts(history)).toEqual([{ group: "g1", partition: "orders-0", offset: 1200, atUs: 7_000_000 }]);
  });
});
