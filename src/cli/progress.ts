/**
 * Progress of long commands (`--seeds N`, `compare`, `run DIR`, one long `run FILE`) on stderr, never on stdout (which
 * `--json` keeps clean). On a terminal it is one line redrawn in place and erased when the work
 * is done; anywhere else (a pipe, a CI log) it is a plain line every few seconds, so a log shows
 * that a long command is alive without ever receiving carriage returns. `KAFKASIM_NO_PROGRESS=1`
 * turns it off.
 */
import { performance } from "node:perf_hooks";

/** The part of a stream a progress bar needs. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/** How often a plain progress line is written when the stream is not a terminal. */
export const PROGRESS_INTERVAL_MS = 3000;

/** How progress is shown: redrawn in place, a line every few seconds, or not at all. */
export type ProgressMode = "terminal" | "lines" | "off";

/** A progress bar; a bar in mode `off` ignores every call. */
export class ProgressBar {
  private drawn = false;
  private lastText = "";
  private readonly startMs: number;
  private lastLineMs: number;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    readonly mode: ProgressMode,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startMs = now();
    this.lastLineMs = this.startMs;
  }

  /** Whether anything is ever written. */
  get enabled(): boolean {
    return this.mode !== "off";
  }

  /** The line for `done` of `total`: `seeds [██████░░░░░░░░] 7/20`. */
  static line(label: string, done: number, total: number, barWidth = 24): string {
    return `${label} ${ProgressBar.bar(done, total, barWidth)} ${done}/${total}`;
  }

  /** The bar alone: `[██████░░░░░░░░]`. */
  static bar(done: number, total: number, barWidth: number): string {
    const safeTotal = Math.max(1, total);
    const filled = Math.min(barWidth, Math.round((Math.min(done, safeTotal) / safeTotal) * barWidth));
    return `[${"█".repeat(filled)}${"░".repeat(barWidth - filled)}]`;
  }

  /** Report `done` of `total` finished; `note` names what is under way (a scenario, a seed). */
  update(done: number, total: number, note?: string): void {
    this.show(done, total, `${done}/${total}`, " done", note);
  }

  /**
   * Report the simulated time of one run: `simulated 23s of 60s`, then `draining: simulated 64s`
   * once the scenario's duration has passed (the drain phase has no known end).
   */
  simulated(nowUs: number, durationUs: number, note?: string): void {
    const seconds = (us: number): string => `${Math.floor(us / 1e6)}s`;
    const text = nowUs <= durationUs ? `simulated ${seconds(nowUs)} of ${seconds(durationUs)}` : `draining: simulated ${seconds(nowUs)}`;
    this.show(Math.min(nowUs, durationUs), durationUs, text, "", note);
  }

  private show(done: number, total: number, count: string, doneWord: string, note?: string): void {
    if (this.mode === "off") return;
    const suffix = note === undefined || note === "" ? "" : ` · ${note}`;
    if (this.mode === "lines") {
      const now = this.now();
      if (now - this.lastLineMs < PROGRESS_INTERVAL_MS) return;
      this.lastLineMs = now;
      this.stream.write(`${this.label}: ${count}${doneWord}${suffix} · ${Math.round((now - this.startMs) / 1000)}s\n`);
      return;
    }
    const columns = this.stream.columns ?? 80;
    const barWidth = Math.max(10, Math.min(40, columns - this.label.length - 16));
    let text = `${this.label} ${ProgressBar.bar(done, total, barWidth)} ${count}${suffix}`;
    if ([...text].length > columns - 1) text = [...text].slice(0, columns - 2).join("") + "…";
    if (text === this.lastText) return;
    this.lastText = text;
    this.stream.write(`\r\u001b[2K${text}`);
    this.drawn = true;
  }

  /** Erase the bar (call before printing anything else on the same stream). */
  finish(): void {
    if (this.mode !== "terminal" || !this.drawn) return;
    this.stream.write("\r\u001b[2K");
    this.drawn = false;
    this.lastText = "";
  }
}

/** Which mode progress on `stream` takes: off with `KAFKASIM_NO_PROGRESS`, else by whether it is a terminal. */
function progressMode(stream: ProgressStream, env: Readonly<Record<string, string | undefined>>): ProgressMode {
  const off = env["KAFKASIM_NO_PROGRESS"];
  if (off !== undefined && off !== "" && off !== "0") return "off";
  return stream.isTTY === true ? "terminal" : "lines";
}

/** A bar on `stream` in the mode {@link progressMode} chooses. */
export function progressBar(stream: ProgressStream, label: string, env: Readonly<Record<string, string | undefined>>, now?: () => number): ProgressBar {
  return new ProgressBar(stream, label, progressMode(stream, env), now);
}
