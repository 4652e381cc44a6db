import { describe, expect, it } from "vitest";
import { ProgressBar, progressBar } from "../../src/cli/progress.js";

describe("Progress goes only to stderr (Reference: SCENARIO-FORMAT --json keeps stdout clean)", () => {
  it("a progress bar draws on a terminal, erases itself at the end, and writes nothing to a pipe", () => {
    const written: string[] = [];
    const tty = { isTTY: true, columns: 80, write: (s: string) => written.push(s) };
    const bar = progressBar(tty, "seeds", {});
    bar.update(1, 4);
    bar.update(4, 4);
    bar.finish();
    expect(written.join("")).toContain("seeds [");
    expect(written.join("")).toContain("4/4");
    expect(written[written.length - 1]).toBe("\r\u001b[2K");
    const piped: string[] = [];
    const off = progressBar({ isTTY: false, write: (s: string) => piped.push(s) }, "seeds", {});
    off.update(1, 2);
    off.finish();
    expect(piped).toEqual([]);
    expect(ProgressBar.line("x", 5, 10, 10)).toBe("x [█████░░░░░] 5/10");
  });
});
