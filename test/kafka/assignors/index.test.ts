import { describe, expect, it } from "vitest";
import { assignorByKafkaName, assignors } from "../../../src/kafka/assignors/index.js";
import { javaHashMapOrder, javaStringHash, javaTopicPartitionHash, JavaHashSet } from "../../../src/kafka/assignors/java-order.js";

describe("assignors registry", () => {
  it("exposes the four classic assignors under their short names", () => {
    expect(Object.keys(assignors).sort()).toEqual(["cooperative-sticky", "range", "roundrobin", "sticky"]);
    for (const [name, a] of Object.entries(assignors)) expect(a.name).toBe(name);
  });

  it("maps Kafka class names and short names to assignors", () => {
    const pkg = "org.apache.kafka.clients.consumer";
    expect(assignorByKafkaName(`${pkg}.RangeAssignor`)).toBe(assignors.range);
    expect(assignorByKafkaName(`${pkg}.RoundRobinAssignor`)).toBe(assignors.roundrobin);
    expect(assignorByKafkaName(`${pkg}.StickyAssignor`)).toBe(assignors.sticky);
    expect(assignorByKafkaName(`${pkg}.CooperativeStickyAssignor`)).toBe(assignors["cooperative-sticky"]);
    expect(assignorByKafkaName("CooperativeStickyAssignor")).toBe(assignors["cooperative-sticky"]);
    expect(assignorByKafkaName("RangeAssignor")).toBe(assignors.range);
    expect(assignorByKafkaName(" range ")).toBe(assignors.range);
    expect(assignorByKafkaName("roundrobin")).toBe(assignors.roundrobin);
    expect(assignorByKafkaName("sticky")).toBe(assignors.sticky);
    expect(assignorByKafkaName("cooperative-sticky")).toBe(assignors["cooperative-sticky"]);
  });

  it("returns undefined for unknown names", () => {
    expect(assignorByKafkaName("uniform")).toBeUndefined();
    expect(assignorByKafkaName("com.example.RangeAssignor")).toBeUndefined();
    expect(assignorByKafkaName("org.apache.kafka.clients.consumer.range")).toBeUndefined();
    expect(assignorByKafkaName("")).toBeUndefined();
  });
});

describe("Java HashMap order emulation", () => {
  it("computes Java String.hashCode and TopicPartition.hashCode", () => {
    expect(javaStringHash("")).toBe(0);
    expect(javaStringHash("a")).toBe(97);
    expect(javaStringHash("consumer1")).toBe(-421004549);
    // 31 * (31 + 2) + "t".hashCode() = 1023 + 116
    expect(javaTopicPartitionHash({ topic: "t", partition: 2 })).toBe(1139);
  });

  it("iterates by bucket, then insertion order", () => {
    // Buckets (16 slots): consumer1 → 12, consumer2 → 11, consumer3 → 10.
    expect(javaHashMapOrder(["consumer1", "consumer2", "consumer3"], javaStringHash)).toEqual(["consumer3", "consumer2", "consumer1"]);
    // "a" (97 → bucket 1) and "q" (113 → bucket 1) collide: insertion order decides.
    expect(javaHashMapOrder(["q", "a"], javaStringHash)).toEqual(["q", "a"]);
    expect(javaHashMapOrder(["a", "q"], javaStringHash)).toEqual(["a", "q"]);
  });

  it("JavaHashSet.first follows the same rule and grows like Java", () => {
    const set = new JavaHashSet<string>((s) => s, javaStringHash);
    expect(set.first()).toBeUndefined();
    set.add("q");
    set.add("b"); // bucket 2
    set.add("a"); // bucket 1, after "q"
    expect(set.first()).toBe("q");
    set.delete("q");
    expect(set.first()).toBe("a");
    set.add("q");
    expect(set.first()).toBe("a");
    expect(set.size).toBe(3);
  });
});
