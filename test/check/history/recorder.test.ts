import { describe, expect, it } from "vitest";
import { HistoryRecorder } from "../../../src/kafka/history.js";

const SEND = { process: "p1#1", producer: "p1", topic: "orders", partition: 0, key: null, acks: "all" as const };

describe("HistoryRecorder", () => {
  it("gives sends increasing ids in call order and completes them in place", () => {
    const recorder = new HistoryRecorder();
    const first = recorder.startSend({ ...SEND, value: "a", invokeUs: 10 });
    const second = recorder.startSend({ ...SEND, value: "b", invokeUs: 11 });
    expect(second).toBeGreaterThan(first);
    expect(recorder.inFlightCount()).toBe(2);
    recorder.completeSend(second, { completeUs: 20, outcome: "ok", offset: 0, ackedBy: "broker-1", leaderEpoch: 3 });
    recorder.completeSend(first, { completeUs: 30, outcome: "unknown", error: "REQUEST_TIMED_OUT" });
    expect(recorder.inFlightCount()).toBe(0);
    expect(recorder.ops()).toEqual([
      { kind: "send", id: first, ...SEND, value: "a", invokeUs: 10, completeUs: 30, outcome: "unknown", error: "REQUEST_TIMED_OUT" },
      { kind: "send", id: second, ...SEND, value: "b", invokeUs: 11, completeUs: 20, outcome: "ok", offset: 0, ackedBy: "broker-1", leaderEpoch: 3 },
    ]);
  });

  it("a send never completed stays of unknown outcome", () => {
    const recorder = new HistoryRecorder();
    recorder.startSend({ ...SEND, value: "a", invokeUs: 10 });
    expect(recorder.ops()[0]).toMatchObject({ outcome: "unknown" });
    expect(recorder.ops()[0]).not.toHaveProperty("completeUs");
  });

  it("refuses to complete an operation twice, one of another kind, or before it started", () => {
    const recorder = new HistoryRecorder();
    const send = recorder.startSend({ ...SEND, value: "a", invokeUs: 10 });
    expect(() => recorder.completeCommit(send, { completeUs: 11, outcome: "ok" })).toThrow(/no commit in flight/);
    expect(() => recorder.completeSend(send, { completeUs: 9, outcome: "ok" })).toThrow(/before its call/);
    recorder.completeSend(send, { completeUs: 12, outcome: "ok", offset: 0 });
    expect(() => recorder.completeSend(send, { completeUs: 13, outcome: "ok" })).toThrow(/no send in flight/);
  });

  it("records commits, polls, assignments, resets, processing and client events in order", () => {
    const recorder = new HistoryRecorder();
    const client = { process: "g1-1#1", consumer: "g1-1", group: "g1" };
    recorder.recordClientEvent({ kind: "client-start", process: "g1-1#1", atUs: 0 });
    recorder.recordAssign({ ...client, atUs: 1, generation: 1, assigned: [{ topic: "orders", partition: 0 }], revoked: [] });
    recorder.recordReset({ ...client, atUs: 2, topic: "orders", partition: 0, offset: 0, reason: "earliest" });
    recorder.recordPoll({ ...client, invokeUs: 3, completeUs: 4, records: [{ topic: "orders", partition: 0, offset: 0, value: "a" }] });
    recorder.recordProcess({ ...client, atUs: 5, topic: "orders", partition: 0, offset: 0, value: "a" });
    const commit = recorder.startCommit({ ...client, invokeUs: 6, offsets: [{ topic: "orders", partition: 0, offset: 1 }], generation: 1 });
    recorder.completeCommit(commit, { completeUs: 7, outcome: "failed", error: "ILLEGAL_GENERATION" });
    recorder.recordClientEvent({ kind: "client-crash", process: "g1-1#1", atUs: 8 });
    expect(recorder.ops().map((op) => op.kind)).toEqual(["client-start", "assign", "reset", "poll", "process", "commit", "client-crash"]);
    expect(recorder.ops()[5]).toMatchObject({ outcome: "failed", error: "ILLEGAL_GENERATION", generation: 1, completeUs: 7 });
  });
});
