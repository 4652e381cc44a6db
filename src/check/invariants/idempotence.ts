/**
 * `idempotent-append-once` (docs/anomalies.md): with idempotence, each (producer id, epoch, partition,
 * sequence) is appended at most once to a leader's log, in order. The expectation is what the
 * replica's log implies, as Kafka's ProducerStateManager keeps it: a replica's view follows every
 * batch it appends, as leader (checked) or as follower (replicated, taken as is — origin
 * REPLICATION is not validated), so a replica that becomes leader again knows the batches it
 * replicated meanwhile. The view is rebuilt from the log after a truncation or restart, so a
 * legitimately truncated-and-retried batch is not a violation.
 */
import { NO_PRODUCER_ID, tpName, type RecordBatch } from "../../kafka/protocol/records.js";
import { PartitionTable } from "./partition-table.js";
import type { ViolationTally } from "./tally.js";
import type { ClusterProbe } from "./types.js";

interface ProducerSeq {
  epoch: number;
  lastSeq: number;
}

export class IdempotenceCheck {
  /** Per partition: broker → the producers its replica's view holds. */
  private readonly state = new PartitionTable<Map<number, Map<number, ProducerSeq>>>(() => new Map());

  constructor(
    private readonly probe: ClusterProbe,
    private readonly tally: ViolationTally,
  ) {}

  forgetBroker(broker: number): void {
    for (const byBroker of this.state.values()) byBroker.delete(broker);
  }

  truncated(broker: number, topic: string, partition: number): void {
    this.state.find(topic, partition)?.delete(broker);
  }

  appended(broker: number, topic: string, partition: number, batches: readonly RecordBatch[], asLeader: boolean): void {
    if (!anyIdempotent(batches)) return;
    const byBroker = this.state.get(topic, partition);
    let producers = byBroker.get(broker);
    if (!asLeader) {
      // A follower's view is built from its log when it next appends as leader; until then keep it current.
      if (producers) for (const batch of batches) this.apply(producers, batch, topic, partition, broker, false);
      return;
    }
    if (!producers) {
      producers = new Map();
      const log = this.probe.replicaLog(broker, topic, partition);
      const firstNew = batches[0]!.baseOffset;
      for (const batch of log?.batches ?? []) if (batch.baseOffset < firstNew) this.apply(producers, batch, topic, partition, broker, false);
      byBroker.set(broker, producers);
    }
    for (const batch of batches) this.apply(producers, batch, topic, partition, broker, true);
  }

  private apply(producers: Map<number, ProducerSeq>, batch: RecordBatch, topic: string, partition: number, broker: number, check: boolean): void {
    if (batch.producerId === NO_PRODUCER_ID) return;
    const last = producers.get(batch.producerId);
    const lastSeq = batch.baseSequence + batch.records.length - 1;
    if (check && last && last.epoch === batch.producerEpoch) {
      const where = `${tpName(topic, partition)} on leader broker-${broker} at offset ${batch.baseOffset}`;
      if (batch.baseSequence <= last.lastSeq) {
        this.tally.violate(
          "idempotent-append-once",
          `${where}: producer ${batch.producerId} epoch ${batch.producerEpoch} sequence ${batch.baseSequence} appended again (last appended sequence ${last.lastSeq})`,
        );
      } else if (batch.baseSequence !== last.lastSeq + 1) {
        this.tally.violate(
          "idempotent-append-once",
          `${where}: producer ${batch.producerId} sequence ${batch.baseSequence} appended out of order (expected ${last.lastSeq + 1})`,
        );
      }
    }
    // ProducerStateEntry.addBatch: the entry follows the log's last batch of the producer.
    if (!last) producers.set(batch.producerId, { epoch: batch.producerEpoch, lastSeq });
    else if (!check || batch.producerEpoch >= last.epoch) {
      last.epoch = batch.producerEpoch;
      last.lastSeq = lastSeq;
    }
  }
}

function anyIdempotent(batches: readonly RecordBatch[]): boolean {
  for (const batch of batches) if (batch.producerId !== NO_PRODUCER_ID) return true;
  return false;
}
