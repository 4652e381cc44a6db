/**
 * The showcase (`npm start`, `kafkasim showcase`): the same leader crash under acks=1 and under
 * acks=all, and a one-paragraph lesson drawn from the two results' own numbers — never from what
 * they were supposed to show, so the lesson stays honest if the model changes.
 */
import type { RunResult } from "../scenario/result.js";
import { PLAIN, type Style } from "./style.js";
import { formatMs, plural, REPORT_WIDTH, wrap } from "./text.js";

/** The scenario files of the showcase, in the order they are told. */
export const SHOWCASE_FILES = ["leader-crash-acks1.yaml", "leader-crash-acks-all.yaml"] as const;

function lost(result: RunResult): number {
  return result.metrics["lost-write"] ?? 0;
}

/** The lesson comparing a run under acks=1 (`weak`) with the same story under acks=all (`strong`). */
export function showcaseLesson(weak: RunResult, strong: RunResult): string {
  const sentences: string[] = [];
  const weakLost = lost(weak);
  const strongLost = lost(strong);
  sentences.push(weakLost > 0
    ? `With acks=1 the leader acknowledged each write as soon as it was in its own log; the records its followers had not fetched when it failed were missing on the follower that took over, and ${plural(weakLost, "acknowledged write was", "acknowledged writes were")} lost.`
    : "With acks=1 this seed lost no acknowledged write: the followers happened to have fetched everything before the leader failed — acks=1 does not promise that.");
  sentences.push(strongLost === 0
    ? `With acks=all the leader answers only once every replica in the ISR has the record, and min.insync.replicas keeps it from answering when too few are in sync, so the same faults lost nothing: any replica that could become leader already held every acknowledged write.`
    : `With acks=all ${plural(strongLost, "acknowledged write was", "acknowledged writes were")} still lost — look at the report above for the rule that allowed it.`);
  const p99Weak = weak.stats.produceLatencyMsP99;
  const p99Strong = strong.stats.produceLatencyMsP99;
  if (p99Weak !== null && p99Strong !== null) {
    sentences.push(`The price is waiting for the followers: produce latency p99 was ${formatMs(p99Weak)} with acks=1 and ${formatMs(p99Strong)} with acks=all.`);
  }
  const failedStrong = strong.metrics["failed"] ?? 0;
  if (failedStrong > 0) {
    sentences.push(`Under acks=all, ${plural(failedStrong, "send")} failed with an error the producer could see (such as NOT_ENOUGH_REPLICAS) instead of being lost silently.`);
  }
  return sentences.join(" ");
}

/** The lesson under a heading, wrapped to the report width. */
export function renderLesson(weak: RunResult, strong: RunResult, style: Style = PLAIN, width = REPORT_WIDTH): string {
  return `${[style.bold("The lesson"), ...wrap(showcaseLesson(weak, strong), width)].join("\n")}\n`;
}
