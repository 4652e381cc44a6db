/** Argument parsers shared by the commands (commander reports their errors as usage errors, exit 2). */
import { InvalidArgumentError } from "commander";

/** An integer ≥ `min`, or a usage error naming what was found. */
export function integer(min: number) {
  return (text: string): number => {
    if (!/^-?\d+$/.test(text.trim())) throw new InvalidArgumentError(`expected an integer, found ${JSON.stringify(text)}`);
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}, found ${text}`);
    return n;
  };
}
