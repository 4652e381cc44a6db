/**
 * `kafkasim list [DIR]`: the scenarios of a directory in teaching order with their one-line
 * descriptions. Without DIR it lists the scenarios installed with kafkasim, from any directory.
 */
import { isAbsolute, resolve } from "node:path";
import { listScenarios } from "../scenario/list.js";
import { jsonText } from "../report/json.js";
import { renderListing } from "../report/listing.js";
import { styleFor } from "../report/style.js";
import { EXIT } from "./failure.js";
import { relativeTo, withSlash, type CliIo } from "./io.js";

/** `kafkasim list [DIR]`: 0 once listed (a file that does not load is listed with its problem). */
export function listCommand(io: CliIo, dir: string, json: boolean): number {
  const listings = listScenarios(isAbsolute(dir) ? dir : resolve(io.cwd, dir)).map((l) => ({
    ...l,
    file: relativeTo(io.cwd, l.file),
    ...(l.problem === undefined ? {} : { problem: l.problem.split(withSlash(io.cwd)).join("") }),
  }));
  const first = listings.find((l) => l.problem === undefined);
  io.stdout.write(
    json
      ? jsonText({ scenarios: listings })
      : renderListing(listings, styleFor(io.stdout, io.env), undefined, first === undefined ? {} : { runHint: first.file }),
  );
  return EXIT.passed;
}
