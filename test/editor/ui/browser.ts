/**
 * The browser build, seen from outside: the same VSIX in code-server, moved to its web-worker
 * extension host (the user setting `remote.extensionKind`, which VS Code for the Web leaves no
 * choice about), so the extension runs its `browser` entry: the client in the web worker and the
 * language server in a worker of its own, reading files through `workspace.fs` (code-server's
 * `vscode-remote:` file system, a file system the worker cannot reach by itself).
 *
 * Called by scripts/editor/test-editor.mjs in a session of its own, after the Node build's. It
 * checks what a reviewer sees on github.dev: the deal's figures, a hover, a diagnostic, the cash
 * flow, a portfolio's total (the deals it includes read through the client), and that the
 * extension runs in the web worker ("Developer: Show Running Extensions"). Every wait is for
 * something on screen, with a deadline.
 */
import * as path from "node:path";
import type { Page } from "playwright-core";
import { cliFigures, cliPortfolioFigures, compact, exact } from "../support/figures";
import {
  checker,
  closeAllEditors,
  escapeRe,
  hover,
  mouseAway,
  normalise,
  quickOpen,
  runCommand,
  saveScreenshot,
  viewLine,
  webviewPage,
  type Check,
  type Options,
} from "./workbench";

const SAMPLE = "colossus-1.deal.yaml";
const BROKEN = "wrong-total.deal.yaml";
const PORTFOLIO = "anthropic-compute.portfolio.yaml";

/** The user setting that moves the extension to code-server's web-worker extension host. */
export const BROWSER_SETTINGS = { "remote.extensionKind": { "dealspec.dealspec": ["ui"] } };

export async function run(page: Page, options: Options): Promise<{ checks: Check[] }> {
  const { checks, check } = checker(page, options.artifacts, "browser");
  const figures = cliFigures(path.join(options.workspace, SAMPLE));
  const cur = figures.currency;
  const totals = [compact(figures.total, cur), exact(figures.total, cur)];
  const totalsRe = new RegExp(totals.map(escapeRe).join("|"));

  await check("browser build: a deal opens, and the CodeLens and the status bar show its total", async () => {
    await closeAllEditors(page);
    await mouseAway(page);
    const editor = await quickOpen(page, SAMPLE);
    await viewLine(editor, `deal: ${figures.deal}`).waitFor({ timeout: 10_000 });
    await editor.locator(".codelens-decoration").filter({ hasText: totalsRe }).first().waitFor({ state: "visible", timeout: 30_000 }).catch(async () => {
      throw new Error(`no CodeLens with ${totals.join(" or ")}; CodeLens on screen: ${JSON.stringify(await editor.locator(".codelens-decoration").allInnerTexts())}`);
    });
    await page.locator(".statusbar-item", { hasText: totalsRe }).first().waitFor({ state: "visible", timeout: 10_000 }).catch(async () => {
      throw new Error(`no status bar item with ${totals.join(" or ")}: ${JSON.stringify(await page.locator(".statusbar-item").allInnerTexts())}`);
    });
  });

  await check("browser build: the extension runs in the web worker (Developer: Show Running Extensions)", async () => {
    await runCommand(page, "Developer: Show Running Extensions");
    const row = page.locator(".runtime-extensions-editor .monaco-list-row", { hasText: "Dealspec" }).first();
    await row.waitFor({ timeout: 15_000 }).catch(async () => {
      throw new Error(`Dealspec is not among the running extensions: ${JSON.stringify(await page.locator(".runtime-extensions-editor .monaco-list-row").allInnerTexts())}`);
    });
    const text = normalise(await row.innerText());
    if (!/web worker/i.test(text)) throw new Error(`Dealspec does not run in the web worker: its row reads ${JSON.stringify(text)}`);
    // The list opens as a modal editor: Escape closes it.
    await page.keyboard.press("Escape");
    await page.locator(".runtime-extensions-editor").waitFor({ state: "hidden", timeout: 10_000 });
    await closeAllEditors(page);
  });

  await check("browser build: a hover on a fee shows its total", async () => {
    const base = figures.fees["base"];
    if (!base) throw new Error("the sample has no `base` fee");
    await mouseAway(page);
    const editor = await quickOpen(page, SAMPLE);
    await editor.locator(".codelens-decoration").filter({ hasText: totalsRe }).first().waitFor({ state: "visible", timeout: 30_000 });
    const widget = await hover(page, editor, "- id: base", "base", exact(base.total, cur));
    const text = await widget.innerText();
    if (!new RegExp(`\\b${base.periods}\\b`).test(text)) throw new Error(`the hover does not give the ${base.periods} periods:\n${text}`);
    await saveScreenshot(page, options, "browser-hover.png");
  });

  await check("browser build: a broken deal shows a squiggle, with the diagnostic on hover", async () => {
    await mouseAway(page);
    const broken = await quickOpen(page, BROKEN);
    await broken.locator(".squiggly-error").first().waitFor({ state: "attached", timeout: 30_000 });
    await hover(page, broken, "total: $80M", "$80M", "DS400");
  });

  await check("browser build: Show Cash Flow draws the deal's cash flow", async () => {
    await closeAllEditors(page);
    await mouseAway(page);
    const editor = await quickOpen(page, SAMPLE);
    await editor.locator(".codelens-decoration").filter({ hasText: totalsRe }).first().waitFor({ state: "visible", timeout: 30_000 });
    await runCommand(page, "Dealspec: Show Cash Flow");
    await page.locator(".tab", { hasText: `Cash Flow: ${SAMPLE}` }).waitFor({ timeout: 10_000 });
    const view = webviewPage(page);
    await view.locator("#summary").filter({ hasText: totalsRe }).waitFor({ timeout: 30_000 }).catch(async () => {
      throw new Error(`the cash-flow summary does not give ${totals.join(" or ")}: ${JSON.stringify(await view.locator("#summary").allInnerTexts().catch(() => []))}`);
    });
    await view.locator("#chart svg, #chart canvas").first().waitFor({ timeout: 20_000 });
    await mouseAway(page);
    await saveScreenshot(page, options, "browser-cashflow.png");
  });

  await check("browser build: a portfolio shows its total, its deals read through the client", async () => {
    const portfolio = cliPortfolioFigures(path.join(options.workspace, PORTFOLIO));
    const providers = Object.keys(portfolio.providers);
    await closeAllEditors(page);
    await mouseAway(page);
    await quickOpen(page, PORTFOLIO);
    const status = `Portfolio ${compact(portfolio.total, portfolio.currency)} · ${providers.length} providers`;
    await page.locator(".statusbar-item", { hasText: status }).first().waitFor({ timeout: 30_000 }).catch(async () => {
      throw new Error(`no status bar item with ${status}: ${JSON.stringify(await page.locator(".statusbar-item").allInnerTexts())}`);
    });
  });

  await check("browser build: Restart Language Server starts a new worker, which answers", async () => {
    await runCommand(page, "Dealspec: Restart Language Server");
    await closeAllEditors(page);
    await mouseAway(page);
    const editor = await quickOpen(page, SAMPLE);
    await editor.locator(".codelens-decoration").filter({ hasText: totalsRe }).first().waitFor({ state: "visible", timeout: 30_000 }).catch(async () => {
      throw new Error(`no CodeLens with ${totals.join(" or ")} after the restart: ${JSON.stringify(await editor.locator(".codelens-decoration").allInnerTexts())}`);
    });
  });

  return { checks };
}
