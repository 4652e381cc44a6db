import { describe, expect, it } from "vitest";
import { partitionChart, renderRunHtml } from "../../src/report/html-run.js";
import { passingRun } from "./fixtures.js";

describe("HTML report of one run (teaching-ux: one trace drives every view)", () => {
  it("draws one chart per partition and shades the time without a running leader", () => {
    const series = {
      partition: "orders-0",
      topic: "orders",
      index: 0,
      samples: [
        [0, 1, 0, 0, 0, 3],
        [1000, 1, 0, 10, 12, 3],
        [2000, -1, 1, -1, -1, 2],
        [3000, 2, 1, 10, 10, 2],
      ] as [number, number, number, number, number, number][],
    };
    const svg = partitionChart(series, 3000, [{ atUs: 1_500_000, kind: "fault", text: "crash broker-1" }], 3);
    expect(svg).toContain("<svg");
    expect(svg).toContain("no running leader 2s–3s");
    expect(svg).toContain("crash broker-1");
    expect(svg).toContain("leader broker-2 (epoch 1)");
    expect(svg.match(/<polyline/g)!.length).toBe(5); // HW and LEO in two runs (broken by the outage) + ISR
  });

  it("is a self-contained page that escapes every text from the run", () => {
    const html = renderRunHtml(passingRun({ description: "a <script>alert(1)</script> description", series: { intervalMs: 250, partitions: [] } }));
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("Reproduce with:");
    expect(html).not.toMatch(/https?:\/\//);
  });
});
