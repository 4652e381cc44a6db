/**
 * The HTML pages as a learner sees them, in a real browser: headless Chromium (Debian's
 * `chromium`) driven by playwright-core. Skipped, with a message, when either is missing.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderCompareHtml } from "../../src/report/html-compare.js";
import { renderRunHtml } from "../../src/report/html-run.js";
import { renderSeedsHtml } from "../../src/report/html-seeds.js";
import { runScenario } from "../../src/scenario/run.js";
import type { RunResult } from "../../src/scenario/result.js";
import { compareResult, seedsResult } from "./fixtures.js";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
type Playwright = typeof import("playwright-core");
let playwright: Playwright | null = null;
try {
  playwright = await import("playwright-core");
} catch {
  playwright = null;
}
const why =
  CHROMIUM === undefined
    ? "no Chromium at /usr/bin/chromium (apt-get install chromium)"
    : playwright === null
      ? "playwright-core is not installed (npm ci)"
      : "";
if (why !== "") console.warn(`html-browser tests skipped: ${why}`);

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

describe.skipIf(why !== "")("HTML report in a real browser (what a learner sees)", () => {
  let browser: import("playwright-core").Browser;
  let dir: string;
  let result: RunResult;
  const url = (name: string) => pathToFileURL(join(dir, name)).href;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "kafkasim-html-"));
    result = runScenario("scenarios/leader-crash-acks1.yaml", { messageSample: true });
    writeFileSync(join(dir, "run.html"), renderRunHtml(result));
    writeFileSync(join(dir, "seeds.html"), renderSeedsHtml(seedsResult()));
    writeFileSync(join(dir, "compare.html"), renderCompareHtml(compareResult()));
    browser = await playwright!.chromium.launch({ executablePath: CHROMIUM!, args: FLAGS });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows a lane per node and arrows between them around the first fault", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(url("run.html"));
    const view = page.locator(".st-view:visible");
    await expect(view.count()).resolves.toBe(1);
    // leader-crash-acks1: 3 controllers, 3 brokers, producer p1 and consumer g1-1.
    expect(await view.locator(".lane-name").allTextContents()).toEqual([
      "controller-1",
      "controller-2",
      "controller-3",
      "broker-1",
      "broker-2",
      "broker-3",
      "p1",
      "g1-1",
    ]);
    const arrows = await view.locator("g.arrow").count();
    expect(arrows).toBeGreaterThan(50);
    expect(arrows).toBeLessThanOrEqual(240);
    // The partition at 10 s: fetches from the cut-off followers are lost.
    expect(await view.locator("g.arrow.lost").count()).toBeGreaterThan(0);
    expect(await view.locator(".st-fault text").first().textContent()).toContain("① partition [broker-2] | [broker-3, broker-1]");
    await page.close();
  });

  it("switches the window: the crash's close-up shows the crash on broker-2's lane", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(url("run.html"));
    const options = await page.locator("#st-window option").allTextContents();
    const crash = options.findIndex((o) => o.includes("crash broker-2") && o.includes("close-up"));
    expect(crash).toBeGreaterThan(0);
    await page.selectOption("#st-window", { index: crash });
    const view = page.locator(".st-view:visible");
    await expect(view.count()).resolves.toBe(1);
    expect(await view.locator("figcaption").textContent()).toContain("crash broker-2");
    expect(await view.locator(`.lane-mark[data-kind="host-crash"] text`).allTextContents()).toContain("crash");
    await page.close();
  });

  it("links each fault in the list to the messages around it", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(url("run.html"));
    await page.locator("ol.faults li", { hasText: "restart broker-2" }).locator("a.to-window").click();
    const view = page.locator(".st-view:visible");
    await expect(view.count()).resolves.toBe(1);
    expect(await view.locator("figcaption").textContent()).toContain("③ 30.000s restart broker-2");
    expect(await page.locator("#st-window").inputValue()).toBe(await view.getAttribute("id"));
    await page.close();
  });

  it("labels the faults on the chart in words and marks where lost writes were acknowledged", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(url("run.html"));
    const labels = await page.locator("svg.chart .fault-label").allTextContents();
    expect(labels.some((l) => l.startsWith("②") && l.includes("crash broker-2"))).toBe(true);
    expect(await page.locator("svg.chart .lost-mark").count()).toBeGreaterThan(0);
    expect(await page.locator("svg.chart text.tick", { hasText: /^20s$/ }).count()).toBe(1);
    await page.close();
  });

  it("groups anomalies by type with the run's counts, examples one click away", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(url("run.html"));
    const group = page.locator(`details[data-type="lost-write"]`);
    expect(await group.locator(".count").textContent()).toBe(String(result.metrics["lost-write"]));
    const example = group.locator("li").first();
    expect(await example.isVisible()).toBe(false);
    await group.locator("summary").click();
    expect(await example.isVisible()).toBe(true);
    expect(await example.textContent()).toContain("acknowledged by broker-2 (acks=1)");
    await page.close();
  });

  it("filters the timeline by node and by kind", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(url("run.html"));
    const rows = page.locator("#timeline tbody tr");
    const total = await rows.count();
    await page.selectOption("#tl-kind", "fault");
    const faults = await page.locator("#timeline tbody tr:visible td:nth-child(3)").allTextContents();
    expect(faults).toHaveLength(3); // partition, crash, restart
    expect(await page.locator("#tl-count").textContent()).toBe(`3 of ${total} moments`);
    await page.selectOption("#tl-kind", "");
    await page.selectOption("#tl-node", "broker-2");
    const mine = await page.locator("#timeline tbody tr:visible").count();
    expect(mine).toBeGreaterThan(3);
    expect(mine).toBeLessThan(total);
    const texts = await page.locator("#timeline tbody tr:visible").allTextContents();
    expect(texts.some((t) => t.includes("crash broker-2"))).toBe(true);
    await page.close();
  });

  it("fits a 400 px wide screen without horizontal scrolling (run, seeds and compare pages)", async () => {
    for (const name of ["run.html", "seeds.html", "compare.html"]) {
      const page = await browser.newPage({ viewport: { width: 400, height: 800 } });
      await page.goto(url(name));
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, name).toBeLessThanOrEqual(400);
      await page.close();
    }
  });

  it("shows the seeds' distribution and the compared values side by side", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(url("seeds.html"));
    expect(await page.locator("tr", { hasText: "lost-write" }).locator("circle").count()).toBe(3);
    await page.goto(url("compare.html"));
    expect(await page.locator("thead th").allTextContents()).toEqual(["", "acks=1", "acks=all"]);
    await page.close();
  });
});
