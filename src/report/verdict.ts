/**
 * The verdict of a run in words. A lesson's `expect` often predicts trouble (`lost-write: ">= 1"`
 * under acks=1): when it comes, the run passes, but a bare green "PASSED" under 1,942 lost
 * writes teaches the opposite of the lesson. So a passed run whose expectations predicted
 * trouble that happened reads "as expected — 1,942 acknowledged writes lost, as this lesson
 * predicts"; a passed run without such a prediction reads "PASSED"; a failed run "FAILED" with
 * its reasons. Shared by the terminal, Markdown and HTML reports; JSON keeps `passed`.
 */
import { isTimeMetric } from "../check/metrics/names.js";
import type { ExpectationResult, RunResult } from "../scenario/result.js";
import { formatMs, formatThousands } from "./text.js";
import { metricKind } from "./words.js";

/** How a run ended, for a report's last word. */
export type VerdictKind = "passed" | "as-expected" | "failed";

/** The verdict of a run: its kind, the headline and what came true or went wrong. */
export interface Verdict {
  kind: VerdictKind;
  /** `PASSED`, `As expected`, `FAILED`. */
  headline: string;
  /** What the expectations predicted and the run showed (as-expected), or nothing. */
  predicted: string[];
}

const COUNT_WORDS: Readonly<Record<string, readonly [string, string]>> = {
  "lost-write": ["acknowledged write lost", "acknowledged writes lost"],
  duplicate: ["record duplicated", "records duplicated"],
  "inconsistent-offsets": ["offset read with different values", "offsets read with different values"],
  "nonmonotonic-send": ["send landed out of order", "sends landed out of order"],
  "nonmonotonic-key": ["record of a key read out of send order", "records of a key read out of send order"],
  "poll-skip": ["poll skipped records", "polls skipped records"],
  "nonmonotonic-poll": ["poll went backwards", "polls went backwards"],
  "int-poll-skip": ["skip inside one poll", "skips inside one poll"],
  "int-nonmonotonic-poll": ["reordering inside one poll", "reorderings inside one poll"],
  unseen: ["record never read", "records never read"],
  unreadable: ["acknowledged record left unreadable", "acknowledged records left unreadable"],
  unavailable: ["acknowledged record left unreadable", "acknowledged records left unreadable"],
  "lost-processing": ["record never processed", "records never processed"],
  "duplicate-processing": ["record processed twice", "records processed twice"],
  failed: ["send failed", "sends failed"],
  unknown: ["send left with an unknown outcome", "sends left with an unknown outcome"],
};

/** Outcomes that count work done, never trouble: an expectation on them predicts nothing bad. */
const WORK_DONE = new Set(["produced", "acked", "consumed", "processed"]);

/** `1,942 acknowledged writes lost`, `12 NOT_ENOUGH_REPLICAS errors at p1`, `downtime 8.31 s`. */
export function happenedPhrase(metric: string, actual: number): string {
  if (isTimeMetric(metric)) return `${metric} ${formatMs(actual)}`;
  const words = COUNT_WORDS[metric];
  if (words !== undefined) return `${formatThousands(actual)} ${actual === 1 ? words[0] : words[1]}`;
  if (metric.startsWith("errors.")) {
    const parts = metric.slice("errors.".length).split(".");
    const error = parts[parts.length - 1] ?? "";
    const client = parts.length > 1 ? ` at ${parts.slice(0, -1).join(".")}` : "";
    return `${formatThousands(actual)} ${error} error${actual === 1 ? "" : "s"}${client}`;
  }
  return `${formatThousands(actual)} ${metric} violation${actual === 1 ? "" : "s"}`;
}

/** Whether an expectation that held predicted trouble that came: `lost-write >= 1` with 1,942. */
export function predictsTrouble(e: ExpectationResult): boolean {
  if (!e.passed || e.actual === null || !(e.actual > 0) || WORK_DONE.has(e.metric)) return false;
  if (isTimeMetric(e.metric)) return /^\s*(>=|>)/.test(String(e.expected));
  const kind = metricKind(e.metric);
  if (kind === "outcome" && e.metric !== "failed" && e.metric !== "unknown") return false;
  const text = String(e.expected).trim();
  if (/^(>=|>|!=)/.test(text)) return true;
  const exact = /^(==|=)?\s*(-?\d+(?:\.\d+)?)$/.exec(text);
  return exact !== null && Number(exact[2]) > 0;
}

/** The verdict of one run. */
export function runVerdict(result: RunResult): Verdict {
  if (!result.passed) return { kind: "failed", headline: "FAILED", predicted: [] };
  const predicted = result.expectations.filter(predictsTrouble).map((e) => happenedPhrase(e.metric, e.actual ?? 0));
  if (predicted.length === 0) return { kind: "passed", headline: "PASSED", predicted };
  return { kind: "as-expected", headline: "As expected", predicted };
}

/** `a`, `a and b`, `a, b and c`. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * The verdict as one sentence (without colour): `As expected — 1,942 acknowledged writes lost, as
 * this lesson predicts`, `PASSED — every expectation held`, `FAILED — expected lost-write == 0, got 3`.
 */
export function verdictSentence(result: RunResult): string {
  const verdict = runVerdict(result);
  if (verdict.kind === "as-expected") return `${verdict.headline} — ${listWords(verdict.predicted)}, as this lesson predicts`;
  if (verdict.kind === "passed") return `PASSED — ${result.expectations.length > 0 ? "every expectation held" : "no anomaly, no invariant violated"}`;
  const first = result.failures[0];
  return first === undefined ? "FAILED" : `FAILED — ${first}${result.failures.length > 1 ? ` (+${result.failures.length - 1} more)` : ""}`;
}
