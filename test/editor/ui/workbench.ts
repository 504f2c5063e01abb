/**
 * The workbench seen from outside, as a person sees it: Playwright (playwright-core with Debian's
 * Chromium) drives code-server's workbench with the keyboard and the mouse, checks what is on the
 * screen, and saves the screenshots the README shows (docs/images/).
 *
 * Called by scripts/editor/test-editor.mjs once the in-editor suite has run, on the same page.
 * Every wait is for something to appear on screen, with a deadline; none is a fixed pause.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { FrameLocator, Locator, Page } from "playwright-core";
import { cliFigures, cliPortfolioFigures, cliScenarios, compact, exact } from "../support/figures";
import { samePicture } from "../support/png";

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

/**
 * The checks of a scenario: `check(name, body)` runs one and records whether it
 * passed; a failure is recorded with its message and a screenshot named
 * `PREFIX-failure-N.png` in `artifacts`, and the scenario goes on.
 */
export function checker(page: Page, artifacts: string, prefix: string): { checks: Check[]; check: (name: string, body: () => Promise<void>) => Promise<void> } {
  const checks: Check[] = [];
  const check = async (name: string, body: () => Promise<void>): Promise<void> => {
    try {
      await body();
      checks.push({ name, ok: true });
    } catch (e) {
      const shot = path.join(artifacts, `${prefix}-failure-${checks.length + 1}.png`);
      await page.screenshot({ path: shot }).catch(() => {});
      const detail = e instanceof Error ? e.message.split("\n").slice(0, 6).join("\n    ") : String(e);
      checks.push({ name, ok: false, detail: `${detail}\n    screenshot: ${shot}` });
    }
  };
  return { checks, check };
}

export interface Options {
  /** The folder code-server has open (a copy of samples/ and the fixtures). */
  workspace: string;
  /** Where the screenshots go. */
  images: string;
  /** Where a screenshot of each failed check goes. */
  artifacts: string;
  log: (...parts: string[]) => void;
}

const SAMPLE = "colossus-1.deal.yaml";
const BROKEN = "wrong-total.deal.yaml";
/** An empty file (test/editor/fixtures): the scenario writes a deal in it. */
const NEW_DEAL = "new.deal.yaml";
/** A deal whose only fee has an error: no figures. */
const NO_FIGURES = "broken-fee.deal.yaml";
/** `evrey: month`: two letters swapped. */
const SWAPPED = "swapped-letters.deal.yaml";
const PORTFOLIO = "anthropic-compute.portfolio.yaml";

/** What NEW_DEAL holds once the scenario has typed it (through suggestions and the fee snippet) and saved it. */
const NEW_DEAL_TEXT = [
  "dealspec: 1",
  "deal: gpu-lease",
  "currency: USD",
  "parties:",
  "  buyer: Example Labs",
  "  provider: Example Cloud",
  "term:",
  "  start: 2027-01-01",
  "  months: 24",
  "fees:",
  "  - id: base",
  "    amount: $2.5M",
  "    every: month",
].join("\n");

/** A figure of zero money as the editor would write it (`$0`, `$0.00`), not the start of `$0.5M`. */
const ZERO_MONEY = /\$0(?:\.0+)?(?![\d,]|\.\d)/;

/** What the editor renders: VS Code draws spaces as no-break spaces. */
export const normalise = (s: string | null) => (s ?? "").replace(/\u00a0/g, " ");

export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator(".quick-input-widget input");
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press("F1");
    try {
      await input.waitFor({ state: "visible", timeout: 10_000 });
      await input.fill(`>${title}`, { timeout: 5_000 });
      await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor({ timeout: 10_000 });
      break;
    } catch (e) {
      // A webview taking the focus as it shows closes the palette: open it again, as a person would.
      if (attempt === 3 || (await input.isVisible())) throw e;
    }
  }
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden", timeout: 10_000 });
}

/** Closes every editor; a file left unsaved (by a check that failed half-way) is closed with "Don't Save". */
export async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, "View: Close All Editors");
  const dialog = page.locator(".monaco-dialog-box");
  await waitUntil(page, "every editor to close", async () => {
    if (await dialog.isVisible()) await dialog.locator(".monaco-button", { hasText: "Don't Save" }).click();
    return (await page.locator(".tabs-container .tab").count()) === 0 ? true : undefined;
  });
}

/** Moves the mouse out of the way and waits for any tooltip it left (a tab's shows the file's path) to go. */
export async function mouseAway(page: Page): Promise<void> {
  await page.mouse.move(5, 5);
  await page.locator(".workbench-hover").waitFor({ state: "detached", timeout: 5_000 });
}

/**
 * Saves a screenshot of the page as docs/images/NAME, unless the file there already shows the same
 * picture (glyph edges aside): so git sees a screenshot change only when what is on screen changed.
 */
export async function saveScreenshot(page: Page, options: Options, name: string): Promise<void> {
  const file = path.join(options.images, name);
  // The workbench's scroll bars show and fade with the mouse and with scrolling, at times no wait can
  // pin down: their thumbs are left out of the pictures.
  const shot = await page.screenshot({ animations: "disabled", style: ".monaco-scrollable-element > .scrollbar > .slider { visibility: hidden !important; }" });
  if (fs.existsSync(file) && samePicture(fs.readFileSync(file), shot)) {
    options.log(`${file}: unchanged`);
    return;
  }
  fs.writeFileSync(file, shot);
  options.log(`saved ${file}`);
}

/** Opens a file the way a person does: Quick Open (Ctrl+P), type its name, pick it. */
export async function quickOpen(page: Page, name: string): Promise<Locator> {
  await page.keyboard.press("Escape"); // a hover or a suggestion may be open
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 10_000 });
  await input.fill(name);
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first();
  await row.waitFor({ timeout: 15_000 });
  // A click on the result, not Enter: Enter may land while the list is still being filled.
  await row.click();
  await page.locator(".tab.active", { hasText: name }).waitFor({ timeout: 10_000 });
  const editor = page.locator(".editor-instance .monaco-editor").first();
  await editor.locator(".view-lines").waitFor({ timeout: 10_000 });
  return editor;
}

/** The rendered line (source text plus inlay hints) that contains `text`. */
export function viewLine(editor: Locator, text: string): Locator {
  return editor.locator(".view-line").filter({ hasText: new RegExp(escapeRe(text).replace(/ /g, "[ \\u00a0]")) }).first();
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Scrolls with the mouse wheel, a notch at a time, until the line holding `text` is near the top:
 * below one line of what precedes it and the CodeLens above it.
 */
async function scrollToTop(page: Page, editor: Locator, text: string): Promise<void> {
  const lines = editor.locator(".view-lines");
  const line = viewLine(editor, text);
  await line.waitFor({ timeout: 10_000 });
  const view = await lines.boundingBox();
  if (!view) throw new Error("the editor is not on screen");
  await page.mouse.move(view.x + view.width / 2, view.y + Math.min(view.height / 2, 300));
  for (let notch = 0; notch < 40; notch++) {
    const box = await line.boundingBox();
    if (!box) throw new Error(`\`${text}\` scrolled out of view`);
    const want = view.y + 2 * box.height;
    if (Math.abs(box.y - want) <= box.height / 2) return;
    await page.mouse.wheel(0, box.y - want);
    // Wait for the editor to move the line (or for a frame, when it is already where it can go).
    await page
      .waitForFunction(
        ([t, y]) => {
          const el = [...document.querySelectorAll(".editor-instance .view-line")].find((l) => (l.textContent ?? "").replace(/\u00a0/g, " ").includes(t));
          return el === undefined || Math.abs(el.getBoundingClientRect().y - y) > 0.5;
        },
        [text, box.y] as const,
        { timeout: 2_000 },
      )
      .catch(() => {});
  }
  throw new Error(`the mouse wheel did not bring \`${text}\` to the top`);
}

/** Moves the mouse onto the middle of `word` inside the rendered line that contains `lineText`. */
async function pointAt(editor: Locator, lineText: string, word: string): Promise<{ x: number; y: number }> {
  const line = viewLine(editor, lineText);
  await line.waitFor({ timeout: 10_000 });
  const box = await line.evaluate((el, w) => {
    // The word may span several tokens (`$80` and `M` are coloured apart): search the line's whole text.
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    const whole = nodes.map((n) => (n.textContent ?? "").replace(/\u00a0/g, " ")).join("");
    const at = whole.indexOf(w);
    if (at < 0) return null;
    const locate = (offset: number): [Text, number] => {
      let seen = 0;
      for (const n of nodes) {
        const len = (n.textContent ?? "").length;
        if (offset <= seen + len) return [n, offset - seen];
        seen += len;
      }
      const last = nodes[nodes.length - 1]!;
      return [last, (last.textContent ?? "").length];
    };
    const r = document.createRange();
    r.setStart(...locate(at));
    r.setEnd(...locate(at + w.length));
    const b = r.getBoundingClientRect();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  }, word);
  if (!box) throw new Error(`\`${word}\` is not on the rendered line \`${lineText}\``);
  return box;
}

/** Hovers `word` until a hover containing `expected` shows; a hover can need a second try. */
export async function hover(page: Page, editor: Locator, lineText: string, word: string, expected: string): Promise<Locator> {
  const widget = page.locator(".monaco-hover", { hasText: expected }).first();
  let lastError: unknown;
  for (let attempt = 1; attempt <= 4; attempt++) {
    const at = await pointAt(editor, lineText, word);
    await page.mouse.move(5, 5);
    await page.mouse.move(at.x - 2, at.y);
    await page.mouse.move(at.x, at.y, { steps: 3 });
    try {
      await widget.waitFor({ state: "visible", timeout: 5_000 });
      return widget;
    } catch (e) {
      lastError = e;
    }
  }
  const shown = await page.locator(".monaco-hover").allInnerTexts();
  throw new Error(`no hover with \`${expected}\` over \`${word}\` (${String(lastError)}); hovers on screen: ${JSON.stringify(shown)}`);
}

/** The source text of each rendered line of `editor`, without the inlay hints the editor injects. */
async function sourceLines(editor: Locator): Promise<string[]> {
  return editor.locator(".view-line").evaluateAll((lines) =>
    lines
      .map((line) => ({ top: parseFloat((line as HTMLElement).style.top) || 0, line }))
      .sort((a, b) => a.top - b.top)
      .map(({ line }) =>
        [...line.querySelectorAll("span > span")]
          // Source tokens carry only `mtk*` classes; an inlay hint adds a decoration class of its own.
          .filter((span) => [...span.classList].every((c) => c.startsWith("mtk")))
          .map((span) => (span.textContent ?? "").replace(/\u00a0/g, " "))
          .join(""),
      ),
  );
}

/** Waits until a rendered line of `editor` reads exactly `text` (inlay hints aside). */
async function lineReads(page: Page, editor: Locator, text: string, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const lines = await sourceLines(editor);
    if (lines.includes(text)) return;
    if (Date.now() > deadline) throw new Error(`no line reads \`${text}\`; the lines: ${JSON.stringify(lines)}`);
    await nextFrame(page);
  }
}

/** Resolves after the page's next animation frame: the editor has rendered what was pending. */
async function nextFrame(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
}

/** Probes `probe` on each animation frame until it gives a value, for at most `timeout` ms. */
export async function waitUntil<T>(page: Page, what: string, probe: () => Promise<T | undefined>, timeout = 10_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await nextFrame(page);
  }
}

const suggestWidget = (page: Page) => page.locator(".editor-widget.suggest-widget.visible");

async function suggestionRows(page: Page): Promise<string[]> {
  return (await suggestWidget(page).locator(".monaco-list-row").allInnerTexts()).map((t) => normalise(t).replace(/\s*\n\s*/g, " | "));
}

/** Waits for the suggestion list to show `label` (with `detail`, when given) at its top, focused. */
async function focusedSuggestion(page: Page, label: string, detail?: string): Promise<void> {
  let row = suggestWidget(page)
    .locator(".monaco-list-row.focused")
    .filter({ has: page.locator(".label-name", { hasText: new RegExp(`^${escapeRe(label)}$`) }) });
  if (detail !== undefined) row = row.filter({ hasText: detail });
  await row.waitFor({ state: "visible", timeout: 10_000 }).catch(async () => {
    throw new Error(`no suggestion \`${label}\`${detail ? ` (${detail})` : ""} at the top of the list; the list: ${JSON.stringify(await suggestionRows(page))}`);
  });
}

/** Types `prefix` key by key, waits for the suggestions to offer `label` first, and accepts it with Enter. */
async function acceptSuggestion(page: Page, prefix: string, label: string, detail?: string): Promise<void> {
  for (const key of prefix) await page.keyboard.type(key);
  await focusedSuggestion(page, label, detail);
  await page.keyboard.press("Enter");
  await suggestWidget(page).waitFor({ state: "hidden", timeout: 5_000 });
}

/** The cursor's line, as the status bar gives it (`Ln 3, Col 7`). */
async function cursorLine(page: Page): Promise<number> {
  const text = await page.locator(".statusbar-item", { hasText: /Ln \d+, Col \d+/ }).first().innerText();
  return Number(/Ln (\d+)/.exec(text)![1]);
}

/**
 * Ends the line with Enter, as a person does: a suggestion list still open is closed first (Escape),
 * and the cursor must reach the next line; if a list opened in between and took the Enter, once more.
 */
async function newLine(page: Page): Promise<void> {
  const line = await cursorLine(page);
  for (let attempt = 1; attempt <= 2; attempt++) {
    if (await suggestWidget(page).isVisible()) {
      await page.keyboard.press("Escape");
      await suggestWidget(page).waitFor({ state: "hidden", timeout: 5_000 });
    }
    await page.keyboard.press("Enter");
    const moved = await page
      .locator(".statusbar-item", { hasText: new RegExp(`\\bLn ${line + 1},`) })
      .first()
      .waitFor({ timeout: 5_000 })
      .then(() => true, () => false);
    if (moved) return;
  }
  throw new Error(`Enter did not take the cursor from line ${line} to the next`);
}

/** Saves the active editor (Ctrl+S) and waits for its tab to lose the unsaved mark. */
async function save(page: Page): Promise<void> {
  await page.keyboard.press("Control+S");
  await page.locator(".tab.active.dirty").waitFor({ state: "detached", timeout: 10_000 });
}

/**
 * Picks a colour theme as a person does: Ctrl+K Ctrl+T, its name, Enter. `cssClass` is part of the
 * class the workbench then carries (`vscode-theme-defaults-themes-dark_plus-json`).
 */
async function pickColorTheme(page: Page, editor: Locator, name: string, cssClass: string): Promise<void> {
  await editor.locator(".view-lines").click();
  await page.keyboard.press("Control+K");
  await page.keyboard.press("Control+T");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 10_000 });
  // The picker lists the installed themes first; typing the name leaves the one wanted on top.
  await page.locator(".quick-input-list .monaco-list-row", { hasText: "Light" }).first().waitFor({ timeout: 10_000 });
  await input.fill(name);
  await page.locator(".quick-input-list .monaco-list-row.focused", { hasText: name }).waitFor({ timeout: 10_000 });
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden", timeout: 10_000 });
  await page.waitForFunction((c) => document.querySelector(".monaco-workbench")?.className.includes(c) ?? false, cssClass, { timeout: 10_000 });
}

/**
 * The page inside the visible webview panel. A webview is an iframe in the workbench (its host page),
 * which shows the extension's page in an inner iframe, `#active-frame`.
 */
export function webviewPage(page: Page): FrameLocator {
  return page.locator("iframe.webview.ready").filter({ visible: true }).contentFrame().locator("#active-frame").contentFrame();
}

/** `rgb(181, 206, 168)` as [181, 206, 168]. */
function rgb(css: string): [number, number, number] {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css);
  if (!m) throw new Error(`not an rgb() colour: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function hex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

/** True for a saturated red or orange-red, the hue of errors in every default theme. */
function reddish([r, g, b]: [number, number, number]): boolean {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === 0 || (max - min) / max < 0.25 || max !== r) return false;
  const hue = (60 * (g - b)) / (max - min);
  return hue < 30 && hue > -30;
}

export async function run(page: Page, options: Options): Promise<{ checks: Check[] }> {
  const { checks, check } = checker(page, options.artifacts, "ui");
  const figures = cliFigures(path.join(options.workspace, SAMPLE));
  const cur = figures.currency;
  const totals = [compact(figures.total, cur), exact(figures.total, cur)];
  let editor: Locator | undefined;

  await check("the Colossus sample opens from Quick Open", async () => {
    await closeAllEditors(page);
    await mouseAway(page);
    editor = await quickOpen(page, SAMPLE);
    await viewLine(editor, `deal: ${figures.deal}`).waitFor({ timeout: 10_000 });
  });

  await check("the CodeLens shows the deal total", async () => {
    if (!editor) throw new Error("the sample is not open");
    const lens = editor.locator(".codelens-decoration").filter({ hasText: new RegExp(totals.map(escapeRe).join("|")) }).first();
    await lens.waitFor({ state: "visible", timeout: 20_000 }).catch(async () => {
      throw new Error(`no CodeLens with ${totals.join(" or ")}; CodeLens on screen: ${JSON.stringify(await editor!.locator(".codelens-decoration").allInnerTexts())}`);
    });
  });

  await check("the mouse wheel scrolls the deal's terms into view", async () => {
    if (!editor) throw new Error("the sample is not open");
    await scrollToTop(page, editor, `dealspec: 1`);
  });

  await check("inlay hints show each fee's total beside its amount", async () => {
    if (!editor) throw new Error("the sample is not open");
    for (const [id, fee] of Object.entries(figures.fees)) {
      const want = compact(fee.total, cur);
      // An inlay hint is text the editor injects into a line: a span with a decoration class beside the
      // source tokens' own `mtk*` classes. Its text must hold the fee's total.
      const shown = (w: string) =>
        [...document.querySelectorAll(".editor-instance .view-line span span")].some(
          (span) => [...span.classList].some((c) => !c.startsWith("mtk")) && (span.textContent ?? "").replace(/\u00a0/g, " ").includes(w),
        );
      await page.waitForFunction(shown, want, { timeout: 20_000 }).catch(async () => {
        const lines = (await editor!.locator(".view-line").allTextContents()).map(normalise).filter((l) => /\$|amount|id:/.test(l));
        throw new Error(`no inlay hint with ${want} (fee \`${id}\`) on screen; lines: ${JSON.stringify(lines)}`);
      });
    }
  });

  await check("the CodeLens above each scenario on screen shows its total, as the CLI gives it", async () => {
    if (!editor) throw new Error("the sample is not open");
    const { currency, scenarios } = cliScenarios(path.join(options.workspace, SAMPLE));
    const want = new Map(scenarios.filter((s) => s.id !== "base").map((s) => [s.id, compact(s.total, currency)]));
    // A lens scrolled into view can show what the editor had cached for the file until it is
    // refreshed: wait for every scenario lens on screen to give the CLI's total.
    let seen: string[] = [];
    await waitUntil(page, "the scenario lenses on screen to give the CLI's totals", async () => {
      seen = (await editor!.locator(".codelens-decoration").filter({ visible: true }).allInnerTexts()).map((t) => normalise(t).replace(/\s+/g, " "));
      const scenarioLenses = seen.map((t) => [t, want.get(t.split(":")[0]!)] as const).filter(([, total]) => total !== undefined);
      return scenarioLenses.length > 0 && scenarioLenses.every(([t, total]) => t.includes(`Total ${total}`)) ? true : undefined;
    }).catch(() => {
      throw new Error(`the scenario lenses on screen do not give ${JSON.stringify([...want])}: ${JSON.stringify(seen)}`);
    });
  });

  await check("the status bar shows the deal total", async () => {
    const item = page.locator(".statusbar-item", { hasText: new RegExp(totals.map(escapeRe).join("|")) }).first();
    await item.waitFor({ state: "visible", timeout: 10_000 }).catch(async () => {
      throw new Error(`no status bar item with ${totals.join(" or ")}: ${JSON.stringify(await page.locator(".statusbar-item").allInnerTexts())}`);
    });
  });
  await saveScreenshot(page, options, "editor-figures.png");

  await check("a hover on a fee shows its breakdown", async () => {
    if (!editor) throw new Error("the sample is not open");
    const base = figures.fees["base"];
    if (!base) throw new Error("the sample has no `base` fee");
    const widget = await hover(page, editor, "- id: base", "base", exact(base.total, cur));
    const text = await widget.innerText();
    if (!new RegExp(`\\b${base.periods}\\b`).test(text)) throw new Error(`the hover does not give the ${base.periods} periods:\n${text}`);
    await saveScreenshot(page, options, "editor-hover.png");
  });

  await check("a broken deal shows a squiggle, with the diagnostic on hover", async () => {
    await mouseAway(page);
    const broken = await quickOpen(page, BROKEN);
    await broken.locator(".squiggly-error").first().waitFor({ state: "attached", timeout: 20_000 });
    await hover(page, broken, "total: $80M", "$80M", "DS400");
    await saveScreenshot(page, options, "editor-diagnostic.png");
  });

  await check("a new deal from an empty file: suggestions as you type, a fee snippet and its Tab stops", async () => {
    // The figures the finished deal must show, from the CLI on the same text.
    const expectedFile = path.join(options.artifacts, "expected-new.deal.yaml");
    fs.writeFileSync(expectedFile, NEW_DEAL_TEXT);
    const expected = cliFigures(expectedFile);

    await closeAllEditors(page);
    await mouseAway(page);
    const editor = await quickOpen(page, NEW_DEAL);
    // The server has read the empty file once the status bar says there are no figures.
    await page.locator(".statusbar-item", { hasText: "no figures" }).first().waitFor({ timeout: 20_000 });
    await editor.locator(".view-lines").click();
    await mouseAway(page);

    // Suggestions appear as each letter is typed, with no Ctrl+Space: the extension's editor defaults.
    for (const key of "dea") {
      await page.keyboard.type(key);
      await suggestWidget(page).locator(".monaco-list-row", { hasText: "dealspec" }).first().waitFor({ timeout: 10_000 }).catch(async () => {
        throw new Error(`no suggestion of \`dealspec\` after typing \`${key}\`; the list: ${JSON.stringify(await suggestionRows(page))}`);
      });
    }
    // An empty file is also offered a whole deal, as a snippet.
    await suggestWidget(page).locator(".monaco-list-row", { hasText: "a new deal file" }).first().waitFor({ timeout: 5_000 });
    await saveScreenshot(page, options, "editor-suggest.png");

    // The keys, each picked from the suggestions; a map's key opens its indented block.
    await acceptSuggestion(page, "ls", "dealspec");
    await page.keyboard.type("1");
    await newLine(page);
    await acceptSuggestion(page, "dea", "deal");
    await page.keyboard.type("gpu-lease");
    await newLine(page);
    await acceptSuggestion(page, "cur", "currency");
    await acceptSuggestion(page, "US", "USD");
    await newLine(page);
    await acceptSuggestion(page, "par", "parties");
    await acceptSuggestion(page, "bu", "buyer");
    await page.keyboard.type("Example Labs");
    await newLine(page);
    await acceptSuggestion(page, "pro", "provider");
    await page.keyboard.type("Example Cloud");
    await newLine(page);
    await page.keyboard.press("Shift+Tab");
    await acceptSuggestion(page, "ter", "term");
    await acceptSuggestion(page, "sta", "start");
    await page.keyboard.type("2027-01-01");
    await newLine(page);
    await acceptSuggestion(page, "mon", "months");
    await page.keyboard.type("24");
    await newLine(page);
    await page.keyboard.press("Shift+Tab");
    await acceptSuggestion(page, "fe", "fees");

    // The fee snippet: its id is selected; Tab goes to the amount, then to the period's choices,
    // never captured by a suggestion on the way.
    await acceptSuggestion(page, "fee", "fee", "a new fee");
    await lineReads(page, editor, "  - id: new-fee");
    await page.keyboard.type("base");
    await page.keyboard.press("Tab");
    await page.keyboard.type("$2.5M");
    await lineReads(page, editor, "    amount: $2.5M");
    await lineReads(page, editor, "  - id: base");
    await page.keyboard.press("Tab");
    await focusedSuggestion(page, "month");
    const choices = (await suggestWidget(page).locator(".monaco-list-row .label-name").allInnerTexts()).map(normalise);
    if (choices.join(",") !== "month,quarter,year,once") throw new Error(`the period's choices are ${JSON.stringify(choices)}`);

    // The deal now has figures: the CLI's, in the CodeLens and the status bar.
    const total = compact(expected.total, expected.currency);
    await editor.locator(".codelens-decoration", { hasText: `Total ${total}` }).first().waitFor({ timeout: 20_000 }).catch(async () => {
      throw new Error(`no CodeLens with Total ${total}: ${JSON.stringify(await editor.locator(".codelens-decoration").allInnerTexts())}`);
    });
    await page.locator(".statusbar-item", { hasText: `Total ${total}` }).first().waitFor({ timeout: 10_000 }).catch(async () => {
      throw new Error(`no status bar item with Total ${total}: ${JSON.stringify(await page.locator(".statusbar-item").allInnerTexts())}`);
    });
    // The fee's inlay hint in full: on the line being edited the editor can show it cut short (`…`) for a while.
    const feeTotal = compact(expected.fees["base"]!.total, expected.currency);
    await waitUntil(page, `the inlay hint with ${feeTotal} beside the amount`, async () => {
      const line = normalise(await viewLine(editor, "amount: $2.5M").textContent());
      return line.includes(feeTotal) && !line.includes("…") ? true : undefined;
    });
    await saveScreenshot(page, options, "editor-new-deal.png");

    await page.keyboard.press("Enter");
    await suggestWidget(page).waitFor({ state: "hidden", timeout: 5_000 });
    await lineReads(page, editor, "    every: month");
    await save(page);
    const saved = fs.readFileSync(path.join(options.workspace, NEW_DEAL), "utf8");
    if (saved !== NEW_DEAL_TEXT) throw new Error(`the saved deal differs from what was typed:\n${saved}`);
  });

  await check("money is coloured like a number, not like an error, in Dark+ and the default themes", async () => {
    const editor = page.locator(".editor-instance .monaco-editor").first();
    await lineReads(page, editor, "    amount: $2.5M");
    const themes: [name: string, cssClass: string][] = [
      ["Dark+", "dark_plus-json"],
      ["Dark 2026", "2026-dark-json"],
      ["Light 2026", "2026-light-json"],
    ];
    for (const [name, cssClass] of themes) {
      await pickColorTheme(page, editor, name, cssClass);
      const colours = await page.evaluate(() => {
        /** The value's tokens on the line `key: value` (its source tokens after `key: `), with their colours. */
        const valueTokens = (key: string) => {
          const line = [...document.querySelectorAll(".editor-instance .view-line")].find((l) => (l.textContent ?? "").replace(/\u00a0/g, " ").trim().startsWith(`${key}: `));
          if (!line) return [];
          const spans = [...line.querySelectorAll("span > span")].filter((s) => [...s.classList].every((c) => c.startsWith("mtk")));
          const texts = spans.map((span) => (span.textContent ?? "").replace(/\u00a0/g, " "));
          const valueStart = texts.join("").indexOf(`${key}: `) + key.length + 2;
          const out: { text: string; color: string }[] = [];
          let offset = 0;
          spans.forEach((span, i) => {
            if (offset >= valueStart && texts[i]!.trim() !== "") out.push({ text: texts[i]!, color: getComputedStyle(span).color });
            offset += texts[i]!.length;
          });
          return out;
        };
        const probe = document.createElement("span");
        probe.style.color = getComputedStyle(document.querySelector(".monaco-workbench")!).getPropertyValue("--vscode-editorError-foreground");
        document.body.append(probe);
        const error = getComputedStyle(probe).color;
        probe.remove();
        return { money: valueTokens("amount"), number: valueTokens("months"), error };
      });
      const money = colours.money.map((t) => rgb(t.color));
      const number = colours.number.map((t) => rgb(t.color));
      const error = rgb(colours.error);
      if (money.length === 0 || number.length === 0) throw new Error(`no tokens found: ${JSON.stringify(colours)}`);
      const describe = `money ${colours.money.map((t) => `\`${t.text}\` ${hex(rgb(t.color))}`).join(", ")}; the number \`24\` ${hex(number[0]!)}; errors ${hex(error)}`;
      options.log(`${name}: ${describe}`);
      for (const c of money) {
        if (hex(c) !== hex(number[0]!)) throw new Error(`in ${name}, money is not coloured like a number: ${describe}`);
        if (reddish(c) || Math.hypot(c[0] - error[0], c[1] - error[1], c[2] - error[2]) < 100) throw new Error(`in ${name}, money is coloured like an error: ${describe}`);
      }
      if (name === "Dark+") {
        await mouseAway(page);
        await saveScreenshot(page, options, "editor-dark.png");
      }
    }
  });

  await check("a deal whose only fee has an error shows no figures, and no $0 anywhere", async () => {
    await closeAllEditors(page);
    await mouseAway(page);
    const editor = await quickOpen(page, NO_FIGURES);
    await editor.locator(".squiggly-error").first().waitFor({ state: "attached", timeout: 20_000 });
    await editor.locator(".codelens-decoration", { hasText: /no figures|incomplete/ }).first().waitFor({ timeout: 20_000 }).catch(async () => {
      throw new Error(`no CodeLens says "no figures" or "incomplete": ${JSON.stringify(await editor.locator(".codelens-decoration").allInnerTexts())}`);
    });
    await page.locator(".statusbar-item", { hasText: /Dealspec: (no figures|incomplete)/ }).first().waitFor({ timeout: 10_000 }).catch(async () => {
      throw new Error(`no status bar item says "no figures" or "incomplete": ${JSON.stringify(await page.locator(".statusbar-item").allInnerTexts())}`);
    });
    // The fee's inlay hint says it is left out.
    await viewLine(editor, "- id: lease").filter({ hasText: "excluded" }).waitFor({ timeout: 10_000 }).catch(async () => {
      throw new Error(`the fee's line gives no "excluded": ${JSON.stringify(normalise(await viewLine(editor, "- id: lease").textContent()))}`);
    });
    const screen = normalise(await page.locator("body").innerText());
    const zero = ZERO_MONEY.exec(screen);
    if (zero) throw new Error(`the screen shows ${zero[0]}: …${screen.slice(Math.max(0, zero.index - 80), zero.index + 40)}…`);
    await saveScreenshot(page, options, "editor-no-figures.png");
  });

  await check("the quick fix for two swapped letters renames the key", async () => {
    await closeAllEditors(page);
    await mouseAway(page);
    const editor = await quickOpen(page, SWAPPED);
    await editor.locator(".squiggly-error").first().waitFor({ state: "attached", timeout: 20_000 });
    // The CodeLens moves the lines down as it appears: point at them once it is there.
    await editor.locator(".codelens-decoration", { hasText: "no figures" }).first().waitFor({ timeout: 20_000 });
    // `every` is missing from the fee (DS200, on its `id`), and `evrey` looks like it: the fix renames it.
    const idLine = fs.readFileSync(path.join(options.workspace, SWAPPED), "utf8").split("\n").indexOf("  - id: base") + 1;
    for (let attempt = 1; ; attempt++) {
      const at = await pointAt(editor, "- id: base", "id");
      await page.mouse.click(at.x, at.y);
      const placed = await page
        .locator(".statusbar-item", { hasText: new RegExp(`\\bLn ${idLine},`) })
        .first()
        .waitFor({ timeout: 3_000 })
        .then(() => true, () => false);
      if (placed) break;
      if (attempt === 3) throw new Error(`a click on \`id\` did not put the cursor on line ${idLine}`);
    }
    await mouseAway(page);
    await page.keyboard.press("Control+.");
    const fix = page.locator(".action-widget .monaco-list-row", { hasText: "Rename `evrey` to `every`" }).first();
    await fix.waitFor({ timeout: 10_000 }).catch(async () => {
      throw new Error(`no "Rename \`evrey\` to \`every\`" in the quick fix menu: ${JSON.stringify(await page.locator(".action-widget").allInnerTexts())}`);
    });
    await saveScreenshot(page, options, "editor-quick-fix.png");
    await fix.click();
    await lineReads(page, editor, "    every: month");
    const lines = await sourceLines(editor);
    if (lines.some((l) => /^\s*evrey:/.test(l))) throw new Error(`\`evrey\` is still there: ${JSON.stringify(lines)}`);
    await page.waitForFunction(() => document.querySelectorAll(".editor-instance .squiggly-error").length === 0, undefined, { timeout: 20_000 });
    await save(page);
    // The repaired deal has the figures the CLI gives the saved file.
    const repaired = cliFigures(path.join(options.workspace, SWAPPED));
    const total = `Total ${compact(repaired.total, repaired.currency)}`;
    await page.locator(".statusbar-item", { hasText: total }).first().waitFor({ timeout: 10_000 }).catch(async () => {
      throw new Error(`no status bar item with ${total}: ${JSON.stringify(await page.locator(".statusbar-item").allInnerTexts())}`);
    });
  });

  await check('"Show Schedule" shows a table: a subtotal per year and the total, as the CLI gives them', async () => {
    await closeAllEditors(page);
    await mouseAway(page);
    const editor = await quickOpen(page, SAMPLE);
    await editor.locator(".codelens-decoration", { hasText: new RegExp(totals.map(escapeRe).join("|")) }).first().waitFor({ timeout: 20_000 });
    await runCommand(page, "Dealspec: Show Schedule");
    const tab = page.locator(".tab", { hasText: `Schedule: ${SAMPLE}` });
    await tab.waitFor({ timeout: 10_000 });
    const view = webviewPage(page);
    await view.locator("table tfoot tr.totals").waitFor({ timeout: 20_000 });
    // Wide enough for every column: the schedule's editor group maximized.
    await tab.click();
    await page.locator(".editor-group-container.active .tab.active", { hasText: `Schedule: ${SAMPLE}` }).waitFor({ timeout: 10_000 });
    await runCommand(page, "View: Toggle Maximize Editor Group");
    const cells = (row: Locator) => row.locator("td, th").allInnerTexts();
    for (const [year, amount] of Object.entries(figures.years)) {
      const subtotal = await cells(view.locator(`tbody[data-year="${year}"] tr.subtotal`));
      if (subtotal[0] !== `${year} subtotal` || !subtotal.includes(exact(amount, cur))) {
        throw new Error(`the ${year} subtotal row reads ${JSON.stringify(subtotal)}, not ${exact(amount, cur)}`);
      }
    }
    const years = await view.locator("tbody[data-year]").evaluateAll((bodies) => bodies.map((b) => (b as HTMLElement).dataset.year));
    if (years.join(",") !== Object.keys(figures.years).join(",")) throw new Error(`the table's years are ${JSON.stringify(years)}`);
    const total = view.locator("tfoot tr.totals td", { hasText: exact(figures.total, cur) }).first();
    await total.waitFor({ state: "visible", timeout: 5_000 }).catch(async () => {
      throw new Error(`the totals row reads ${JSON.stringify(await cells(view.locator("tfoot tr.totals")))}, not ${exact(figures.total, cur)}`);
    });
    const size = page.viewportSize()!;
    await waitUntil(page, "the total to be on screen in the maximized schedule", async () => {
      const box = await total.boundingBox();
      return box && box.x >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height ? true : undefined;
    });
    await mouseAway(page);
    await saveScreenshot(page, options, "editor-schedule.png");
    await runCommand(page, "View: Toggle Maximize Editor Group");
  });

  await check("a portfolio shows its total in the status bar, and Show Cash Flow stacks it by provider", async () => {
    const portfolio = cliPortfolioFigures(path.join(options.workspace, PORTFOLIO));
    const providers = Object.entries(portfolio.providers);
    await closeAllEditors(page);
    await mouseAway(page);
    await quickOpen(page, PORTFOLIO);
    const status = `Portfolio ${compact(portfolio.total, portfolio.currency)} · ${providers.length} providers`;
    await page.locator(".statusbar-item", { hasText: status }).first().waitFor({ timeout: 20_000 }).catch(async () => {
      throw new Error(`no status bar item with ${status}: ${JSON.stringify(await page.locator(".statusbar-item").allInnerTexts())}`);
    });
    await runCommand(page, "Dealspec: Show Cash Flow");
    await page.locator(".tab", { hasText: `Cash Flow: ${PORTFOLIO}` }).waitFor({ timeout: 10_000 });
    const view = webviewPage(page);
    // The chart is SVG: its legend names each provider with its share, as the CLI computes it.
    const legend = view.locator("svg text");
    for (const [name, p] of providers) {
      await legend.filter({ hasText: new RegExp(`^${escapeRe(name)} ${escapeRe(p.percent)}%$`) }).first().waitFor({ timeout: 20_000 }).catch(async () => {
        throw new Error(`the chart's legend does not give ${name} ${p.percent}%: ${JSON.stringify(await legend.allTextContents())}`);
      });
    }
    await mouseAway(page);
    await saveScreenshot(page, options, "editor-portfolio.png");
  });

  return { checks };
}
