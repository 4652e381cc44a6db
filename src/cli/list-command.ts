/** `kafkasim list [DIR]`: the scenarios of a directory with their one-line descriptions. */
import { isAbsolute, resolve } from "node:path";
import { listScenarios } from "../scenario/list.js";
import { jsonText } from "../report/json.js";
import { renderListing } from "../report/lesson.js";
import { styleFor } from "../report/style.js";
import { EXIT } from "./failure.js";
import { relativeTo, withSlash, type CliIo } from "./io.js";

/** `kafkasim list [DIR]`. */
export function listCommand(io: CliIo, dir: string, json: boolean): number {
  const listings = listScenarios(isAbsolute(dir) ? dir : resolve(io.cwd, dir))
    .map((l) => ({ ...l, file: relativeTo(io.cwd, l.file), ...(l.problem === undefined ? {} : { problem: l.problem.split(withSlash(io.cwd)).join("") }) }));
  io.stdout.write(json ? jsonText({ scenarios: listings }) : renderListing(listings, styleFor(io.stdout, io.env)));
  return EXIT.passed;
}

