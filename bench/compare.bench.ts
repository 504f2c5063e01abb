/**
 * Dealspec's language server against the peer a user would otherwise pick:
 * yaml-language-server with Dealspec's exported schemas attached (as the
 * extension's `yamlValidation` attaches them). Both run as an editor runs them
 * (stdio, JSON-RPC over pipes, the client's clock), in the same run, on the
 * same generated deal files of about 100, 2,000 and 20,000 lines.
 *
 * Measured for each server and size:
 * - open -> first diagnostics;
 * - the first didChange after an open -> its diagnostics, once the server had
 *   time to settle (a pause of a second plus 4.5 times the slowest open: what a
 *   user who reads before typing gives it; the language server makes a
 *   document's session then, server/src/lsp/documents.ts), one per opened file;
 * - didChange -> the diagnostics of that change (one digit of an amount typed over);
 * - hover and inlay hints sent right after a didChange (what a user gets who
 *   reads on while the file is re-checked); yaml-language-server has no inlay hints;
 * - the server's resident memory after the 20,000-line file and its edits.
 * Each row gives p50 and p95 and the ratio Dealspec / yaml-language-server
 * (below 1: Dealspec is faster).
 *
 * Run: npm run bench:compare. Writes "## Compared with yaml-language-server" in
 * bench/RESULTS.md, leaving the other sections as they are.
 */
import { readFileSync } from "node:fs";
import type { Position, PublishDiagnosticsParams } from "vscode-languageserver";
import { LspClient } from "../test/support/lspClient";
import { ROOT } from "../test/support/paths";
import { YamlLanguageServer } from "../test/support/yamlLanguageServer";
import { amountDigit, generateDeal } from "./generate";
import { machine, recordSection, stat, type Stat } from "./stats";

const HEADING = "## Compared with yaml-language-server";
const SIZES = (process.env.BENCH_SIZES ?? "100,2000,20000").split(",").map(Number);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);
const WARMUP = 3;

interface Server {
  readonly name: string;
  /** Opens the document and resolves with its first diagnostics. */
  open(uri: string, text: string): Promise<PublishDiagnosticsParams>;
  /** Sends one change; the promise resolves with the diagnostics published for it. */
  change(uri: string, range: { start: Position; end: Position }, text: string): Promise<PublishDiagnosticsParams>;
  request<R>(method: string, params: unknown): Promise<R>;
  readonly hasInlayHints: boolean;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

async function dealspec(): Promise<Server> {
  const client = await LspClient.start();
  const versions = new Map<string, number>();
  return {
    name: "Dealspec",
    hasInlayHints: true,
    pid: client.process.pid,
    async open(uri, text) {
      versions.set(uri, 1);
      await client.open(uri, text, 1);
      return client.diagnosticsOf(uri, 1);
    },
    change(uri, range, text) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      const published = client.diagnosticsOf(uri, version);
      void client.change(uri, version, [{ range, text }]);
      return published;
    },
    request: (method, params) => client.request(method, params),
    async stop() {
      await client.stop();
    },
  };
}

async function yamlLanguageServer(): Promise<Server> {
  const server = await YamlLanguageServer.start();
  const versions = new Map<string, number>();
  return {
    name: "yaml-language-server",
    hasInlayHints: false,
    pid: server.pid,
    open(uri, text) {
      versions.set(uri, 1);
      const published = server.nextDiagnostics(uri);
      server.open(uri, text, 1);
      return published;
    },
    change(uri, range, text) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      const published = server.nextDiagnostics(uri);
      server.change(uri, version, [{ range, text }]);
      return published;
    },
    request: (method, params) => server.request(method, params),
    stop: () => server.stop(),
  };
}

/** Resident memory of a process, in MiB (Linux /proc). */
function rssMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

const timed = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
  const t0 = performance.now();
  const r = await f();
  return [performance.now() - t0, r];
};

interface Measured {
  readonly open: Stat;
  readonly firstEdit: Stat;
  readonly edit: Stat;
  readonly hover: Stat;
  readonly inlay?: Stat;
}

async function measure(server: Server, lines: number): Promise<Measured> {
  const text = generateDeal(lines);
  const digit = amountDigit(text);
  const at: Position = { line: digit.line, character: digit.character };
  const viewport = { start: { line: Math.max(0, digit.line - 30), character: 0 }, end: { line: digit.line + 30, character: 0 } };
  const opens: number[] = [];
  const uris = [0, 1, 2].map((i) => `file:///bench/compare/${lines}-${i}.deal.yaml`);
  for (const u of uris) {
    const [ms, first] = await timed(() => server.open(u, text));
    if (server.name === "Dealspec" && first.diagnostics.some((d) => d.severity === 1)) throw new Error(`the generated deal has errors: ${first.diagnostics[0]!.message}`);
    opens.push(ms);
  }
  // A reader's pause, then the first edit of each file: a digit other than the one written.
  await new Promise((resolve) => setTimeout(resolve, 1000 + 4.5 * Math.max(...opens)));
  const firstEdits: number[] = [];
  for (const u of uris) {
    const [ms] = await timed(() => server.change(u, digit.range, digit.other));
    firstEdits.push(ms);
  }
  const uri = uris[0]!;
  const samples = lines >= 20_000 ? Math.min(SAMPLES, 20) : SAMPLES;
  let n = 0;
  /** Types a digit over the amount's first digit: a real edit that changes the figures. */
  const edit = () => server.change(uri, digit.range, String((++n % 9) + 1));
  const edits: number[] = [];
  const hovers: number[] = [];
  const inlays: number[] = [];
  for (let i = 0; i < WARMUP + samples; i++) {
    const keep = i >= WARMUP;
    const [d] = await timed(edit);
    const published = edit();
    const [h] = await timed(() => server.request("textDocument/hover", { textDocument: { uri }, position: at }));
    await published;
    if (server.hasInlayHints) {
      const next = edit();
      const [ih] = await timed(() => server.request("textDocument/inlayHint", { textDocument: { uri }, range: viewport }));
      await next;
      if (keep) inlays.push(ih);
    }
    if (keep) {
      edits.push(d);
      hovers.push(h);
    }
  }
  return {
    open: stat("open → first diagnostics", opens),
    firstEdit: stat("first didChange after the open and a pause → diagnostics", firstEdits),
    edit: stat("didChange → diagnostics", edits),
    hover: stat("hover sent right after didChange", hovers),
    ...(server.hasInlayHints ? { inlay: stat("inlay hints (60 lines) sent right after didChange", inlays) } : {}),
  };
}

async function main(): Promise<void> {
  const ms = (v: number) => v.toFixed(1);
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}x` : "n/a");
  const rows: string[] = [];
  const memory: string[] = [];
  for (const lines of SIZES) {
    const results: Measured[] = [];
    const rss: (number | undefined)[] = [];
    for (const start of [dealspec, yamlLanguageServer]) {
      const server = await start();
      results.push(await measure(server, lines));
      rss.push(rssMiB(server.pid));
      await server.stop();
    }
    const [ours, peer] = results as [Measured, Measured];
    for (const key of ["open", "firstEdit", "edit", "hover", "inlay"] as const) {
      const a = ours[key];
      const b = peer[key];
      if (!a) continue;
      rows.push(
        `| ${lines.toLocaleString("en-US")} | ${a.name} | ${ms(a.p50)} / ${ms(a.p95)} | ${b ? `${ms(b.p50)} / ${ms(b.p95)}` : "none"} | ${b ? `${ratio(a.p50, b.p50)} / ${ratio(a.p95, b.p95)}` : "n/a"} | ${a.n} |`,
      );
    }
    if (lines === 20_000) memory.push(`| ${lines.toLocaleString("en-US")} | ${rss[0]?.toFixed(0) ?? "?"} | ${rss[1]?.toFixed(0) ?? "?"} | ${rss[0] && rss[1] ? ratio(rss[0], rss[1]) : "n/a"} |`);
    console.log(`${lines} lines measured`);
  }
  const section = [
    HEADING,
    "",
    `Run ${new Date().toISOString().slice(0, 10)} on ${machine()}; \`npm run bench:compare\` (bench/compare.bench.ts).`,
    "Both servers over stdio from one client, one after the other on the same generated deal files",
    "(bench/generate.ts); yaml-language-server " + peerVersion() + " with `schemas/deal.schema.json` attached.",
    "Times in ms, p50 / p95; the ratio is Dealspec / yaml-language-server (below 1: Dealspec is faster).",
    "",
    "| lines | measurement | Dealspec | yaml-language-server | ratio | samples |",
    "| ---: | --- | ---: | ---: | ---: | ---: |",
    ...rows,
    "",
    "Resident memory after the file's opens and edits (MiB):",
    "",
    "| lines | Dealspec | yaml-language-server | ratio |",
    "| ---: | ---: | ---: | ---: |",
    ...memory,
  ].join("\n");
  const file = recordSection(ROOT, HEADING, section);
  console.log(section);
  console.log(`\nrecorded in ${file}`);
}

function peerVersion(): string {
  return (require("yaml-language-server/package.json") as { version: string }).version;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
