/** `kafkasim showcase` (what `npm start` runs): the same leader crash under acks=1 and acks=all. */
import type { RunResult } from "../scenario/result.js";
import { renderLesson } from "../report/lesson.js";
import { styleFor } from "../report/style.js";
import { renderRunTerminal } from "../report/terminal-run.js";
import { EXIT } from "./failure.js";
import type { CliIo, Engine } from "./io.js";

/** `kafkasim showcase`: the acks=1 and acks=all stories, then the lesson; 0 when both behaved as expected. */
export async function showcaseCommand(engine: Engine, io: CliIo, files: readonly [string, string], describe: (file: string) => string | undefined, seed?: number): Promise<number> {
  const style = styleFor(io.stdout, io.env);
  const results: RunResult[] = [];
  for (const file of files) {
    const result = await engine.runScenario(file, seed === undefined ? {} : { seed });
    const description = describe(file);
    if (results.length > 0) io.stdout.write("\n");
    io.stdout.write(renderRunTerminal(result, { style, ...(description === undefined ? {} : { description }) }));
    results.push(result);
  }
  const [weak, strong] = results as [RunResult, RunResult];
  io.stdout.write(`\n${renderLesson(weak, strong, style)}`);
  return results.every((r) => r.passed) ? EXIT.passed : EXIT.failed;
}

