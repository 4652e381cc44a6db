/**
 * OffsetCommit and OffsetFetch (docs/kafka-rules.md §6.1). A commit is accepted per group state:
 * Empty with generation -1 (offsets-only use); Stable from the current generation only;
 * PreparingRebalance from the generation being replaced (it is still the group's generation);
 * CompletingRebalance → REBALANCE_IN_PROGRESS; unknown member → UNKNOWN_MEMBER_ID; other
 * generation → ILLEGAL_GENERATION. An accepted commit is answered only after its records are
 * appended to `__consumer_offsets` with acks=all, and applied in memory only then.
 *
 * Mutant `coordinator-forgets-generations`: member and generation checks are skipped, so a
 * removed (zombie) member's commit is accepted.
 */
import type { KafkaError } from "../protocol/errors.js";
import type { ClassicGroup } from "./group.js";
import { commitAppendError, type CoordinatorHost } from "./host.js";
import { offsetRecord } from "./log-records.js";
import type { OffsetCommitRequest, OffsetCommitResponse, OffsetFetchRequest, OffsetFetchResponse } from "./protocol.js";
import type { Rebalancer } from "./rebalance.js";

export class OffsetManager {
  constructor(
    private readonly host: CoordinatorHost,
    private readonly rebalancer: Rebalancer,
  ) {}

  commit(from: string, req: OffsetCommitRequest, group: ClassicGroup): void {
    const error = this.validate(req, group);
    if (error !== "NONE") {
      this.host.trace("offset-commit-rejected", {
        group: group.groupId,
        memberId: req.memberId,
        generation: req.generationId,
        groupGeneration: group.generation,
        state: group.state,
        error,
      });
      return this.reply(from, req, error);
    }
    const member = group.members.get(req.memberId);
    if (member) this.rebalancer.touch(group, member);
    const host = this.host;
    const records = req.offsets.map((o) => offsetRecord(group.groupId, req.memberId, req.generationId, o, host.now()));
    host.append(group, records, (appendError) => {
      const mapped = commitAppendError(appendError);
      if (mapped === "NONE" && host.isCurrent(group)) {
        for (const o of req.offsets)
          group.offsets.set(`${o.topic}-${o.partition}`, { topic: o.topic, partition: o.partition, offset: o.offset, leaderEpoch: o.leaderEpoch ?? -1 });
      }
      this.reply(from, req, mapped);
    });
  }

  fetch(from: string, req: OffsetFetchRequest, group: ClassicGroup | undefined): void {
    const response: OffsetFetchResponse = {
      type: "OffsetFetchResponse",
      correlationId: req.correlationId,
      error: "NONE",
      partitions: req.partitions.map((tp) => {
        const committed = group?.offsets.get(`${tp.topic}-${tp.partition}`);
        return { topic: tp.topic, partition: tp.partition, offset: committed?.offset ?? -1, leaderEpoch: committed?.leaderEpoch ?? -1, error: "NONE" as const };
      }),
    };
    this.host.reply(from, response);
  }

  private validate(req: OffsetCommitRequest, group: ClassicGroup): KafkaError {
    if (group.is("Dead")) return "COORDINATOR_NOT_AVAILABLE";
    if (this.host.services.cluster.bugs.has("coordinator-forgets-generations")) return "NONE";
    if (req.generationId < 0 && group.is("Empty")) return "NONE";
    if (!group.members.has(req.memberId)) return "UNKNOWN_MEMBER_ID";
    if (req.generationId !== group.generation) return "ILLEGAL_GENERATION";
    if (group.is("CompletingRebalance")) return "REBALANCE_IN_PROGRESS";
    return "NONE";
  }

  private reply(to: string, req: OffsetCommitRequest, error: KafkaError): void {
    const response: OffsetCommitResponse = {
      type: "OffsetCommitResponse",
      correlationId: req.correlationId,
      partitions: req.offsets.map((o) => ({ topic: o.topic, partition: o.partition, error })),
    };
    this.host.reply(to, response);
  }
}
