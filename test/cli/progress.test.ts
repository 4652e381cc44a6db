import { describe, expect, it } from "vitest";
import { PROGRESS_INTERVAL_MS, ProgressBar, progressBar } from "../../src/cli/progress.js";

describe("Progress goes only to stderr, and shows a long command is alive (Reference: docs/scenario-format.md --json keeps stdout clean; clig.dev 'Responsiveness')", () => {
  it("on a terminal a bar is redrawn in place and erased at the end", () => {
    const written: string[] = [];
    const tty = { isTTY: true, columns: 80, write: (s: string) => written.push(s) };
    const bar = progressBar(tty, "seeds", {});
    bar.update(1, 4);
    bar.update(4, 4, "seed 4");
    bar.finish();
    expect(written.join("")).toContain("seeds [");
    expect(written.join("")).toContain("4/4 · seed 4");
    expect(written.every((s) => !s.includes("\n"))).toBe(true);
    expect(written[written.length - 1]).toBe("\r\u001b[2K");
    expect(ProgressBar.line("x", 5, 10, 10)).toBe("x [█████░░░░░] 5/10");
  });

  it("into a pipe or a log it writes a plain line every few seconds, no carriage return, nothing to erase", () => {
    const piped: string[] = [];
    let clock = 0;
    const bar = progressBar({ isTTY: false, write: (s: string) => piped.push(s) }, "run", {}, () => clock);
    bar.update(1, 19, "kip101-scenario1");
    expect(piped, "nothing before the first interval: short commands stay silent").toEqual([]);
    clock = PROGRESS_INTERVAL_MS;
    bar.update(2, 19, "kip101-scenario2");
    clock += 1000;
    bar.update(3, 19);
    clock += PROGRESS_INTERVAL_MS;
    bar.update(4, 19);
    bar.finish();
    expect(piped).toEqual(["run: 2/19 done · kip101-scenario2 · 3s\n", "run: 4/19 done · 7s\n"]);
  });

  it("one long run reports its simulated time, then the drain, in a line every few seconds", () => {
    const piped: string[] = [];
    let clock = 0;
    const bar = progressBar({ isTTY: false, write: (s: string) => piped.push(s) }, "run big", {}, () => clock);
    bar.simulated(5_000_000, 600_000_000);
    clock = PROGRESS_INTERVAL_MS;
    bar.simulated(23_400_000, 600_000_000);
    clock += PROGRESS_INTERVAL_MS;
    bar.simulated(612_000_000, 600_000_000);
    expect(piped).toEqual(["run big: simulated 23s of 600s · 3s\n", "run big: draining: simulated 612s · 6s\n"]);
  });

  it("on a terminal one run's bar fills with its simulated time", () => {
    const drawn: string[] = [];
    const bar = progressBar({ isTTY: true, columns: 80, write: (s: string) => drawn.push(s) }, "run x", {});
    bar.simulated(30_000_000, 60_000_000);
    expect(drawn.at(-1)).toMatch(/^\r\u001b\[2Krun x \[█+░+\] simulated 30s of 60s$/);
    const filled = /█+/.exec(drawn.at(-1) ?? "")?.[0].length ?? 0;
    const empty = /░+/.exec(drawn.at(-1) ?? "")?.[0].length ?? 0;
    expect(filled).toBe(empty);
  });

  it("KAFKASIM_NO_PROGRESS=1 turns it off everywhere", () => {
    const written: string[] = [];
    let clock = 0;
    for (const isTTY of [true, false]) {
      const bar = progressBar({ isTTY, write: (s: string) => written.push(s) }, "seeds", { KAFKASIM_NO_PROGRESS: "1" }, () => clock);
      clock += 10 * PROGRESS_INTERVAL_MS;
      bar.update(1, 2);
      bar.finish();
    }
    expect(written).toEqual([]);
  });
});
