// Takes the README's picture of the HTML report (docs/img/html-report.png): runs
// scenarios/leader-crash-acks1.yaml with the built engine, renders report.html, opens it in
// headless Chromium (Debian's `chromium`, driven by playwright-core) and photographs the partition
// chart and the start of the space-time diagram around the crash. Run `npm run build` first.
//   node scripts/screenshot-report.mjs [out.png]
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { renderRunHtml } from "../dist/src/report/html-run.js";
import { runScenario } from "../dist/src/index.js";

const out = process.argv[2] ?? "docs/img/html-report.png";
const executablePath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
if (executablePath === undefined) {
  console.error("no Chromium found (apt-get install chromium)");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "kafkasim-shot-"));
try {
  const result = runScenario("scenarios/leader-crash-acks1.yaml", { messageSample: true });
  const file = join(dir, "report.html");
  writeFileSync(file, renderRunHtml(result));
  const browser = await chromium.launch({
    executablePath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  await page.goto(pathToFileURL(file).href);
  // The crash's close-up, scrolled to the crash.
  const crash = (await page.locator("#st-window option").allTextContents()).findIndex((o) => o.includes("crash") && o.includes("close-up"));
  if (crash >= 0) await page.selectOption("#st-window", { index: crash });
  const clip = await page.evaluate(() => {
    const view = [...document.querySelectorAll(".st-view")].find((f) => !f.hidden);
    const scroll = view.querySelector(".st-scroll");
    scroll.style.maxHeight = "330px";
    const body = view.querySelector(".st-body");
    const fault = view.querySelector(".st-fault line");
    const scale = body.getBoundingClientRect().width / body.viewBox.baseVal.width;
    if (fault) scroll.scrollTop = Number(fault.getAttribute("y1")) * scale - 110;
    // Leave out what lies between the chart and the diagram.
    const from = document.getElementById("partitions");
    for (let node = from.nextElementSibling; node && node !== view; node = node.nextElementSibling) {
      if (node.tagName === "P" && node.classList.contains("muted")) node.style.display = "none";
    }
    const top = from.getBoundingClientRect().top + window.scrollY;
    const bottom = scroll.getBoundingClientRect().bottom + window.scrollY;
    return { x: 0, y: top - 6, width: 900, height: bottom - top + 12 };
  });
  await page.screenshot({ path: out, clip, fullPage: true });
  await browser.close();
  console.log(`wrote ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
