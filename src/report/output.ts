/**
 * Turning results into the files of a report directory and into the layout of `reports/`:
 * one run → `summary.md` + `result.json` + `report.html` (+ `trace.jsonl`) in `reports/<scenario>/<seed>/`
 * (or the directory given to `--report`), several seeds or files → one such directory per run
 * under the root, plus the aggregate in `<root>/<scenario>/`.
 */
import { join } from "node:path";
import type { CompareResult, MultiSeedResult, RunResult } from "../scenario/result.js";
import { compareToJson, jsonText, runToJson, seedsToJson } from "./json.js";
import { renderCompareMarkdown, renderSeedsMarkdown } from "./markdown-aggregate.js";
import { renderRunMarkdown } from "./markdown-run.js";
import { renderCompareHtml } from "./html-compare.js";
import { renderRunHtml } from "./html-run.js";
import { renderSeedsHtml } from "./html-seeds.js";
import type { ReportFile } from "./write.js";

/** The default root of report directories. */
export const DEFAULT_REPORT_ROOT = "reports";

/** The files of a one-seed report (without the trace, which is streamed). */
export function runReportFiles(result: RunResult, description?: string): ReportFile[] {
  return [
    { name: "summary.md", content: renderRunMarkdown(result, description === undefined ? {} : { description }) },
    { name: "result.json", content: jsonText(runToJson(result)) },
    { name: "report.html", content: renderRunHtml(result) },
  ];
}

/** The files of a multi-seed aggregate. */
export function seedsReportFiles(multi: MultiSeedResult, description?: string): ReportFile[] {
  return [
    { name: "summary.md", content: renderSeedsMarkdown(multi, description === undefined ? {} : { description }) },
    { name: "result.json", content: jsonText(seedsToJson(multi)) },
    { name: "report.html", content: renderSeedsHtml(multi, description) },
  ];
}

/** The files of a comparison. */
export function compareReportFiles(compare: CompareResult, description?: string): ReportFile[] {
  return [
    { name: "summary.md", content: renderCompareMarkdown(compare, description === undefined ? {} : { description }) },
    { name: "result.json", content: jsonText(compareToJson(compare)) },
    { name: "report.html", content: renderCompareHtml(compare, description) },
  ];
}

/** A scenario name made safe as one path segment. */
function pathSegment(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_");
  return safe === "" ? "scenario" : safe;
}

/**
 * Where the report of one run goes: the explicit directory when this is the only run of the
 * command, else `<root>/<scenario>/<seed>`.
 */
export function runReportDir(root: string | undefined, scenario: string, seed: number, onlyRun: boolean): string {
  if (onlyRun && root !== undefined) return root;
  return join(root ?? DEFAULT_REPORT_ROOT, pathSegment(scenario), String(seed));
}

/** Where the aggregate of several seeds goes: `<root>/<scenario>`. */
export function seedsReportDir(root: string | undefined, scenario: string): string {
  return join(root ?? DEFAULT_REPORT_ROOT, pathSegment(scenario));
}

/** Where a comparison goes: the explicit directory, else `reports/<scenario>/compare-<key>`. */
export function compareReportDir(root: string | undefined, scenario: string, key: string): string {
  return root ?? join(DEFAULT_REPORT_ROOT, pathSegment(scenario), `compare-${pathSegment(key)}`);
}
