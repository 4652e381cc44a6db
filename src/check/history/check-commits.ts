/**
 * `stale-commit`: the group coordinator accepted an offset commit from a generation the group had
 * already left behind.
 *
 * Kafka fences commits by generation (ClassicGroup.validateOffsetCommit: a commit that carries a
 * generation must come from a current member in the group's current generation, else
 * UNKNOWN_MEMBER_ID or ILLEGAL_GENERATION). Once a generation's assignment is stored in
 * `__consumer_offsets` (acks=all) and handed to a member in its SyncGroup response, every later
 * coordinator of the group is in that generation or a newer one. So a commit of generation g that
 * a consumer sends after the group was seen in a generation above g can never be accepted.
 *
 * Only what the clients saw is used, so a violation is certain: the newer generation is evidenced
 * by a member's SyncGroup outcome (an assignment that gave it partitions; a revocation alone may
 * carry a generation whose SyncGroup never completed) or by an accepted commit of that generation,
 * and it must precede the stale commit's invocation (so the coordinator got the commit after it).
 * Commits without a generation (-1: outside group management) are not fenced by Kafka either.
 * Losing `__consumer_offsets` records (power loss on every replica, unclean election) can take a
 * group's generation back, and then such a commit is accepted legitimately: count it like a lost
 * write, as a fact the configuration allowed.
 */
import type { CommitOp, History } from "../../kafka/history.js";
import type { CheckContext } from "./context.js";
import { partitionName, seconds } from "./format.js";

/** The first evidence of each generation of a group: when, and by whom. */
interface GenerationSeen {
  generation: number;
  atUs: number;
  how: string;
}

export function checkCommits(context: CheckContext, history: History): void {
  // Per group: its accepted commits, and the evidence of each generation it reached, by time.
  const accepted = new Map<string, CommitOp[]>();
  const evidence: { atUs: number; group: string; generation: number; how: string }[] = [];
  for (const op of history) {
    if (op.kind === "assign" && op.assigned.length > 0) {
      evidence.push({
        atUs: op.atUs,
        group: op.group,
        generation: op.generation,
        how: `${op.process} was assigned ${op.assigned.map((tp) => partitionName(tp.topic, tp.partition)).join(", ")} in it`,
      });
    } else if (op.kind === "commit" && op.outcome === "ok" && op.generation !== undefined && op.generation >= 0) {
      let list = accepted.get(op.group);
      if (list === undefined) accepted.set(op.group, (list = []));
      list.push(op);
      if (op.completeUs !== undefined)
        evidence.push({ atUs: op.completeUs, group: op.group, generation: op.generation, how: `a commit of ${op.process} in it was accepted` });
    }
  }
  evidence.sort((a, b) => a.atUs - b.atUs);
  for (const [group, commits] of accepted) {
    const seen = evidence.filter((e) => e.group === group);
    let next = 0;
    let best: GenerationSeen | undefined;
    const byInvocation = [...commits].sort((a, b) => a.invokeUs - b.invokeUs || a.id - b.id);
    for (const commit of byInvocation) {
      // Evidence strictly before the invocation: the coordinator received the commit after it.
      while (next < seen.length && seen[next]!.atUs < commit.invokeUs) {
        const e = seen[next++]!;
        if (best === undefined || e.generation > best.generation) best = { generation: e.generation, atUs: e.atUs, how: e.how };
      }
      if (best === undefined || commit.generation! >= best.generation) continue;
      reportStale(context, commit, best, commits);
    }
  }
}

function reportStale(context: CheckContext, commit: CommitOp, newer: GenerationSeen, commits: readonly CommitOp[]): void {
  const first = commit.offsets[0];
  const partition = first === undefined ? "" : partitionName(first.topic, first.partition);
  context.sink.add("stale-commit", 1, commit.invokeUs, () => {
    const backwards = commit.offsets.flatMap((offset) => {
      const before = lastAcceptedBefore(commits, commit, offset.topic, offset.partition);
      return before !== undefined && before > offset.offset ? [`${partitionName(offset.topic, offset.partition)} from ${before} back to ${offset.offset}`] : [];
    });
    const at = commit.completeUs === undefined ? "" : ` at ${seconds(commit.completeUs)}`;
    return {
      type: "stale-commit",
      partition,
      offset: first?.offset,
      explanation:
        `${commit.process} committed ${commit.offsets.map((o) => `${partitionName(o.topic, o.partition)}@${o.offset}`).join(", ")} ` +
        `of ${commit.group} with generation ${commit.generation} (sent ${seconds(commit.invokeUs)}) and it was accepted${at}, ` +
        `but ${commit.group} had reached generation ${newer.generation} by ${seconds(newer.atUs)} (${newer.how}): ` +
        "the coordinator must reject a stale generation's commit (ILLEGAL_GENERATION)" +
        (backwards.length === 0 ? "" : `; it moved the committed offset of ${backwards.join(", ")}`),
      details: { group: commit.group, commitId: commit.id, generation: commit.generation, newerGeneration: newer.generation, newerSeenUs: newer.atUs },
    };
  });
}

/** The offset the last commit accepted before `commit` was sent (by completion) set for a partition. */
function lastAcceptedBefore(commits: readonly CommitOp[], commit: CommitOp, topic: string, partition: number): number | undefined {
  let best: { atUs: number; offset: number } | undefined;
  for (const other of commits) {
    if (other === commit || other.completeUs === undefined || other.completeUs > commit.invokeUs) continue;
    const offset = other.offsets.find((o) => o.topic === topic && o.partition === partition);
    if (offset !== undefined && (best === undefined || other.completeUs >= best.atUs)) best = { atUs: other.completeUs, offset: offset.offset };
  }
  return best?.offset;
}
