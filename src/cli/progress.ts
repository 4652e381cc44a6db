/**
 * The progress bar of multi-seed work (`--seeds N`, `compare`): one line on stderr, redrawn in
 * place, erased when the work is done. It is drawn only when stderr is a terminal, so a pipe or
 * a log file never receives carriage returns, and never on stdout (which `--json` keeps clean).
 */

/** The part of a stream a progress bar needs. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/** A progress bar; a disabled bar ignores every call. */
export class ProgressBar {
  private drawn = false;
  private lastText = "";

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    readonly enabled: boolean,
  ) {}

  /** The line for `done` of `total`: `seeds [██████░░░░░░░░] 7/20`. */
  static line(label: string, done: number, total: number, barWidth = 24): string {
    const safeTotal = Math.max(1, total);
    const filled = Math.min(barWidth, Math.round((Math.min(done, safeTotal) / safeTotal) * barWidth));
    return `${label} [${"█".repeat(filled)}${"░".repeat(barWidth - filled)}] ${done}/${total}`;
  }

  /** Redraw with `done` of `total` finished. */
  update(done: number, total: number): void {
    if (!this.enabled) return;
    const columns = this.stream.columns ?? 80;
    const text = ProgressBar.line(this.label, done, total, Math.max(10, Math.min(40, columns - this.label.length - 16)));
    if (text === this.lastText) return;
    this.lastText = text;
    this.stream.write(`\r\u001b[2K${text}`);
    this.drawn = true;
  }

  /** Erase the bar (call before printing anything else on the same stream). */
  finish(): void {
    if (!this.enabled || !this.drawn) return;
    this.stream.write("\r\u001b[2K");
    this.drawn = false;
    this.lastText = "";
  }
}

/** A bar on `stream`, enabled only when it is a terminal and `KAFKASIM_NO_PROGRESS` is not set. */
export function progressBar(stream: ProgressStream, label: string, env: Readonly<Record<string, string | undefined>>): ProgressBar {
  const off = env["KAFKASIM_NO_PROGRESS"];
  return new ProgressBar(stream, label, stream.isTTY === true && (off === undefined || off === ""));
}
