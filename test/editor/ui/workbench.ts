/**
 * The workbench seen from outside, as a person sees it: Playwright (playwright-core with Debian's
 * Chromium) drives code-server's workbench with the keyboard and the mouse, checks what is on the
 * screen, and saves the screenshots the README shows (docs/images/).
 *
 * Called by scripts/editor/test-editor.mjs once the in-editor suite has run, on the same page.
 * Every wait is for something to appear on screen, with a deadline; none is a fixed pause.
 */
import * as path from "node:path";
import type { Locator, Page } from "playwright-core";
import { cliFigures, compact, exact } from "../support/figures";

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
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

/** What the editor renders: VS Code draws spaces as no-break spaces. */
const normalise = (s: string | null) => (s ?? "").replace(/\u00a0/g, " ");

async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden", timeout: 10_000 });
}

/** Opens a file the way a person does: Quick Open (Ctrl+P), type its name, pick it. */
async function quickOpen(page: Page, name: string): Promise<Locator> {
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
function viewLine(editor: Locator, text: string): Locator {
  return editor.locator(".view-line").filter({ hasText: new RegExp(escapeRe(text).replace(/ /g, "[ \\u00a0]")) }).first();
}

function escapeRe(s: string): string {
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
async function hover(page: Page, editor: Locator, lineText: string, word: string, expected: string): Promise<Locator> {
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

export async function run(page: Page, options: Options): Promise<{ checks: Check[] }> {
  const checks: Check[] = [];
  const check = async (name: string, body: () => Promise<void>) => {
    try {
      await body();
      checks.push({ name, ok: true });
    } catch (e) {
      const shot = path.join(options.artifacts, `ui-failure-${checks.length + 1}.png`);
      await page.screenshot({ path: shot }).catch(() => {});
      const detail = e instanceof Error ? e.message.split("\n").slice(0, 6).join("\n    ") : String(e);
      checks.push({ name, ok: false, detail: `${detail}\n    screenshot: ${shot}` });
    }
  };
  const figures = cliFigures(path.join(options.workspace, SAMPLE));
  const cur = figures.currency;
  const totals = [compact(figures.total, cur), exact(figures.total, cur)];
  let editor: Locator | undefined;

  await check("the Colossus sample opens from Quick Open", async () => {
    await runCommand(page, "View: Close All Editors");
    await page.mouse.move(5, 5);
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

  await check("the status bar shows the deal total", async () => {
    const item = page.locator(".statusbar-item", { hasText: new RegExp(totals.map(escapeRe).join("|")) }).first();
    await item.waitFor({ state: "visible", timeout: 10_000 }).catch(async () => {
      throw new Error(`no status bar item with ${totals.join(" or ")}: ${JSON.stringify(await page.locator(".statusbar-item").allInnerTexts())}`);
    });
  });
  await page.screenshot({ path: path.join(options.images, "editor-figures.png"), animations: "disabled" });
  options.log(`saved ${path.join(options.images, "editor-figures.png")}`);

  await check("a hover on a fee shows its breakdown", async () => {
    if (!editor) throw new Error("the sample is not open");
    const base = figures.fees["base"];
    if (!base) throw new Error("the sample has no `base` fee");
    const widget = await hover(page, editor, "- id: base", "base", exact(base.total, cur));
    const text = await widget.innerText();
    if (!new RegExp(`\\b${base.periods}\\b`).test(text)) throw new Error(`the hover does not give the ${base.periods} periods:\n${text}`);
    await page.screenshot({ path: path.join(options.images, "editor-hover.png"), animations: "disabled" });
    options.log(`saved ${path.join(options.images, "editor-hover.png")}`);
  });

  await check("a broken deal shows a squiggle, with the diagnostic on hover", async () => {
    await page.mouse.move(5, 5);
    const broken = await quickOpen(page, BROKEN);
    await broken.locator(".squiggly-error").first().waitFor({ state: "attached", timeout: 20_000 });
    await hover(page, broken, "total: $80M", "$80M", "DS400");
    await page.screenshot({ path: path.join(options.images, "editor-diagnostic.png"), animations: "disabled" });
    options.log(`saved ${path.join(options.images, "editor-diagnostic.png")}`);
  });

  return { checks };
}
