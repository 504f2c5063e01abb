/**
 * The schedule webview's page rendered standalone in headless Chromium (see
 * harness.ts), fed the schedules the core computes for the Colossus 1 sample
 * and the buyer's portfolio, as the extension posts them. Checks the year
 * groups with their subtotal rows, the totals row, money right-aligned with
 * the exact figures, the sticky header, the theme's colours, "Export CSV",
 * the empty state, and that the page keeps to its Content-Security-Policy
 * and asks for nothing over the network.
 *
 * Screenshots go to out/screenshots/; with UPDATE_GOLDEN=1 they also replace
 * docs/images/schedule-{light,dark}.png (docs/extension.md shows them).
 */
import { strict as assert } from "node:assert";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { FromScheduleWebview, ToScheduleWebview } from "../../client/src/schedule/messages";
import { analyze } from "../../server/src/core";
import { portfolioScheduleOf, scheduleOf } from "../../server/src/core/features/schedule";
import type { ScheduleView } from "../../protocol/src";
import { analyzePortfolioFile } from "../support/portfolio";
import { ROOT, SAMPLES, UPDATE_GOLDEN } from "../support/paths";
import { closeBrowser, itKeptToItsPolicy, openPage, type Harness } from "./harness";
import { DARK, LIGHT } from "./themes";

const SHOTS = path.join(ROOT, "out", "screenshots");
const IMAGES = path.join(ROOT, "docs", "images");

function colossus(): ScheduleView {
  return scheduleOf(analyze(readFileSync(path.join(SAMPLES, "colossus-1.deal.yaml"), "utf8")));
}

function portfolio(): ScheduleView {
  const file = path.join(SAMPLES, "anthropic-compute.portfolio.yaml");
  return portfolioScheduleOf(analyzePortfolioFile(file));
}

type Page = Harness<ToScheduleWebview, FromScheduleWebview>;

async function shot(h: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, name);
  await h.page.mouse.move(0, 0);
  await h.page.screenshot({ path: file });
  if (UPDATE_GOLDEN) {
    mkdirSync(IMAGES, { recursive: true });
    copyFileSync(file, path.join(IMAGES, name));
  }
}

/** Each row of a table section as its cells' text. */
function cells(h: Page, selector: string): Promise<string[][]> {
  return h.page.$$eval(selector, (rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? "")));
}

describe("schedule webview page (headless Chromium)", () => {
  let h: Page;
  before(async () => {
    h = await openPage<ToScheduleWebview, FromScheduleWebview>({ page: "schedule", width: 1200, height: 700 });
    await h.waitForPosted("ready");
  });
  after(async () => {
    await h?.close();
    await closeBrowser();
  });

  it("shows Colossus 1 grouped by year: 37 payments, a subtotal row per year, the totals row", async () => {
    await h.setTheme(LIGHT);
    await h.post({ type: "data", source: "file:///colossus-1.deal.yaml", data: colossus() });
    const { report } = await h.waitForPosted("rendered");
    assert.equal(report.source, "file:///colossus-1.deal.yaml");
    assert.deepEqual(report.groups, ["2026", "2027", "2028", "2029"]);
    assert.equal(report.rows, 37);
    assert.equal(report.theme, "vscode-light");
    assert.deepEqual(await h.page.locator("#table thead th").allTextContents(), ["Paid", "Fee", "Period", "Covers", "Days", "Charge", "Running total"]);
    assert.equal(await h.page.locator("#table tbody").count(), 4);
    // Each year: its payments, then its subtotal (2 x $625M + 6 x $1.25B in 2026; 12 x $1.25B in 2027 and 2028; 5 x $1.25B in 2029).
    const subtotals = await cells(h, "#table tbody tr.subtotal");
    assert.deepEqual(subtotals, [
      ["2026 subtotal", "8 payments", "", "", "", "$8,750,000,000.00", "$8,750,000,000.00"],
      ["2027 subtotal", "12 payments", "", "", "", "$15,000,000,000.00", "$23,750,000,000.00"],
      ["2028 subtotal", "12 payments", "", "", "", "$15,000,000,000.00", "$38,750,000,000.00"],
      ["2029 subtotal", "5 payments", "", "", "", "$6,250,000,000.00", "$45,000,000,000.00"],
    ]);
    for (const [i, year] of ["2026", "2027", "2028", "2029"].entries()) {
      const rows = h.page.locator(`#table tbody[data-year="${year}"] tr`);
      assert.equal(await rows.count(), [8, 12, 12, 5][i]! + 1);
      assert.equal(await rows.last().getAttribute("class"), "subtotal");
    }
    assert.deepEqual(await cells(h, "#table tfoot tr"), [["Total", "37 payments", "", "", "", "$45,000,000,000.00", ""]]);
    assert.deepEqual(report.totals, ["Total", "37 payments", "", "", "", "$45,000,000,000.00", ""]);
    assert.deepEqual((await cells(h, "#table tbody tr:not(.subtotal)"))[0], ["2026-05-01", "ramp", "#1", "2026-05-01 – 2026-05-31", "31", "$625,000,000.00", "$625,000,000.00"]);
    assert.match(await h.page.locator("#subtitle").innerText(), /Total \$45,000,000,000\.00 in 37 payments, 2026-05-01 to 2029-05-31\./);
    assert.equal(await h.page.locator("#export-csv").isDisabled(), false);
  });

  it("aligns money right, in tabular figures, and keeps the header in view while the table scrolls", async () => {
    const align = await h.page.$$eval('#table tbody[data-year="2026"] tr:first-child td', (tds) => tds.map((td) => getComputedStyle(td).textAlign));
    assert.deepEqual(align, ["left", "left", "right", "left", "right", "right", "right"]);
    assert.equal(await h.page.$eval("#table", (t) => getComputedStyle(t).fontVariantNumeric), "tabular-nums");
    await shot(h, "schedule-light.png");
    const box = h.page.locator("#table-box");
    const top = async () => (await h.page.locator("#table thead th").first().boundingBox())!.y;
    const before = await top();
    await box.evaluate((b) => b.scrollTo(0, 600));
    assert.ok((await box.evaluate((b) => b.scrollTop)) > 0, "the table scrolls in its box");
    assert.ok(Math.abs((await top()) - before) < 1, "the header stays where it was");
    await box.evaluate((b) => b.scrollTo(0, 0));
  });

  it("takes the theme's colours: dark after the body's class and variables change", async () => {
    await h.setTheme(DARK);
    const background = await h.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, "rgb(31, 31, 31)");
    assert.equal(await h.page.$eval("#table thead th", (th) => getComputedStyle(th).backgroundColor), "rgb(31, 31, 31)");
    assert.equal(await h.page.$eval("#table td", (td) => getComputedStyle(td).color), "rgb(204, 204, 204)");
    await shot(h, "schedule-dark.png");
    await h.setTheme(LIGHT);
  });

  it('"Export CSV" asks the extension to save the server\'s CSV, and shows where it was saved', async () => {
    await h.page.click("#export-csv");
    await h.waitForPosted("csv");
    await h.post({ type: "saved", text: "Saved colossus-1-schedule.csv" });
    assert.equal(await h.page.locator("#saved").innerText(), "Saved colossus-1-schedule.csv");
  });

  it("shows a portfolio: every deal's payments with the deal first, its years as subtotals", async () => {
    const data = portfolio();
    const count = (await h.posted()).filter((m) => m.type === "rendered").length;
    await h.post({ type: "data", source: "file:///anthropic-compute.portfolio.yaml", data });
    const { report } = await h.waitForPosted("rendered", count + 1);
    assert.equal(report.kind, "portfolio");
    assert.deepEqual(report.groups, ["2026", "2027", "2028", "2029", "2030", "2031"]);
    assert.equal((await h.page.locator("#table thead th").allTextContents())[0], "Deal");
    const charge = (await h.page.locator("#table thead th").allTextContents()).indexOf("Charge");
    const subtotals = (await cells(h, "#table tbody tr.subtotal")).map((r) => r[charge]);
    assert.deepEqual(subtotals, ["$19,750,000,000.00", "$319,000,000,000.00", "$422,200,000,000.00", "$516,866,000,000.00", "$518,254,480,000.00", "$245,000,000,000.00"]);
    assert.equal((await cells(h, "#table tfoot tr"))[0]![charge], "$2,041,070,480,000.00");
    const deals = new Set((await cells(h, "#table tbody tr:not(.subtotal)")).map((r) => r[0]));
    assert.deepEqual([...deals].sort(), ["amazon-capacity", "colossus-1", "fluidstack", "google-broadcom", "microsoft-nvidia"]);
  });

  it("says why when there is nothing to show", async () => {
    await h.post({ type: "empty", source: "file:///broken.deal.yaml", reason: "The Dealspec language server is starting..." });
    await h.page.waitForFunction(() => document.body.dataset.state === "empty");
    assert.equal(await h.page.locator("#message").innerText(), "The Dealspec language server is starting...");
    assert.equal(await h.page.locator("#table tbody").count(), 0);
    assert.equal(await h.page.locator("#export-csv").isDisabled(), true);
  });

  itKeptToItsPolicy(() => h);
});
