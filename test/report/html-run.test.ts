import { describe, expect, it } from "vitest";
import { partitionChart, renderRunHtml } from "../../src/report/html-run.js";
import { pageFaults } from "../../src/report/html-faults.js";
import { ticks } from "../../src/report/html-text.js";
import { failingRun, passingRun } from "./fixtures.js";

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

describe("HTML report of one run: the partition chart (docs/architecture.md Reports: one trace drives every view)", () => {
  it("shades the time without a running leader, marks leaders and breaks HW/LEO at the outage", () => {
    const svg = partitionChart(series, 3000, pageFaults([{ atUs: 1_500_000, kind: "fault", text: "crash broker-1" }]), 3);
    expect(svg).toContain("no running leader 2s–3s");
    expect(svg).toContain("leader broker-2 (epoch 1)");
    expect(svg.match(/<polyline/g)!.length).toBe(5); // HW and LEO in two runs (broken by the outage) + ISR
  });

  it("writes time ticks and the faults' own words beside their numbers, not only in tooltips", () => {
    const faults = pageFaults([
      { atUs: 1_500_000, kind: "fault", text: "crash broker-1" },
      { atUs: 500_000, kind: "fault", text: "partition [broker-1] | [broker-2]" },
    ]);
    const svg = partitionChart(series, 3000, faults, 3);
    for (const t of ["0s", "1s", "2s", "3s"]) expect(svg).toContain(`>${t}</text>`);
    const labels = [...svg.matchAll(/<text class="fault-label"[^>]*>(.*?)<\/text>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ""));
    expect(labels).toEqual(["① partition [broker-1] | [broker-2]", "② crash broker-1"]);
  });

  it("marks with ✕ where each lost-write example was acknowledged (its ack time and offset)", () => {
    const lost = { type: "lost-write" as const, partition: "orders-0", offset: 11, value: "p1-11", explanation: "", details: { ackUs: 1_000_000 } };
    const other = { ...lost, partition: "orders-1" };
    const svg = partitionChart(series, 3000, [], 3, [lost, other]);
    expect(svg.match(/class="lost-mark"/g)!.length).toBe(1);
    expect(svg).toContain("lost write p1-11 at offset 11, acknowledged at 1s");
  });

  it("ticks are 1, 2 or 5 × 10^k and cover the axis", () => {
    expect(ticks(60)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(ticks(3)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
    expect(ticks(9067, 4)).toEqual([0, 5000]);
    expect(ticks(0)).toEqual([0]);
  });
});

describe("HTML report of one run: the page", () => {
  it("is a self-contained page that escapes every text from the run", () => {
    const html = renderRunHtml(passingRun({ description: "a <script>alert(1)</script> description", series: { intervalMs: 250, partitions: [] } }));
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;alert(1)");
    expect(html.match(/<script>/g)!.length).toBe(1); // the page's own inline script only
    expect(html).toContain("Reproduce with:");
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<(link|img|iframe)\b|\bsrc=/);
  });

  it("groups anomalies by type with the run's count, beyond the examples it kept", () => {
    const html = renderRunHtml(failingRun());
    const groups = [...html.matchAll(/<details class="anomaly-group" data-type="([^"]+)"><summary><b>[^<]+<\/b> <span class="count">(\d+)<\/span>/g)].map(
      (m) => [m[1], m[2]],
    );
    expect(groups).toEqual([
      ["lost-write", "5"],
      ["duplicate", "2"],
    ]);
    expect(html).toContain("4 examples kept");
    expect(html).toContain("written at offsets 900 and 903 after a retry");
  });

  it("says so when a run has no anomaly and no message sample", () => {
    const html = renderRunHtml(passingRun());
    expect(html).toContain("No anomalies");
    expect(html).toContain("No message sample in this result");
  });

  it("lists the timeline with each moment's nodes, including the ones its text names, for the filter", () => {
    const html = renderRunHtml(passingRun());
    expect(html).toContain(`<tr data-kind="fault" data-nodes=" broker-1 ">`);
    expect(html).toContain(`<tr data-kind="leader-change" data-nodes=" broker-2 ">`);
    expect(html).toContain(`<option value="fault">fault (1)</option>`);
    expect(html).toContain(`2 of 2 moments`);
  });
});
