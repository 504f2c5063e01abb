/**
 * The browser build's language server (server/out/browser.js, the bundle the
 * extension's `browser` entry runs in a web worker), here in a Node worker
 * thread that stands in for the web worker: the same messages, posted whole.
 * It has no file system: every file it reads, it asks the client for (the
 * file requests of protocol/src), and this client answers them from memory,
 * under a scheme no file system has (`memfs:`), as github.dev's is
 * `vscode-vfs:`. A deal's diagnostics, CodeLens and hover, and a portfolio's
 * figures, equal the CLI's on the same files; a changed file is read again.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import { createMessageConnection, PortMessageReader, PortMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import type { CodeLens, Hover, PublishDiagnosticsParams } from "vscode-languageserver";
import {
  FiguresRequest,
  FileStatRequest,
  ReadFileRequest,
  ReadFolderRequest,
  type FileBytes,
  type FileLocationParams,
  type FileProblem,
  type FileStatResult,
  type FolderEntry,
  type PortfolioFiguresResult,
} from "../../protocol/src";
import { formatCompact, formatMoney, Decimal } from "../../server/src/core";
import { CLI, ROOT, SAMPLES } from "../support/paths";

const BUNDLE = path.join(ROOT, "server", "out", "browser.js");
const FOLDER = "memfs:/review";

/**
 * What a web worker's global scope gives the bundle (`onmessage`, `postMessage`,
 * `addEventListener`), over the worker thread's port; then the bundle itself.
 */
const WORKER_SCOPE = `
const { parentPort, workerData } = require("node:worker_threads");
globalThis.self = globalThis;
globalThis.postMessage = (message) => parentPort.postMessage(message);
globalThis.addEventListener = (type, listener) => { if (type === "error") parentPort.on("error", listener); };
Object.defineProperty(globalThis, "onmessage", { set(listener) { parentPort.on("message", (data) => listener({ data })); } });
require(workerData.bundle);
`;

/** The workspace: the samples, in memory. */
const files = new Map<string, Uint8Array>();
for (const name of readdirSync(SAMPLES).filter((f) => /\.(deal|portfolio)\.yaml$/.test(f))) files.set(`${FOLDER}/${name}`, readFileSync(path.join(SAMPLES, name)));

/** Every file request the server sent: `method uri`. */
const asked: string[] = [];
const published: PublishDiagnosticsParams[] = [];
const logs: string[] = [];
let worker: Worker;
let connection: MessageConnection;

function statOf(uri: string): FileStatResult | FileProblem {
  const bytes = files.get(uri);
  if (bytes) return { type: "file", size: bytes.length, mtime: 1 };
  if ([...files.keys()].some((f) => f.startsWith(`${uri}/`))) return { type: "folder", size: 0, mtime: 1 };
  return { problem: "missing" };
}

function diagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
  return new Promise((resolve) => {
    const check = () => {
      const seen = published.find((p) => p.uri === uri && test(p));
      if (seen) resolve(seen);
      else setTimeout(check, 10);
    };
    check();
  });
}

function cliTotals(file: string): { total: string; currency: string; fees?: Record<string, { total: string }> } {
  const r = spawnSync(process.execPath, [CLI, "totals", "--json", file], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

before(async () => {
  worker = new Worker(WORKER_SCOPE, { eval: true, workerData: { bundle: BUNDLE } });
  connection = createMessageConnection(new PortMessageReader(worker), new PortMessageWriter(worker));
  connection.onRequest(FileStatRequest.type, ({ uri }: FileLocationParams) => {
    asked.push(`stat ${uri}`);
    return statOf(uri);
  });
  connection.onRequest(ReadFolderRequest.type, ({ uri }: FileLocationParams): readonly FolderEntry[] | FileProblem => {
    asked.push(`list ${uri}`);
    const below = [...files.keys()].filter((f) => f.startsWith(`${uri}/`)).map((f) => f.slice(uri.length + 1));
    if (below.length === 0) return { problem: "missing" };
    return [...new Set(below.map((f) => f.split("/")[0]!))].map((name) => ({ name, type: below.includes(name) ? ("file" as const) : ("folder" as const) }));
  });
  connection.onRequest(ReadFileRequest.type, ({ uri }: FileLocationParams): FileBytes | FileProblem => {
    asked.push(`read ${uri}`);
    const bytes = files.get(uri);
    return bytes ? { base64: Buffer.from(bytes).toString("base64") } : { problem: "missing" };
  });
  connection.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
    published.push(p);
  });
  connection.onNotification("window/logMessage", (l: { message: string }) => {
    logs.push(l.message);
  });
  connection.onRequest("client/registerCapability", () => null);
  connection.onRequest("workspace/configuration", (p: { items: unknown[] }) => p.items.map(() => null));
  for (const method of ["workspace/inlayHint/refresh", "workspace/codeLens/refresh"]) connection.onRequest(method, () => null);
  connection.listen();
  await connection.sendRequest("initialize", {
    processId: null,
    rootUri: null,
    workspaceFolders: [{ uri: FOLDER, name: "review" }],
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true, codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true } } },
  });
  await connection.sendNotification("initialized", {});
});

after(async () => {
  connection?.dispose();
  await worker?.terminate();
});

const SAMPLE = `${FOLDER}/colossus-1.deal.yaml`;
const PORTFOLIO = `${FOLDER}/anthropic-compute.portfolio.yaml`;
const text = (uri: string) => Buffer.from(files.get(uri)!).toString("utf8");

describe("the browser build's language server, in a worker, reading files through the client", () => {
  it("walks the workspace folder through the client's file requests", async () => {
    const deals = [...files.keys()].filter((f) => f.endsWith(".deal.yaml")).length;
    const indexed = `Indexed ${deals} deal and 1 portfolio files in 1 workspace folder `;
    while (!logs.some((l) => l.startsWith(indexed))) await new Promise((r) => setTimeout(r, 10));
    assert.ok(asked.includes(`list ${FOLDER}`), JSON.stringify(asked));
    assert.ok(asked.includes(`read ${SAMPLE}`), JSON.stringify(asked));
  });

  it("gives a deal the CLI's figures: its CodeLens total, a fee's total on hover, and no errors", async () => {
    const cli = cliTotals(path.join(SAMPLES, "colossus-1.deal.yaml"));
    await connection.sendNotification("textDocument/didOpen", { textDocument: { uri: SAMPLE, languageId: "dealspec", version: 1, text: text(SAMPLE) } });
    const d = await diagnostics(SAMPLE, (p) => p.version === 1);
    assert.deepEqual(d.diagnostics.filter((x) => x.severity === 1), []);
    const lenses = await connection.sendRequest<CodeLens[]>("textDocument/codeLens", { textDocument: { uri: SAMPLE } });
    const total = formatCompact(new Decimal(cli.total), cli.currency);
    assert.ok(lenses.some((l) => l.command?.title.includes(`Total ${total}`)), JSON.stringify(lenses.map((l) => l.command?.title)));
    const line = text(SAMPLE).split("\n").indexOf("  - id: base");
    const hover = await connection.sendRequest<Hover>("textDocument/hover", { textDocument: { uri: SAMPLE }, position: { line, character: 9 } });
    const markdown = typeof hover.contents === "object" && "value" in hover.contents ? hover.contents.value : JSON.stringify(hover.contents);
    assert.ok(markdown.includes(formatMoney(new Decimal(cli.fees!["base"]!.total), cli.currency)), markdown);
  });

  it("shows a diagnostic in a broken deal", async () => {
    const uri = `${FOLDER}/broken.deal.yaml`;
    const broken = text(SAMPLE).replace(/^currency: USD$/m, "currency: usd-dollars");
    await connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "dealspec", version: 1, text: broken } });
    const d = await diagnostics(uri, (p) => p.version === 1);
    assert.ok(d.diagnostics.some((x) => x.severity === 1 && /^DS\d{3}$/.test(String(x.code))), JSON.stringify(d.diagnostics));
  });

  it("gives a portfolio the CLI's total, its deals read through the client", async () => {
    const cli = cliTotals(path.join(SAMPLES, "anthropic-compute.portfolio.yaml"));
    await connection.sendNotification("textDocument/didOpen", { textDocument: { uri: PORTFOLIO, languageId: "dealspec-portfolio", version: 1, text: text(PORTFOLIO) } });
    const d = await diagnostics(PORTFOLIO);
    assert.deepEqual(d.diagnostics.filter((x) => x.severity === 1), []);
    const figures = (await connection.sendRequest(FiguresRequest.type, { uri: PORTFOLIO })) as PortfolioFiguresResult;
    assert.equal(figures.total, cli.total);
  });

  it("a portfolio outside the workspace folder: its deal is read in the background, then the portfolio is computed again", async () => {
    const deal = "memfs:/outside/deals/colossus-1.deal.yaml";
    const portfolio = "memfs:/outside/solo.portfolio.yaml";
    files.set(deal, files.get(SAMPLE)!);
    const solo = "portfolio: solo\ncurrency: USD\ninclude:\n  - deals/colossus-1.deal.yaml\n";
    await connection.sendNotification("textDocument/didOpen", { textDocument: { uri: portfolio, languageId: "dealspec-portfolio", version: 1, text: solo } });
    // At first the server has not read the deal (a synchronous read cannot wait for the client); once read, no error.
    const clean = await diagnostics(portfolio, (p) => p.diagnostics.every((x) => x.severity !== 1));
    assert.deepEqual(clean.diagnostics.filter((x) => x.severity === 1), []);
    const first = published.find((p) => p.uri === portfolio)!;
    assert.match(first.diagnostics.map((x) => x.message).join("\n"), /No file `deals\/colossus-1\.deal\.yaml`/, "the first analysis had not read the deal");
    assert.ok(asked.includes(`read ${deal}`), JSON.stringify(asked.filter((a) => a.includes("outside"))));
    const figures = (await connection.sendRequest(FiguresRequest.type, { uri: portfolio })) as PortfolioFiguresResult;
    assert.equal(figures.total, cliTotals(path.join(SAMPLES, "colossus-1.deal.yaml")).total);
  });

  it("reads a changed file again after the watched-file event, and the portfolio's total follows", async () => {
    const uri = `${FOLDER}/fluidstack.deal.yaml`;
    const before = (await connection.sendRequest(FiguresRequest.type, { uri: PORTFOLIO })) as PortfolioFiguresResult;
    // The deal leaves the portfolio's total: its fees become a tenth.
    const changed = text(uri).replace(/amount: \$([\d.]+)([KMB]?)/g, (_m, n: string, unit: string) => `amount: $${new Decimal(n).div(10).toString()}${unit}`);
    assert.notEqual(changed, text(uri));
    files.set(uri, Buffer.from(changed, "utf8"));
    const republished = published.length;
    await connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri, type: 2 }] });
    await diagnostics(PORTFOLIO, (p) => published.indexOf(p) >= republished);
    const after = (await connection.sendRequest(FiguresRequest.type, { uri: PORTFOLIO })) as PortfolioFiguresResult;
    assert.ok(after.total !== null && before.total !== null && new Decimal(after.total).lessThan(new Decimal(before.total)), `${before.total} -> ${after.total}`);
    assert.ok(asked.filter((a) => a === `read ${uri}`).length >= 2);
  });
});
