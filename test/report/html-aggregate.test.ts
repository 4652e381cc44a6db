import { describe, expect, it } from "vitest";
import { renderCompareHtml } from "../../src/report/html-compare.js";
import { distribution } from "../../src/report/html-distribution.js";
import { renderSeedsHtml } from "../../src/report/html-seeds.js";
import { compareReportFiles, seedsReportFiles } from "../../src/report/output.js";
import { compareResult, seedsResult } from "./fixtures.js";

describe("HTML pages of several seeds and of a comparison", () => {
  it("shows each metric's distribution over the seeds: a dot per seed, min, median, mean, max", () => {
    const html = renderSeedsHtml(seedsResult(), "acks=1 loses writes");
    expect(html).toContain("1 of 3 seeds passed");
    const lost = html.match(/<tr><td><b>lost-write<\/b>.*?<\/tr>/)![0];
    // lost-write per seed: 5, 0, 9.
    expect(lost).toContain(`<td class="num">2 of 3</td><td class="num">0</td><td class="num">5</td><td class="num">4.667</td><td class="num">9</td>`);
    expect(lost.match(/<circle /g)!.length).toBe(3);
    expect(lost).toContain("<title>seed 3: 9</title>");
    expect(html).toContain(`<a href="1/report.html">1</a>`);
    expect(html).toContain("0 in every seed:");
  });

  it("puts the compared values side by side, one column each", () => {
    const html = renderCompareHtml(compareResult());
    expect(html).toContain("<th>acks=1</th><th>acks=all</th>");
    const lost = html.match(/<tr><td><b>lost-write<\/b>.*?<\/tr>/)![0];
    expect(lost).toContain('4.667<span class="bar bad" style="width:100%"></span>');
    expect(lost).toContain('0<span class="bar" style="width:0%"></span>');
    expect(html).toMatch(/seeds passed.*1 of 3.*3 of 3/);
  });

  it("is written as report.html beside summary.md and result.json", () => {
    expect(seedsReportFiles(seedsResult()).map((f) => f.name)).toEqual(["summary.md", "result.json", "report.html"]);
    expect(compareReportFiles(compareResult()).map((f) => f.name)).toEqual(["summary.md", "result.json", "report.html"]);
  });

  it("computes the median of an even count as the mean of the middle two", () => {
    expect(distribution([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, mean: 2.5, max: 4, nonZero: 4 });
    expect(distribution([])).toEqual({ min: 0, median: 0, mean: 0, max: 0, nonZero: 0 });
  });
});
