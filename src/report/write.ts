/**
 * Writing a report directory (`--report DIR`): `summary.md`, `result.json` and, with `--trace`,
 * `trace.jsonl`. Every file is written under a hidden temporary name in the same directory and
 * renamed into place only when complete, so a failed or interrupted run never leaves a
 * half-written report behind (docs/architecture.md principle 8). Renames within one directory are atomic.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";

/** One file of a report. */
export interface ReportFile {
  name: string;
  content: string;
}

function temporaryName(dir: string, name: string): string {
  return join(dir, `.${name}.partial-${process.pid}`);
}

/**
 * Write `files` into `dir` (created if needed): all temporary files first, then the renames.
 * Returns the paths written. On an error every temporary file is removed and the error rethrown.
 */
export function writeReportFiles(dir: string, files: readonly ReportFile[]): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  try {
    for (const file of files) {
      const temp = temporaryName(dir, file.name);
      written.push(temp);
      writeFileSync(temp, file.content);
    }
  } catch (error) {
    for (const temp of written) rmSync(temp, { force: true });
    throw error;
  }
  return files.map((file) => {
    const target = join(dir, file.name);
    renameSync(temporaryName(dir, file.name), target);
    return target;
  });
}

let traceCounter = 0;

/**
 * A trace file filled line by line while the run goes on (the engine's `traceSink`), buffered,
 * under a hidden temporary name in a staging directory until {@link TraceFile.commit} moves it
 * into its report directory (which is known only once the run has named its scenario and seed);
 * {@link TraceFile.abort} removes it. The staging directory must be on the same file system.
 */
export class TraceFile {
  private fd: number | null;
  private buffer: string[] = [];
  private buffered = 0;
  private readonly temp: string;
  /** Lines written so far. */
  lines = 0;

  constructor(stagingDir: string) {
    mkdirSync(stagingDir, { recursive: true });
    traceCounter += 1;
    this.temp = join(stagingDir, `.trace-${process.pid}-${traceCounter}.partial`);
    this.fd = openSync(this.temp, "w");
  }

  /** Append one JSON line (a newline is added when missing). */
  readonly sink = (line: string): void => {
    if (this.fd === null) return;
    const text = line.endsWith("\n") ? line : `${line}\n`;
    this.buffer.push(text);
    this.buffered += text.length;
    this.lines += 1;
    if (this.buffered >= 1 << 16) this.flush();
  };

  private flush(): void {
    if (this.fd === null || this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(""));
    this.buffer = [];
    this.buffered = 0;
  }

  /** Finish the file and move it to `dir/name` (default `trace.jsonl`); returns its path. */
  commit(dir: string, name = "trace.jsonl"): string {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    mkdirSync(dir, { recursive: true });
    const target = join(dir, name);
    renameSync(this.temp, target);
    return target;
  }

  /** Drop the file (the run failed). Safe to call twice. */
  abort(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.temp, { force: true });
  }
}
