/**
 * A synthetic, correct history of about `nOps` operations with its final state, for benchmarking
 * the analysis: 2 producers over 8 partitions, one group of 4 consumers polling batches of 20,
 * processing every record and committing after each batch. Deterministic; no randomness.
 */
import { HistoryRecorder } from "../../kafka/history.js";
import { convergedPartition } from "./final-state.js";
import type { FinalPartition, HistoryAnalysisInput } from "./types.js";

const PARTITIONS = 8;
const CONSUMERS = 4;
const BATCH = 20;
const TOPIC = "bench";

export function benchHistory(nOps: number): HistoryAnalysisInput {
  if (!(Number.isInteger(nOps) && nOps >= 0)) throw new Error(`benchHistory(${nOps}): nOps must be a non-negative integer`);
  // Per record: one send and one processing; per batch of 20: one poll and one commit.
  const records = Math.floor(nOps / (2 + 2 / BATCH));
  const recorder = new HistoryRecorder();
  const logs: string[][] = Array.from({ length: PARTITIONS }, () => []);
  for (let consumer = 0; consumer < CONSUMERS; consumer++) {
    const mine = [2 * consumer, 2 * consumer + 1].map((partition) => ({ topic: TOPIC, partition }));
    recorder.recordAssign({
      process: `g1-${consumer + 1}#1`,
      consumer: `g1-${consumer + 1}`,
      group: "g1",
      atUs: 0,
      generation: 1,
      assigned: mine,
      revoked: [],
    });
  }
  for (let r = 0; r < records; r++) {
    const partition = r % PARTITIONS;
    const producer = r % 2 === 0 ? "p1" : "p2";
    const value = `${producer}-${r}`;
    const invokeUs = r * 100;
    const id = recorder.startSend({ process: `${producer}#1`, producer, topic: TOPIC, partition, key: null, value, invokeUs, acks: "all" });
    const offset = logs[partition]!.push(value) - 1;
    recorder.completeSend(id, { completeUs: invokeUs + 2_000, outcome: "ok", offset, ackedBy: "broker-1", leaderEpoch: 0 });
    if (logs[partition]!.length % BATCH === 0 || r >= records - PARTITIONS) consume(recorder, logs[partition]!, partition, invokeUs + 5_000);
  }
  const partitions: FinalPartition[] = logs.map((log, partition) => convergedPartition(TOPIC, partition, log));
  return { history: recorder.ops(), final: { partitions } };
}

/** The owning consumer polls, processes and commits the partition's last unread batch. */
function consume(recorder: HistoryRecorder, log: readonly string[], partition: number, atUs: number): void {
  const end = log.length;
  const start = end % BATCH === 0 ? end - BATCH : end - (end % BATCH);
  const consumer = `g1-${Math.floor(partition / 2) + 1}`;
  const process = `${consumer}#1`;
  const records = [];
  for (let offset = start; offset < end; offset++) records.push({ topic: TOPIC, partition, offset, value: log[offset]! });
  recorder.recordPoll({ process, consumer, group: "g1", invokeUs: atUs, completeUs: atUs + 1_000, records });
  for (const record of records) recorder.recordProcess({ process, consumer, group: "g1", atUs: atUs + 1_500, ...record });
  const id = recorder.startCommit({ process, group: "g1", consumer, invokeUs: atUs + 2_000, offsets: [{ topic: TOPIC, partition, offset: end }] });
  recorder.completeCommit(id, { completeUs: atUs + 3_000, outcome: "ok" });
}
