/**
 * `kafkasim showcase` (what `npm start` runs): the same leader crash under acks=1 and acks=all,
 * told lesson first in one screen (src/report/lesson.ts); `--verbose` prints both full reports
 * before it.
 */
import type { RunResult } from "../scenario/result.js";
import { renderShowcase } from "../report/lesson.js";
import { styleFor } from "../report/style.js";
import { renderRunTerminal } from "../report/terminal-run.js";
import { EXIT } from "./failure.js";
import { relativeTo, shortName, type CliIo, type Engine } from "./io.js";
import { progressBar } from "./progress.js";

/** Options of `kafkasim showcase`. */
export interface ShowcaseCommandOptions {
  seed?: number;
  verbose?: boolean;
  /** Looks up the description of a scenario file (for the full reports). */
  describe: (file: string) => string | undefined;
}

/** `kafkasim showcase`: 0 when both runs behaved as their lessons expect. */
export async function showcaseCommand(engine: Engine, io: CliIo, files: readonly [string, string], options: ShowcaseCommandOptions): Promise<number> {
  const style = styleFor(io.stdout, io.env);
  const results: RunResult[] = [];
  const bar = progressBar(io.stderr, "showcase", io.env);
  for (const [index, file] of files.entries()) {
    bar.update(index, files.length, shortName(file));
    let result: RunResult;
    try {
      result = await engine.runScenario(file, options.seed === undefined ? {} : { seed: options.seed });
    } finally {
      bar.finish();
    }
    if (options.verbose === true) {
      const description = options.describe(file);
      io.stdout.write(renderRunTerminal(result, { style, ...(description === undefined ? {} : { description }) }));
      io.stdout.write("\n");
    }
    results.push(result);
  }
  const [weak, strong] = results as [RunResult, RunResult];
  const shown: [string, string] = [relativeTo(io.cwd, files[0]), relativeTo(io.cwd, files[1])];
  io.stdout.write(renderShowcase(weak, strong, { style, files: shown }));
  return results.every((r) => r.passed) ? EXIT.passed : EXIT.failed;
}
