/**
 * A webview page (the cash flow's, or the schedule's), standalone: the same
 * HTML the extension gives the webview (client/src/cashflow/html.ts,
 * client/src/schedule/html.ts, with their Content-Security-Policy),
 * served from 127.0.0.1 with the bundled script and style sheet, opened in
 * headless Debian Chromium through playwright-core. `acquireVsCodeApi` is the
 * one thing the harness provides, as VS Code does: it records what the page
 * posts. Messages reach the page as VS Code sends them, as `message` events.
 */
import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { it } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { cashFlowPage } from "../../client/src/cashflow/html";
import { makeNonce, type PageParams } from "../../client/src/webviewPage";
import { schedulePage } from "../../client/src/schedule/html";
import type { FromWebview, ToWebview } from "../../client/src/cashflow/messages";
import { ROOT } from "../support/paths";
import type { PageTheme } from "./themes";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const BUNDLE_DIR = path.join(ROOT, "client", "out", "webview");

/** The flags the project runs Chromium with (see /docs: no network of its own, no GPU, no sandbox in containers). */
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const TYPES: Readonly<Record<string, string>> = { ".js": "text/javascript", ".css": "text/css", ".map": "application/json" };

/** The pages the harness serves, by the name of their bundle (`cashflow.js`, `schedule.js`). */
const PAGES: Readonly<Record<"cashflow" | "schedule", (p: PageParams) => string>> = { cashflow: cashFlowPage, schedule: schedulePage };

/** A page's harness; `To` and `From` are its messages (the cash-flow page's by default). */
export interface Harness<To = ToWebview, From extends { type: string } = FromWebview> {
  readonly page: Page;
  readonly origin: string;
  /** Requests that left 127.0.0.1 (blocked) or asked for a file that is not in the bundle folder. */
  readonly strayRequests: string[];
  /** Console errors and page errors. */
  readonly errors: string[];
  post(message: To): Promise<void>;
  /** What the page posted so far. */
  posted(): Promise<From[]>;
  /** Waits until the page has posted a message that `match` accepts (at least `count` of them); returns the last. */
  waitForPosted<T extends From["type"]>(type: T, count?: number): Promise<Extract<From, { type: T }>>;
  /** CSP violations the page reported. */
  violations(): Promise<string[]>;
  setTheme(theme: PageTheme): Promise<void>;
  close(): Promise<void>;
}

function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The webview tests need Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set CHROMIUM to its path). They do not skip without it.`);
  }
  if (!existsSync(path.join(BUNDLE_DIR, "cashflow.js"))) throw new Error(`No webview bundle in ${BUNDLE_DIR}: run \`npm run build\` first.`);
}

function serve(nonce: string, page: keyof typeof PAGES): Promise<{ server: Server; origin: string; stray: string[] }> {
  const stray: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/") {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const html = PAGES[page]({ cspSource: origin, nonce, scriptUri: `${origin}/webview/${page}.js`, styleUri: `${origin}/webview/${page}.css` });
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
      return;
    }
    const name = url.pathname.replace(/^\/webview\//, "");
    const file = path.join(BUNDLE_DIR, name);
    if (url.pathname.startsWith("/webview/") && !name.includes("/") && existsSync(file)) {
      res.writeHead(200, { "content-type": TYPES[path.extname(name)] ?? "application/octet-stream" }).end(readFileSync(file));
      return;
    }
    if (url.pathname !== "/favicon.ico") stray.push(url.pathname);
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stray })));
}

let browser: Browser | undefined;

/** One Chromium for the whole test file; pages are fresh. */
export async function launch(): Promise<Browser> {
  requireChromium();
  browser ??= await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

export async function openPage<To = ToWebview, From extends { type: string } = FromWebview>(options: { width?: number; height?: number; page?: keyof typeof PAGES } = {}): Promise<Harness<To, From>> {
  const b = await launch();
  const nonce = makeNonce((n) => randomBytes(n));
  const { server, origin, stray } = await serve(nonce, options.page ?? "cashflow");
  const context = await b.newContext({ viewport: { width: options.width ?? 1100, height: options.height ?? 820 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  // Nothing leaves the machine: any request off 127.0.0.1 is blocked and recorded.
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith("data:")) return route.continue();
    stray.push(url);
    return route.abort();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __posted: unknown[]; __violations: string[]; acquireVsCodeApi: () => unknown };
    w.__posted = [];
    w.__violations = [];
    let acquired = false;
    w.acquireVsCodeApi = () => {
      if (acquired) throw new Error("acquireVsCodeApi may be called once");
      acquired = true;
      return { postMessage: (m: unknown) => w.__posted.push(JSON.parse(JSON.stringify(m))), getState: () => undefined, setState: () => {} };
    };
    document.addEventListener("securitypolicyviolation", (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${origin}/`);
  const harness: Harness<To, From> = {
    page,
    origin,
    strayRequests: stray,
    errors,
    post: (message) => page.evaluate((m) => window.postMessage(m, "*"), message as unknown as Record<string, unknown>),
    posted: () => page.evaluate(() => (window as unknown as { __posted: From[] }).__posted) as Promise<From[]>,
    async waitForPosted(type, count = 1) {
      await page.waitForFunction(
        ([t, n]) => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === t).length >= (n as number),
        [type, count] as const,
      );
      const all = await harness.posted();
      return all.filter((m) => m.type === type).at(-1) as never;
    },
    violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations),
    async setTheme(theme) {
      await page.evaluate((t) => {
        for (const [k, v] of Object.entries(t.variables)) document.documentElement.style.setProperty(k, v);
        document.body.className = t.bodyClass;
      }, theme as unknown as { bodyClass: string; variables: Record<string, string> });
    },
    async close() {
      await context.close();
      await new Promise((r) => server.close(r));
    },
  };
  return harness;
}

/** What every page's test checks last: the page kept to its Content-Security-Policy, loaded nothing else and posted no errors. */
export function itKeptToItsPolicy(harness: () => Harness<unknown, { type: string }>): void {
  it("kept to its Content-Security-Policy, loaded nothing else and posted no errors", async () => {
    const h = harness();
    assert.deepEqual(await h.violations(), []);
    assert.deepEqual(h.strayRequests, []);
    assert.deepEqual(h.errors, []);
    assert.deepEqual((await h.posted()).filter((m) => m.type === "error"), []);
  });
}
