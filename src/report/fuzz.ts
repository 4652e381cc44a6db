/**
 * The terminal report of `kafkasim fuzz`: what was searched, how fast, what was generated (fault
 * kinds, controller modes, configurations, simulated seconds covered), and each shrunk
 * counterexample with the file it was written to, why it fails, whether it replays from the file,
 * and the command that runs it. The shape mirrors `FuzzResult` of src/fuzz/run-fuzz.ts
 * structurally, so this layer does not depend on the fuzzer.
 */
import { PLAIN, type Style } from "./style.js";
import { hang, joinWrapped, plural, REPORT_WIDTH } from "./text.js";

/** Counts by name. */
type Counts = Readonly<Record<string, number>>;

/** The fields of a fuzz result that the report reads. */
export interface FuzzReportInput {
  profile: string;
  scenario?: string;
  bug?: string;
  runs: number;
  timeBudgetMs?: number;
  seed: number;
  shard?: { index: number; count: number };
  merged?: { shards: readonly number[]; of: number; missing: readonly number[] };
  passed: boolean;
  expectsCounterexample?: boolean;
  runsExecuted: number;
  shrinks: number;
  shrinkAttempts?: number;
  wallMs?: number;
  runsPerSec?: number;
  workers?: number;
  skipped?: string;
  reproduce: string;
  stats?: {
    runs: number;
    simulatedSeconds: number;
    faultKinds: Counts;
    controllerModes: Counts;
    protocols: Counts;
    configs: Counts;
    bugs: Counts;
    selfChecks: number;
  };
  counterexamples: readonly {
    file: string;
    kind?: string;
    run?: number;
    seed: number;
    failures: readonly string[];
    traceHash: string;
    replayed: boolean;
    replayNote?: string;
    idleFaultsDropped?: number;
  }[];
}

function counts(counted: Counts): string[] {
  return Object.entries(counted)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, n]) => `${name} ${n}`);
}

/** The fuzz report, ending with a newline. */
export function renderFuzzTerminal(result: FuzzReportInput, style: Style = PLAIN, width = REPORT_WIDTH): string {
  const out: string[] = [];
  const what = result.scenario !== undefined ? `around ${result.scenario}` : `profile ${result.profile}`;
  const slice =
    result.merged !== undefined
      ? ` · merged shards ${result.merged.shards.join(", ")} of ${result.merged.of}`
      : result.shard === undefined
        ? ""
        : ` · shard ${result.shard.index}/${result.shard.count}`;
  out.push(style.bold(`fuzz · ${what}${result.bug === undefined ? "" : ` · bug ${result.bug}`} · seed ${result.seed}${slice}`));
  const speed =
    result.wallMs === undefined
      ? ""
      : `, ${(result.wallMs / 1000).toFixed(1)} s wall, ${result.runsPerSec ?? 0} runs/s on ${plural(result.workers ?? 1, "worker")}`;
  const budget = result.timeBudgetMs === undefined ? `of ${result.runs}` : `in a ${(result.timeBudgetMs / 1000).toFixed(0)} s budget`;
  out.push(...hang("", `${plural(result.runsExecuted, "scenario")} run ${budget}, ${plural(result.shrinks, "shrink step")}${speed}`, width, style.dim));
  if (result.merged !== undefined && result.merged.missing.length > 0) {
    out.push(...hang(`${style.warn("incomplete:")} `, `shards ${result.merged.missing.join(", ")} of ${result.merged.of} are missing`, width));
  }
  const stats = result.stats;
  if (stats !== undefined && stats.runs > 0) {
    out.push(
      ...hang(
        "  covered      ",
        `${stats.simulatedSeconds.toFixed(0)} simulated seconds; ${plural(stats.selfChecks, "determinism self-check")}`,
        width,
        style.dim,
      ),
    );
    const rows: [string, Counts][] = [
      ["fault kinds", stats.faultKinds],
      ["controllers", stats.controllerModes],
      ["protocols", stats.protocols],
      ["configs", stats.configs],
      ["bugs", stats.bugs],
    ];
    for (const [label, counted] of rows) {
      if (Object.keys(counted).length === 0) continue;
      const lines = joinWrapped(counts(counted), ", ", width - 15);
      lines.forEach((line, i) => out.push(style.dim(`${(i === 0 ? `  ${label}` : "").padEnd(15)}${line}`)));
    }
  }
  if (result.skipped !== undefined) out.push(...hang(`${style.warn("skipped:")} `, result.skipped, width));
  if (result.counterexamples.length === 0) {
    const note = result.expectsCounterexample === true ? " (one was expected here: try more runs or another seed)" : "";
    out.push("", style.good(style.bold("PASSED")) + ` — no counterexample found${note}`);
  } else {
    const note = result.expectsCounterexample === true ? " (expected: the search works)" : "";
    out.push("", style.bad(style.bold("COUNTEREXAMPLE")) + ` — ${plural(result.counterexamples.length, "shrunk scenario")} written${note}`);
    for (const c of result.counterexamples) {
      const kind = c.kind === "nondeterminism" ? " — NONDETERMINISM" : "";
      out.push(...hang(`  ${style.bad("✗")} `, `${c.file} (seed ${c.seed}${c.run === undefined ? "" : `, run ${c.run}`})${kind}`, width));
      for (const f of c.failures) out.push(...hang("      • ", f, width));
      if (c.idleFaultsDropped !== undefined && c.idleFaultsDropped > 0)
        out.push(...hang("      ", `${plural(c.idleFaultsDropped, "fault")} that did nothing dropped`, width, style.dim));
      const replay = c.replayed ? "replays from the file with the same trace hash" : `does not replay: ${c.replayNote ?? "different outcome"}`;
      out.push(...hang("      ", replay, width, c.replayed ? style.dim : style.warn));
      out.push(...hang("      ", `run it: kafkasim run ${c.file}`, width, style.accent));
    }
  }
  out.push(`Reproduce with: ${style.accent(result.reproduce)}`);
  return `${out.join("\n")}\n`;
}
