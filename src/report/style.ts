/**
 * Colour for the terminal renderers. Renderers never decide about colour themselves: they are
 * given a {@link Style}, built here from the stream they will be written to. Colour is on only
 * when that stream is a terminal and `NO_COLOR` is not set (https://no-color.org);
 * `FORCE_COLOR=1` forces it on (and `FORCE_COLOR=0` off).
 */
import { Chalk, type ChalkInstance } from "chalk";

/** The few paints a report uses; each returns its input unchanged when colour is off. */
export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  good(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  accent(text: string): string;
}

/** A stream as far as colour and progress decisions need it. */
export interface TtyLike {
  readonly isTTY?: boolean;
}

/** Whether to colour output written to `stream`, given the environment. */
export function colourWanted(stream: TtyLike, env: Readonly<Record<string, string | undefined>>): boolean {
  const noColor = env["NO_COLOR"];
  if (noColor !== undefined && noColor !== "") return false;
  const force = env["FORCE_COLOR"];
  if (force !== undefined) return !(force === "0" || force === "false");
  return stream.isTTY === true;
}

/** A style that paints with `chalk` at basic (16-colour) level, or not at all. */
export function makeStyle(enabled: boolean): Style {
  const chalk: ChalkInstance = new Chalk({ level: enabled ? 1 : 0 });
  return {
    enabled,
    bold: (t) => chalk.bold(t),
    dim: (t) => chalk.dim(t),
    good: (t) => chalk.green(t),
    bad: (t) => chalk.red(t),
    warn: (t) => chalk.yellow(t),
    accent: (t) => chalk.cyan(t),
  };
}

/** The style for `stream` in `env` (see {@link colourWanted}). */
export function styleFor(stream: TtyLike, env: Readonly<Record<string, string | undefined>>): Style {
  return makeStyle(colourWanted(stream, env));
}

/** No colour at all: Markdown, files, tests. */
export const PLAIN: Style = makeStyle(false);
