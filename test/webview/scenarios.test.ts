/**
 * The charts of version 1.1 in the cash-flow page, rendered standalone in
 * headless Chromium (see harness.ts) and checked against what the built CLI
 * prints for the same file (`server/out/cli.js`, run as a child process):
 *
 * - the scenario picker's lines: each scenario's running total, read back
 *   from the drawn SVG path and from the page's table, ends at the total of
 *   `dealspec scenarios --format json` and grows by each of its years;
 * - each clause's exit curve: one point per entry of `exit_curve` in
 *   `dealspec totals --json`, the two markers on its cheapest and dearest
 *   points;
 * - the tornado: its rows in the order of `dealspec sensitivity --format
 *   json`, each bar on the side and at the length of its change in NPV.
 *
 * Screenshots go to out/screenshots/; with UPDATE_GOLDEN=1 they also replace
 * docs/images/cashflow-{scenarios,exit-curve,sensitivity}.png.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Locator } from "playwright-core";
import { analyze, Decimal } from "../../server/src/core";
import { cashFlowOf } from "../../server/src/core/features/dealCashFlow";
import type { CashFlowView } from "../../protocol/src";
import type { FiguresJson, ScenarioColumnJson, SensitivityJson } from "../../server/src/core/json";
import { CLI, FIXTURES, ROOT, UPDATE_GOLDEN } from "../support/paths";
import { closeBrowser, itKeptToItsPolicy, openPage, type Harness } from "./harness";
import { DARK, LIGHT } from "./themes";

const FILE = path.join(FIXTURES, "conformance", "v11-scenarios-exit-curve.deal.yaml");
const TEXT = readFileSync(FILE, "utf8");
/** The fixture with a scenario that names an option the deal does not have. */
const BROKEN = `${TEXT}  - id: broken\n    exercise: [extend-6y]\n`;
const SHOTS = path.join(ROOT, "out", "screenshots");
const IMAGES = path.join(ROOT, "docs", "images");

/** `dealspec ARGS` with the built bundle, as a user runs it; its standard output parsed as JSON. */
function cli<T>(...args: string[]): T {
  assert.ok(existsSync(CLI), `no CLI bundle at ${CLI}: run \`npm run build\` first`);
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  assert.ok(r.status === 0 || r.status === 1, `dealspec ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

function cashFlow(text: string): CashFlowView {
  const r = cashFlowOf(analyze(text));
  assert.ok(r);
  return r;
}

/** `$1,234.50` or `-$1,234.50` or `+$…` as an exact decimal. */
function amountOf(display: string): Decimal {
  const negative = display.trim().startsWith("-");
  const digits = display.replace(/[^0-9.]/g, "");
  return new Decimal(negative ? `-${digits}` : digits);
}

interface Polyline {
  readonly stroke: string;
  readonly dashed: boolean;
  readonly points: readonly (readonly [number, number])[];
}

/** The lines drawn in an SVG: zrender writes each as `M x y L x y …` with no fill (areas and grid lines are told apart by their fill and length). */
async function polylines(svg: Locator): Promise<Polyline[]> {
  const raw = await svg.locator("path").evaluateAll((els) =>
    els.map((e) => ({ d: e.getAttribute("d") ?? "", fill: e.getAttribute("fill"), stroke: e.getAttribute("stroke") ?? "", dash: e.getAttribute("stroke-dasharray"), width: e.getAttribute("stroke-width") })),
  );
  return raw
    .filter((p) => p.fill === "none" && p.width === "2" && /^M-?[\d.]+ -?[\d.]+(L-?[\d.]+ -?[\d.]+)+$/.test(p.d))
    .map((p) => ({
      stroke: p.stroke,
      dashed: p.dash !== null,
      points: p.d
        .slice(1)
        .split("L")
        .map((xy) => xy.split(" ").map(Number) as [number, number]),
    }));
}

/** Symbols placed on a chart (scatter points, line symbols): zrender draws a circle of radius 1 scaled and moved by a matrix. */
async function symbols(svg: Locator): Promise<{ fill: string; x: number; y: number }[]> {
  const raw = await svg.locator("path").evaluateAll((els) => els.map((e) => ({ d: e.getAttribute("d") ?? "", fill: e.getAttribute("fill") ?? "", transform: e.getAttribute("transform") ?? "" })));
  return raw
    .filter((p) => p.d.startsWith("M1 0A1 1 0 1 1"))
    .map((p) => {
      const m = /^matrix\(([^)]*)\)$/.exec(p.transform);
      const [, , , , x, y] = (m?.[1] ?? "").split(",").map(Number);
      return { fill: p.fill, x: x!, y: y! };
    });
}

/** Solid rectangles (bars): `M x y l w 0 l 0 h l -w 0 Z`, widths and heights signed. */
async function rects(svg: Locator): Promise<{ x: number; y: number; width: number; height: number; fill: string }[]> {
  const raw = await svg.locator("path").evaluateAll((els) => els.map((e) => ({ d: e.getAttribute("d") ?? "", fill: e.getAttribute("fill") ?? "", transform: e.getAttribute("transform") })));
  const out: { x: number; y: number; width: number; height: number; fill: string }[] = [];
  for (const p of raw) {
    const m = /^M(-?[\d.]+) (-?[\d.]+)l(-?[\d.]+) 0l0 (-?[\d.]+)l-?[\d.]+ 0Z$/.exec(p.d);
    if (m && p.transform === null && p.fill.startsWith("#")) out.push({ x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: Number(m[4]), fill: p.fill });
  }
  return out;
}

/** The text of each text element of an SVG. */
function texts(svg: Locator): Promise<string[]> {
  return svg.locator("text").evaluateAll((els) => els.map((e) => e.textContent ?? ""));
}

async function table(locator: Locator): Promise<{ head: string[]; rows: string[][] }> {
  return locator.evaluate((t) => ({
    head: [...t.querySelectorAll("thead th")].map((c) => c.textContent ?? ""),
    rows: [...t.querySelectorAll("tbody tr")].map((r) => [...r.children].map((c) => c.textContent ?? "")),
  }));
}

/** A screenshot of the page from its top to the bottom of `until`, or of one element with the page's margin around it. */
async function shot(h: Harness, name: string, target: { element: Locator } | { until: Locator }): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, name);
  // No button under the mouse (a hovered button looks pressed).
  await h.page.mouse.move(0, 0);
  const scrollY = await h.page.evaluate(() => window.scrollY);
  const width = h.page.viewportSize()!.width;
  let clip: { x: number; y: number; width: number; height: number };
  if ("until" in target) {
    const box = (await target.until.boundingBox())!;
    clip = { x: 0, y: 0, width, height: box.y + scrollY + box.height + 12 };
  } else {
    const box = (await target.element.boundingBox())!;
    clip = { x: 0, y: box.y + scrollY - 12, width, height: box.height + 24 };
  }
  await h.page.screenshot({ path: file, fullPage: true, clip });
  if (UPDATE_GOLDEN) {
    mkdirSync(IMAGES, { recursive: true });
    copyFileSync(file, path.join(IMAGES, name));
  }
}

const rendered = async (h: Harness) => (await h.posted()).filter((m) => m.type === "rendered").length;

describe("cash-flow page: scenarios, exit curves and sensitivity (headless Chromium, against the CLI)", () => {
  let h: Harness;
  let scenarios: { scenarios: ScenarioColumnJson[] };
  let totals: FiguresJson;
  let sensitivity: SensitivityJson;
  let brokenScenarios: { scenarios: ScenarioColumnJson[] };
  let tmp: string;

  before(async () => {
    scenarios = cli("scenarios", "--format", "json", FILE);
    totals = cli("totals", "--json", FILE);
    sensitivity = cli("sensitivity", "--format", "json", FILE);
    tmp = mkdtempSync(path.join(tmpdir(), "dealspec-webview-"));
    const broken = path.join(tmp, "broken.deal.yaml");
    writeFileSync(broken, BROKEN);
    brokenScenarios = cli("scenarios", "--format", "json", broken);
    h = await openPage();
    await h.waitForPosted("ready");
    await h.setTheme(LIGHT);
  });
  after(async () => {
    await h?.close();
    await closeBrowser();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("lists every scenario in the picker with its total and difference, none drawn until picked", async () => {
    await h.post({ type: "data", source: "file:///v11.deal.yaml", data: cashFlow(TEXT) });
    const report = await h.waitForPosted("rendered");
    assert.deepEqual(report.report.overlays, []);
    assert.deepEqual(report.report.charts, ["cashflow", "exit-curve-1", "exit-curve-2", "sensitivity"]);
    const items = h.page.locator("#scenario-list li");
    const cliScenarios = scenarios.scenarios.slice(1);
    assert.equal(await items.count(), cliScenarios.length);
    for (const [i, s] of cliScenarios.entries()) {
      const text = (await items.nth(i).innerText()).replace(/\s+/g, " ");
      assert.ok(text.startsWith(s.id), text);
      const [total, delta] = [...text.matchAll(/[-+]?\$[\d,.]+/g)].map((m) => amountOf(m[0]));
      assert.ok(total!.eq(s.total!), `${s.id}: ${text}`);
      assert.ok(delta!.eq(s.delta!.total!), `${s.id}: ${text}`);
      assert.equal(await items.nth(i).locator("input").isDisabled(), false);
    }
    // Only the base's running total is drawn.
    assert.deepEqual(
      (await polylines(h.page.locator("#chart svg"))).map((l) => l.dashed),
      [false],
    );
  });

  it("overlays the scenarios picked: each line ends at its total and grows by its years, as `dealspec scenarios` gives them", async () => {
    const ids = scenarios.scenarios.slice(1).map((s) => s.id);
    for (const [i, id] of ids.entries()) {
      const count = await rendered(h);
      await h.page.check(`#scenario-list input[value="${id}"]`);
      const report = await h.waitForPosted("rendered", count + 1);
      assert.deepEqual(report.report.overlays, ids.slice(0, i + 1));
    }
    const data = cashFlow(TEXT);
    const base = scenarios.scenarios[0]!;
    // The shown months run from the base's first to the extension's last (Dec 2027).
    const months = data.axis.months.length;
    const last = (await h.posted()).filter((m) => m.type === "rendered").at(-1);
    assert.equal(last?.type === "rendered" ? last.report.months : undefined, months);
    assert.equal(months, 24);

    // The drawn lines: the base's (solid) and one dashed line per scenario, on the same right-hand axis.
    const lines = await polylines(h.page.locator("#chart svg"));
    const solid = lines.filter((l) => !l.dashed);
    const dashed = lines.filter((l) => l.dashed);
    assert.equal(solid.length, 1);
    assert.equal(dashed.length, ids.length);
    // The axis's scale from two of the base's figures: its running total at the end of 2026 and at its end.
    const baseLine = solid[0]!.points;
    assert.equal(baseLine.length, data.months.length);
    const y2026 = baseLine[data.months.findIndex((m) => m.month === "2026-12")]![1];
    const yEnd = baseLine.at(-1)![1];
    const perUnit = (y2026 - yEnd) / Number(new Decimal(base.total!).minus(base.years["2026"]!));
    const zero = y2026 + Number(base.years["2026"]) * perUnit;
    const valueAt = (y: number) => (zero - y) / perUnit;
    const step = baseLine[1]![0] - baseLine[0]![0];

    for (const [k, id] of ids.entries()) {
      const column = scenarios.scenarios.find((s) => s.id === id)!;
      const scenario = data.scenarios.find((s) => s.id === id)!.figures!;
      const line = dashed[k]!.points;
      // One vertex per month of the scenario, from its first month on the shared axis.
      assert.equal(line.length, scenario.months.length, id);
      assert.ok(Math.abs(line[0]![0] - (baseLine[0]![0] + scenario.start * step)) < 0.01, `${id} starts at its first month`);
      // Ends at the scenario's total (to a hundredth of a pixel).
      assert.ok(Math.abs(valueAt(line.at(-1)![1]) - Number(column.total)) < 0.01 / perUnit, `${id} ends at ${column.total}: ${valueAt(line.at(-1)![1])}`);
      // Grows by each year's sum.
      let before = 0;
      for (const [year, sum] of Object.entries(column.years)) {
        const last = scenario.months.map((m) => m.month.slice(0, 4)).lastIndexOf(year);
        const value = valueAt(line[last]![1]);
        assert.ok(Math.abs(value - before - Number(sum)) < 0.02 / perUnit, `${id} ${year}: ${value - before} vs ${sum}`);
        before = value;
      }
    }

    // The table holds each line exactly: a column per scenario, its running total per month.
    const t = await table(h.page.locator("#table"));
    assert.equal(t.rows.length, months);
    for (const id of ids) {
      const column = scenarios.scenarios.find((s) => s.id === id)!;
      const c = t.head.indexOf(`Cumulative, ${id}`);
      assert.ok(c > 0, `a column for ${id}`);
      const cells = t.rows.map((r) => r[c]!);
      const filled = cells.filter((x) => x !== "");
      assert.ok(amountOf(filled.at(-1)!).eq(column.total!), `${id} ends at its total`);
      let before = new Decimal(0);
      for (const [year, sum] of Object.entries(column.years)) {
        const last = t.rows.map((r, i) => [r[0]!.slice(-4), cells[i]!] as const).filter(([y, v]) => y === year && v !== "").at(-1)!;
        const value = amountOf(last[1]);
        assert.ok(value.minus(before).eq(sum), `${id} ${year}`);
        before = value;
      }
      // Years the CLI does not list add nothing.
      assert.ok(before.eq(column.total!), `${id}: the years sum to the total`);
    }
    // A month past the base's last: the extended scenario's running total alone.
    assert.deepEqual(t.rows.at(-1), ["Dec 2027", "", "", "", "", "", "", "$122,400,000.00", ""]);
    await shot(h, "cashflow-scenarios.png", { until: h.page.locator("#table-box") });
  });

  it("shows a month's figures for the base and each scenario on hover, and a month after the base's last", async () => {
    const svg = h.page.locator("#chart svg");
    const b = (await svg.boundingBox())!;
    const lines = await polylines(svg);
    const extended = lines.filter((l) => l.dashed)[2]!.points;
    const [x, y] = extended.at(-1)!;
    await h.page.mouse.move(0, 0);
    await h.page.mouse.move(b.x + x, b.y + y);
    const tip = h.page.locator("#chart .cf-tooltip");
    await tip.waitFor({ state: "visible" });
    const text = (await tip.innerText()).replace(/\s+/g, " ");
    assert.match(text, /^Dec 2027 Outside the base deal's months extended \(scenario\) \$122,400,000\.00$/);
    const [x0, y0] = extended[0]!;
    await h.page.mouse.move(b.x + x0, b.y + y0 - 40);
    await h.page.waitForFunction(() => /Jan 2026/.test(document.querySelector("#chart .cf-tooltip")?.textContent ?? ""));
    const first = (await tip.innerText()).replace(/\s+/g, " ");
    assert.match(first, /Jan 2026 lease \$5,000,000\.00 support \$300,000\.00 Total \$5,300,000\.00 Cumulative \$5,300,000\.00 repriced \(scenario\) \$4,860,000\.00/);
    await h.page.mouse.move(0, 0);
    await tip.waitFor({ state: "hidden" });
  });

  it("lists a scenario with errors as not drawn, with why, never as a line at zero", async () => {
    const cliBroken = brokenScenarios.scenarios.find((s) => s.id === "broken")!;
    assert.equal(cliBroken.total, null, "the CLI has no figures for it either");
    const count = await rendered(h);
    await h.post({ type: "data", source: "file:///v11.deal.yaml", data: cashFlow(BROKEN) });
    const report = await h.waitForPosted("rendered", count + 1);
    // The picks stay; the broken scenario is not among the lines.
    assert.deepEqual(report.report.overlays, ["repriced", "late-start", "extended", "early-exit"]);
    const item = h.page.locator('#scenario-list li[data-scenario="broken"]');
    assert.equal(await item.locator("input").isDisabled(), true);
    assert.match(await item.locator(".reason").innerText(), /^Not drawn: the scenario has errors \(DS604: There is no option `extend-6y`/);
    assert.doesNotMatch(await item.innerText(), /\$/);
    assert.equal((await polylines(h.page.locator("#chart svg"))).filter((l) => l.dashed).length, 4);
    assert.ok(!(await table(h.page.locator("#table"))).head.some((x) => x.includes("broken")));
  });

  it("draws each clause's exit curve with the markers on its cheapest and dearest points of `totals --json`", async () => {
    await h.post({ type: "data", source: "file:///v11.deal.yaml", data: cashFlow(TEXT) });
    const curves = totals.exit_curve!;
    assert.equal(await h.page.locator("#exit-curve-list article").count(), curves.length);
    for (const [i, curve] of curves.entries()) {
      const article = h.page.locator(`article[data-chart="exit-curve-${i + 1}"]`);
      const svg = article.locator("svg");
      const values = curve.map((p) => new Decimal(p.exposure));
      const cheapest = values.findIndex((v) => v.eq(Decimal.min(...values)));
      const dearest = values.findIndex((v) => v.eq(Decimal.max(...values)));
      const [line] = await polylines(svg);
      assert.equal(line!.points.length, curve.length, `clause ${i + 1}: a point per notice date`);
      const marks = (await symbols(svg)).filter((s) => s.fill === LIGHT.variables["--vscode-charts-green"] || s.fill === LIGHT.variables["--vscode-charts-red"]);
      // Two markers (plus the two legend icons, which are not on the plot).
      const onPlot = marks.filter((m) => line!.points.some(([x, y]) => Math.abs(x - m.x) < 0.01 && Math.abs(y - m.y) < 0.01));
      assert.equal(onPlot.length, 2, `clause ${i + 1}: two markers on the curve`);
      const green = onPlot.find((m) => m.fill === LIGHT.variables["--vscode-charts-green"])!;
      const red = onPlot.find((m) => m.fill === LIGHT.variables["--vscode-charts-red"])!;
      assert.deepEqual([green.x, green.y], line!.points[cheapest], `clause ${i + 1}: cheapest on ${curve[cheapest]!.on}`);
      assert.deepEqual([red.x, red.y], line!.points[dearest], `clause ${i + 1}: dearest on ${curve[dearest]!.on}`);
      // Lowest and highest on the plot too (SVG's y grows downwards).
      assert.equal(green.y, Math.max(...line!.points.map((p) => p[1])));
      assert.equal(red.y, Math.min(...line!.points.map((p) => p[1])));
      // The legend names them with their date and exact exposure.
      const legend = await texts(svg);
      const named = (what: string) => /^\w+: (\d+ \w+ \d{4}), (\$[\d,.]+)$/.exec(legend.find((t) => t.startsWith(`${what}: `)) ?? "")!;
      assert.ok(amountOf(named("Cheapest")[2]!).eq(curve[cheapest]!.exposure));
      assert.ok(amountOf(named("Dearest")[2]!).eq(curve[dearest]!.exposure));
      // The table: every notice date with its exposure, and the two marks.
      const t = await table(article.locator("table"));
      assert.deepEqual(t.head, ["Notice on", "Exit exposure", "Mark"]);
      assert.deepEqual(
        t.rows.map((r) => amountOf(r[1]!).toFixed(2)),
        curve.map((p) => p.exposure),
      );
      assert.deepEqual(
        t.rows.map((r, k) => [k, r[2]]).filter(([, m]) => m !== ""),
        [
          [cheapest, "cheapest"],
          [dearest, "dearest"],
        ].sort((a, b) => (a[0] as number) - (b[0] as number)),
      );
    }
    await shot(h, "cashflow-exit-curve.png", { element: h.page.locator('article[data-chart="exit-curve-1"]') });
  });

  it("draws the tornado in the order of `dealspec sensitivity`, each bar on its side and at its length", async () => {
    const svg = h.page.locator("#sensitivity-chart svg");
    // The drivers' names: right-aligned at the plot's left edge, top to bottom.
    const labels = await svg.locator("text").evaluateAll((els) =>
      els
        .filter((e) => e.getAttribute("text-anchor") === "end")
        .map((e) => {
          const m = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(e.getAttribute("transform") ?? "");
          return { text: e.textContent ?? "", x: Number(m?.[1]), y: Number(m?.[2]) };
        }),
    );
    const left = Math.min(...labels.map((l) => l.x));
    const names = labels.filter((l) => l.x === left).sort((a, b) => a.y - b.y);
    assert.deepEqual(
      names.map((n) => n.text),
      sensitivity.drivers.map((d) => d.driver),
    );
    // Bars: the low variant's in the theme's first chart colour, the high one's in its second; from one zero line.
    const bars = await rects(svg);
    const low = bars.filter((b) => b.fill === LIGHT.variables["--vscode-charts-blue"]);
    const high = bars.filter((b) => b.fill === LIGHT.variables["--vscode-charts-orange"]);
    const rowOf = (b: { y: number }) => names.reduce((best, n, k) => (Math.abs(n.y - b.y) < Math.abs(names[best]!.y - b.y) ? k : best), 0);
    const zero = new Set(bars.map((b) => b.x));
    assert.equal(zero.size, 1, "every bar starts at zero");
    const measure = (v: { delta_npv: string | null; delta_total: string | null }) => Number(sensitivity.measure === "npv" ? v.delta_npv : v.delta_total);
    const scale = low[0]!.width / measure(sensitivity.drivers[0]!.low);
    for (const [k, d] of sensitivity.drivers.entries()) {
      const l = low.filter((b) => rowOf(b) === k);
      const hi = high.filter((b) => rowOf(b) === k);
      assert.equal(l.length, 1, `${d.driver}: a low bar`);
      assert.equal(hi.length, d.high ? 1 : 0, `${d.driver}: a high bar when there is a high variant`);
      assert.ok(Math.abs(l[0]!.width - measure(d.low) * scale) < 0.01, `${d.driver} low: ${l[0]!.width} for ${measure(d.low)}`);
      if (d.high) assert.ok(Math.abs(hi[0]!.width - measure(d.high) * scale) < 0.01, `${d.driver} high`);
    }
    // The labels carry each variant's exact change.
    const labelTexts = await texts(svg);
    for (const d of sensitivity.drivers) {
      for (const v of [d.low, d.high]) {
        if (!v) continue;
        const label = labelTexts.find((t) => t.startsWith(`${v.label}: `));
        assert.ok(label && amountOf(label.slice(v.label.length + 2)).eq(v.delta_npv!), `${d.driver} ${v.label}: ${label}`);
      }
    }
    const t = await table(h.page.locator("#sensitivity-table"));
    assert.deepEqual(
      t.rows.map((r) => r[0]),
      sensitivity.drivers.map((d) => d.driver),
    );
    await shot(h, "cashflow-sensitivity.png", { element: h.page.locator("#sensitivity") });
  });

  it("exports each chart as PNG and SVG under its own id, and asks the extension for each chart's CSV", async () => {
    const images = async () => (await h.posted()).filter((m) => m.type === "image").length;
    for (const [chart, title] of [
      ["exit-curve-2", "Exit curve, clause 2"],
      ["sensitivity", "Sensitivity"],
      ["cashflow", "Eighteen-month GPU lease with what-ifs"],
    ] as const) {
      const scope = chart === "cashflow" ? h.page.locator("#toolbar") : chart === "sensitivity" ? h.page.locator("#sensitivity") : h.page.locator(`article[data-chart="${chart}"]`);
      let n = await images();
      await scope.locator('button[data-format="png"]').click();
      const png = await h.waitForPosted("image", n + 1);
      assert.deepEqual([png.chart, png.format], [chart, "png"]);
      const bytes = Buffer.from(png.data.slice("data:image/png;base64,".length), "base64");
      assert.equal(bytes.subarray(1, 4).toString("latin1"), "PNG");
      assert.ok(bytes.readUInt32BE(16) >= 1280, `${chart}: drawn at twice the pixels`);
      n = await images();
      await scope.locator('button[data-format="svg"]').click();
      const svg = await h.waitForPosted("image", n + 1);
      assert.deepEqual([svg.chart, svg.format], [chart, "svg"]);
      assert.match(svg.data, /^<svg[\s>]/);
      assert.ok(svg.data.includes(title), `${chart}: titled ${title}`);
      if (chart === "cashflow") assert.match(svg.data, /extended \(scenario\)/, "the scenarios picked are in the export");
      const csvs = (await h.posted()).filter((m) => m.type === "csv").length;
      await scope.locator('button[data-format="csv"]').click();
      const csv = await h.waitForPosted("csv", csvs + 1);
      assert.equal(csv.chart, chart);
    }
    const csvs = (await h.posted()).filter((m) => m.type === "csv").length;
    await h.page.click("#export-scenarios-csv");
    assert.equal((await h.waitForPosted("csv", csvs + 1)).chart, "scenarios");
    // The extension asks for an image by message too.
    const n = await images();
    await h.post({ type: "export", format: "svg", chart: "exit-curve-1" });
    const asked = await h.waitForPosted("image", n + 1);
    assert.equal(asked.chart, "exit-curve-1");
    assert.ok(asked.data.includes("Exit curve, clause 1"));
  });

  it("follows the theme: every chart redrawn in the dark theme's colours", async () => {
    const count = await rendered(h);
    await h.setTheme(DARK);
    const report = await h.waitForPosted("rendered", count + 1);
    assert.equal(report.report.theme, "vscode-dark");
    const bars = await rects(h.page.locator("#sensitivity-chart svg"));
    assert.ok(bars.some((b) => b.fill === DARK.variables["--vscode-charts-blue"]));
    assert.ok(!bars.some((b) => b.fill === LIGHT.variables["--vscode-charts-blue"]));
    const marks = await symbols(h.page.locator('article[data-chart="exit-curve-1"] svg'));
    assert.ok(marks.some((m) => m.fill === DARK.variables["--vscode-charts-red"]));
    const dashed = (await polylines(h.page.locator("#chart svg"))).filter((l) => l.dashed);
    assert.equal(dashed.length, 4);
    assert.ok(dashed.every((l) => Object.values(DARK.variables).includes(l.stroke)), "the scenarios' lines in the theme's chart colours");
    await h.setTheme(LIGHT);
  });

  it("says why there is no tornado for a deal with errors, and hides what a deal without them has not", async () => {
    let count = await rendered(h);
    await h.post({ type: "data", source: "file:///v11.deal.yaml", data: cashFlow(TEXT.replace("amount: $300k", "amount: lots")) });
    let report = await h.waitForPosted("rendered", count + 1);
    assert.deepEqual(report.report.charts, ["cashflow", "exit-curve-1", "exit-curve-2"]);
    assert.equal(await h.page.locator("#sensitivity-note").innerText(), "No sensitivity while the deal has errors (see Problems).");
    assert.equal(await h.page.locator("#sensitivity-chart").isVisible(), false);
    count = await rendered(h);
    const plain = TEXT.slice(0, TEXT.indexOf("termination:")) + TEXT.slice(TEXT.indexOf("discount_rate:"), TEXT.indexOf("scenarios:"));
    await h.post({ type: "data", source: "file:///v11.deal.yaml", data: cashFlow(plain) });
    report = await h.waitForPosted("rendered", count + 1);
    assert.deepEqual([report.report.charts, report.report.overlays], [["cashflow", "sensitivity"], []]);
    assert.equal(await h.page.locator("#scenarios").isVisible(), false);
    assert.equal(await h.page.locator("#exit-curves").isVisible(), false);
  });

  itKeptToItsPolicy(() => h);
});
