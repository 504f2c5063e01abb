/**
 * The cash-flow webview's page rendered standalone in headless Chromium (see
 * harness.ts), fed the figures the core computes for the Colossus 1 sample and
 * the buyer's portfolio, as the extension would post them. Checks the bars
 * drawn (count, heights, order), the tooltip on hover, the totals on the page,
 * the theme following, the exports, and that the page keeps to its
 * Content-Security-Policy and asks for nothing over the network.
 *
 * Screenshots go to out/screenshots/; with UPDATE_GOLDEN=1 they also replace
 * docs/images/cashflow-{light,dark,portfolio}.png (the README shows those).
 */
import { strict as assert } from "node:assert";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { analyze } from "../../server/src/core";
import { cashFlowOf } from "../../server/src/core/features/dealCashFlow";
import { portfolioCashFlowOf } from "../../server/src/core/features/portfolioCashFlow";
import type { CashFlowView, PortfolioCashFlowView } from "../../protocol/src";
import { analyzePortfolioFile } from "../support/portfolio";
import { ROOT, SAMPLES, UPDATE_GOLDEN } from "../support/paths";
import { closeBrowser, itKeptToItsPolicy, openPage, type Harness } from "./harness";
import { DARK, LIGHT } from "./themes";

const SHOTS = path.join(ROOT, "out", "screenshots");
const IMAGES = path.join(ROOT, "docs", "images");

function colossus(text = readFileSync(path.join(SAMPLES, "colossus-1.deal.yaml"), "utf8")): CashFlowView {
  const r = cashFlowOf(analyze(text));
  assert.ok(r);
  return r;
}

function portfolio(): PortfolioCashFlowView {
  const file = path.join(SAMPLES, "anthropic-compute.portfolio.yaml");
  const r = portfolioCashFlowOf(analyzePortfolioFile(file));
  assert.ok(r);
  return r;
}

interface Bar {
  readonly x: number;
  /** The bar's base (on the zero line for a bar standing on the axis). */
  readonly y: number;
  readonly width: number;
  /** Positive for a bar rising above its base, negative below (credits). */
  readonly height: number;
  readonly fill: string;
  /** Drawn over with a hatch pattern (an assumed fee). */
  readonly hatched: boolean;
}

const RECT = /^M(-?[\d.]+) (-?[\d.]+)l([\d.]+) 0l0 (-?[\d.]+)l-[\d.]+ 0Z$/;

/**
 * The bars of the chart as drawn: zrender writes each bar as a closed
 * rectangle path `M x y l w 0 l 0 -h l -w 0 Z` in a solid colour; a hatched
 * bar gets a second path of the same outline filled with a pattern. Legend
 * icons and window lanes are rounded, the legend's hit areas are translated,
 * clip paths and pattern tiles sit in <defs>, and the exit shade is
 * translucent: none of them is a bar.
 */
async function bars(h: Harness): Promise<Bar[]> {
  const paths = await h.page.$$eval("#chart svg path", (els) =>
    els.map((e) => ({
      d: e.getAttribute("d") ?? "",
      fill: e.getAttribute("fill") ?? "",
      opacity: e.getAttribute("fill-opacity"),
      transform: e.getAttribute("transform"),
      defs: e.closest("defs, clipPath, pattern") !== null,
    })),
  );
  const overlays = new Set(paths.filter((p) => p.fill.startsWith("url(")).map((p) => p.d));
  const out: Bar[] = [];
  for (const p of paths) {
    if (p.defs || p.transform !== null || p.opacity !== null || p.fill.startsWith("url(") || p.fill === "none") continue;
    const m = RECT.exec(p.d);
    if (m) out.push({ x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: -Number(m[4]), fill: p.fill, hatched: overlays.has(p.d) });
  }
  return out.sort((a, b) => a.x - b.x || b.y - a.y);
}

/** The page from its top through "Months as a table" (the exit curves and the sensitivity below it have screenshots of their own, see scenarios.test.ts). */
async function shot(h: Harness, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, name);
  // No button under the mouse (a hovered button looks pressed).
  await h.page.mouse.move(0, 0);
  const box = (await h.page.locator("#table-box").boundingBox())!;
  const scrollY = await h.page.evaluate(() => window.scrollY);
  await h.page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: h.page.viewportSize()!.width, height: box.y + scrollY + box.height + 16 } });
  if (UPDATE_GOLDEN) {
    mkdirSync(IMAGES, { recursive: true });
    copyFileSync(file, path.join(IMAGES, name));
  }
}

/** The text of the tooltip after the mouse rests on a bar's middle. */
async function hover(h: Harness, bar: Bar): Promise<string> {
  const box = (await h.page.locator("#chart svg").boundingBox())!;
  await h.page.mouse.move(0, 0);
  await h.page.mouse.move(box.x + bar.x + bar.width / 2, box.y + bar.y - bar.height / 2);
  const tip = h.page.locator("#chart .cf-tooltip");
  await tip.waitFor({ state: "visible" });
  return (await tip.innerText()).replace(/\s+/g, " ");
}

describe("cash-flow webview page (headless Chromium)", () => {
  let h: Harness;
  before(async () => {
    h = await openPage();
    await h.waitForPosted("ready");
  });
  after(async () => {
    await h?.close();
    await closeBrowser();
  });

  it("draws Colossus 1: 37 monthly bars, the two ramp months at half the base rate", async () => {
    await h.setTheme(LIGHT);
    await h.post({ type: "data", source: "file:///colossus-1.deal.yaml", data: colossus() });
    const report = await h.waitForPosted("rendered");
    assert.deepEqual(report.report, { source: "file:///colossus-1.deal.yaml", kind: "deal", months: 37, series: 2, total: "$45,000,000,000.00", theme: "vscode-light", charts: ["cashflow", "exit-curve-1", "sensitivity"], overlays: [] });
    const drawn = await bars(h);
    assert.equal(drawn.length, 37);
    // Left to right, one bar per month, evenly spaced.
    const step = drawn[1]!.x - drawn[0]!.x;
    drawn.forEach((b, i) => assert.ok(Math.abs(b.x - drawn[0]!.x - i * step) < 0.5, `bar ${i} at its month`));
    const [may, june, ...base] = drawn;
    assert.ok(Math.abs(may!.height - june!.height) < 0.01);
    for (const b of base) assert.ok(Math.abs(b.height - base[0]!.height) < 0.01, "every base month at the same height");
    assert.ok(Math.abs(may!.height * 2 - base[0]!.height) < 0.02, "the ramp at half the base rate");
    // The ramp (assumed) is hatched in the theme's first chart colour, the base rate solid in its second.
    assert.deepEqual([may!.fill, may!.hatched, june!.hatched], [LIGHT.variables["--vscode-charts-blue"], true, true]);
    assert.deepEqual([base[0]!.fill, base.some((b) => b.hatched)], [LIGHT.variables["--vscode-charts-orange"], false]);
    assert.deepEqual(await h.violations(), []);
  });

  it("shows the totals on the page and every month in the table", async () => {
    const summary = (await h.page.locator("#summary").innerText()).replace(/\s+/g, " ");
    assert.match(summary, /Total \$45,000,000,000\.00/);
    assert.match(summary, /Peak month \(Jul 2026\) \$1,250,000,000\.00/);
    assert.match(summary, /Exit exposure \$2,419,354,838\.71/);
    assert.equal(await h.page.locator("#table tbody tr").count(), 37);
    const lastRow = await h.page.locator("#table tbody tr").last().evaluate((tr) => [...tr.children].map((c) => c.textContent));
    assert.deepEqual(lastRow, ["May 2029", "", "$1,250,000,000.00", "$1,250,000,000.00", "$45,000,000,000.00"]);
    assert.deepEqual(await h.page.locator("#table thead th").allTextContents(), ["Month", "Ramp-up rate (May and June 2026) (assumed)", "Full capacity rate", "Total", "Cumulative"]);
    const svgText = await h.page.locator("#chart svg").textContent();
    assert.match(svgText!, /Exit window 1/);
    assert.match(svgText!, /Ramp-up rate \(May and June 2026\)/);
  });

  it("lists a month's charges by fee when hovering its bar", async () => {
    const drawn = await bars(h);
    const may = await hover(h, drawn[0]!);
    assert.match(may, /May 2026/);
    assert.match(may, /Ramp-up rate \(May and June 2026\) \$625,000,000\.00/);
    assert.match(may, /Total \$625,000,000\.00 Cumulative \$625,000,000\.00/);
    const last = await hover(h, drawn[36]!);
    assert.match(last, /May 2029 Full capacity rate \$1,250,000,000\.00 Total \$1,250,000,000\.00 Cumulative \$45,000,000,000\.00/);
    await h.page.mouse.move(0, 0);
    await h.page.locator("#chart .cf-tooltip").waitFor({ state: "hidden" });
    await shot(h, "cashflow-light.png");
  });

  it("follows the theme: dark colours after the body's class and variables change", async () => {
    const before = (await h.posted()).filter((m) => m.type === "rendered").length;
    await h.setTheme(DARK);
    const report = await h.waitForPosted("rendered", before + 1);
    assert.equal(report.report.theme, "vscode-dark");
    const drawn = await bars(h);
    assert.equal(drawn.length, 37);
    assert.equal(drawn[5]!.fill, DARK.variables["--vscode-charts-orange"]);
    const background = await h.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, "rgb(31, 31, 31)");
    await shot(h, "cashflow-dark.png");
  });

  it("redraws when new figures arrive (an edit to the deal)", async () => {
    const count = (await h.posted()).filter((m) => m.type === "rendered").length;
    const text = readFileSync(path.join(SAMPLES, "colossus-1.deal.yaml"), "utf8").replace("amount: $1.25B", "amount: $1.5B");
    await h.post({ type: "data", source: "file:///colossus-1.deal.yaml", data: colossus(text) });
    const report = await h.waitForPosted("rendered", count + 1);
    // 2 x $625M + 35 x $1.5B.
    assert.equal(report.report.total, "$53,750,000,000.00");
    const drawn = await bars(h);
    assert.ok(Math.abs(drawn[0]!.height * 2.4 - drawn[2]!.height) < 0.05, "the ramp at 625M / 1.5B of the base");
    assert.match(await h.page.locator("#summary").innerText(), /\$53,750,000,000\.00/);
  });

  it("exports the chart as PNG and SVG, and asks the extension for the CSV", async () => {
    await h.post({ type: "data", source: "file:///colossus-1.deal.yaml", data: colossus() });
    await h.page.click("#export-png");
    const png = await h.waitForPosted("image");
    assert.equal(png.format, "png");
    assert.ok(png.data.startsWith("data:image/png;base64,"));
    const bytes = Buffer.from(png.data.slice("data:image/png;base64,".length), "base64");
    assert.equal(bytes.subarray(1, 4).toString("latin1"), "PNG");
    // Drawn at twice the page's pixels: width 2 x at least 640.
    assert.ok(bytes.readUInt32BE(16) >= 1280, `PNG width ${bytes.readUInt32BE(16)}`);
    await h.page.click("#export-svg");
    const svg = await h.waitForPosted("image", 2);
    assert.equal(svg.format, "svg");
    assert.match(svg.data, /^<svg[\s>]/);
    assert.match(svg.data, /Colossus 1 compute capacity \(Memphis\)/);
    assert.equal((svg.data.match(/<path d="M[\d.]+ [\d.]+l[\d.]+ 0l0 -[\d.]+l-[\d.]+ 0Z" fill="#[0-9a-f]{6}"[ >]/g) ?? []).length, 37, "the SVG holds the 37 bars");
    await h.page.click("#export-csv");
    await h.waitForPosted("csv");
  });

  it("draws a portfolio stacked by provider, with each provider's share", async () => {
    await h.setTheme(LIGHT);
    const data = portfolio();
    const count = (await h.posted()).filter((m) => m.type === "rendered").length;
    await h.post({ type: "data", source: "file:///anthropic-compute.portfolio.yaml", data });
    const report = await h.waitForPosted("rendered", count + 1);
    assert.equal(report.report.kind, "portfolio");
    assert.equal(report.report.series, 5);
    assert.equal(report.report.months, data.months.length);
    const legend = await h.page.locator("#chart svg").textContent();
    for (const p of data.providers) assert.ok(legend!.includes(`${p.name} ${p.shareDisplay}`), `${p.name} in the legend`);
    assert.match(legend!, /Google 49\.19%/);
    // One segment per provider paying in a month: as many bars as non-empty parts.
    const segments = data.months.reduce((n, m) => n + m.byProvider.filter((p) => Number(p.amount) > 0).length, 0);
    assert.equal((await bars(h)).length, segments);
    assert.match((await h.page.locator("#summary").innerText()).replace(/\s+/g, " "), /Total \$2,041,070,480,000\.00/);
    await shot(h, "cashflow-portfolio.png");
  });

  it("says why when there is nothing to draw", async () => {
    await h.post({ type: "empty", source: "file:///broken.deal.yaml", reason: "No figures: fix the errors in broken.deal.yaml first." });
    await h.page.waitForFunction(() => document.body.dataset.state === "empty");
    assert.equal(await h.page.locator("#message").innerText(), "No figures: fix the errors in broken.deal.yaml first.");
    assert.equal(await h.page.locator("#chart svg").count(), 0);
    assert.equal(await h.page.locator("#export-png").isDisabled(), true);
  });

  itKeptToItsPolicy(() => h);
});
