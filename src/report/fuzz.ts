/**
 * The terminal report of `kafkasim fuzz`: what was searched, and each shrunk counterexample with
 * the file it was written to, why it fails, whether it replays from the file, and the command
 * that runs it. The shape mirrors `FuzzResult` of src/fuzz/run-fuzz.ts structurally, so this
 * layer does not depend on the fuzzer.
 */
import { PLAIN, type Style } from "./style.js";
import { hang, plural, REPORT_WIDTH } from "./text.js";

/** The fields of a fuzz result that the report reads. */
export interface FuzzReportInput {
  profile: string;
  runs: number;
  seed: number;
  passed: boolean;
  runsExecuted: number;
  shrinks: number;
  skipped?: string;
  reproduce: string;
  counterexamples: readonly {
    file: string;
    seed: number;
    failures: readonly string[];
    traceHash: string;
    replayed: boolean;
    replayNote?: string;
  }[];
}

/** The fuzz report, ending with a newline. */
export function renderFuzzTerminal(result: FuzzReportInput, style: Style = PLAIN, width = REPORT_WIDTH): string {
  const out: string[] = [];
  out.push(style.bold(`fuzz · profile ${result.profile} · seed ${result.seed}`));
  out.push(...hang("", `${plural(result.runsExecuted, "scenario")} run of ${result.runs}, ${plural(result.shrinks, "shrink step")}`, width, style.dim));
  if (result.skipped !== undefined) out.push(...hang(`${style.warn("skipped:")} `, result.skipped, width));
  if (result.counterexamples.length === 0) {
    out.push("", style.good(style.bold("PASSED")) + " — no counterexample found");
  } else {
    out.push("", style.bad(style.bold("COUNTEREXAMPLE")) + ` — ${plural(result.counterexamples.length, "shrunk scenario")} written`);
    for (const c of result.counterexamples) {
      out.push(...hang(`  ${style.bad("✗")} `, `${c.file} (seed ${c.seed})`, width));
      for (const f of c.failures) out.push(...hang("      • ", f, width));
      const replay = c.replayed ? "replays from the file with the same trace hash" : `does not replay: ${c.replayNote ?? "different outcome"}`;
      out.push(...hang("      ", replay, width, c.replayed ? style.dim : style.warn));
      out.push(...hang("      ", `run it: kafkasim run ${c.file} --seed ${c.seed}`, width, style.accent));
    }
  }
  out.push(`Reproduce with: ${style.accent(result.reproduce)}`);
  return `${out.join("\n")}\n`;
}

/** Whether a value has the shape {@link renderFuzzTerminal} needs. */
export function isFuzzReportInput(value: unknown): value is FuzzReportInput {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v["profile"] === "string" && typeof v["passed"] === "boolean" && Array.isArray(v["counterexamples"]) && typeof v["reproduce"] === "string";
}
