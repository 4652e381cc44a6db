/**
 * The listing of `kafkasim list`: the lessons of the course first, numbered in teaching order,
 * then any other scenario of the directory; each name with the first sentence of its description
 * under a hanging indent, files that do not load marked in red, and how to run one.
 */
import type { ScenarioListing } from "../scenario/list.js";
import { PLAIN, type Style } from "./style.js";
import { hang, padEnd, padStart, REPORT_WIDTH } from "./text.js";

/** Options of {@link renderListing}. */
export interface ListingOptions {
  /** How the user names the first file in a command (relative to where they are, or absolute). */
  runHint?: string;
}

/** The whole listing, ending with a newline. */
export function renderListing(listings: readonly ScenarioListing[], style: Style = PLAIN, width = REPORT_WIDTH, options: ListingOptions = {}): string {
  if (listings.length === 0) return "no scenario files (.yaml, .yml, .json) found\n";
  const numbered = listings.some((l) => l.lesson !== undefined);
  const numberWidth = numbered ? Math.max(...listings.map((l) => String(l.lesson ?? "").length)) + 2 : 0;
  const nameWidth = Math.min(25, Math.max(...listings.map((l) => l.name.length)));
  const lines: string[] = [];
  let inCourse = true;
  for (const l of listings) {
    if (numbered && inCourse && l.lesson === undefined) {
      inCourse = false;
      lines.push("", style.dim("Not in the course:"));
    }
    const number = numbered ? padEnd(l.lesson === undefined ? "" : padStart(String(l.lesson), numberWidth - 2), numberWidth) : "";
    const indent = " ".repeat(numberWidth + nameWidth + 2);
    const text = l.description === "" ? "(no description)" : l.description;
    if (l.name.length > nameWidth) {
      lines.push(number + style.bold(l.name));
      lines.push(...hang(indent, text, width));
    } else {
      lines.push(...hang(`${number}${padEnd(style.bold(l.name), nameWidth)}  `, text, width));
    }
    if (l.problem !== undefined) lines.push(...hang(indent, `invalid: ${l.problem}`, width, style.bad));
  }
  // The command is never wrapped: a long installation path stays one line a user can copy.
  if (options.runHint !== undefined) lines.push("", style.dim(`Run one with: kafkasim run ${options.runHint}`));
  return `${lines.join("\n")}\n`;
}
