/**
 * Benchmark: the engine's full analysis (`analyze(text)`: parse, validate,
 * evaluate, check expectations) against `yaml`'s bare `parseDocument(text)`
 * on the same generated deal files of about 100, 2,000 and 20,000 lines.
 *
 * Also timed: an edit of one fee analyzed by an `AnalysisSession` (the
 * incremental analysis the language server runs), against the same parse;
 * and a session's first analysis of the text (`first`: what it fills for the
 * edits after it), against `analyze`: the language server analyses a
 * document's first version plainly and makes its session when idle
 * (server/src/lsp/documents.ts).
 *
 * Run with `npm run bench` (build, then this file). It prints Markdown: the
 * machine, a timing table (median and p95 over interleaved iterations after a
 * warm-up, and the ratio of the medians) and a memory table (each function run
 * once in a fresh process). The target: analysis at most 1.5x the bare parse
 * with the engine's own parse options, at every size.
 *
 * Options: `--sizes=100,2000` to pick sizes; `--seconds=N` the time budget per
 * function and size (default 3); `--no-memory` to skip the memory runs. The
 * environment variable DEALSPEC_CORE may name another build of the core (for
 * example one compiled from an older commit) to measure instead.
 * Internal: `--memory-child FILE FN` is how the memory runs start themselves.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { editedAmount, generateDeal } from "./generate";
import { gcFunction } from "./stats";

type Core = typeof import("../server/src/core");
/** The core under test: this build's, or another build named by DEALSPEC_CORE (to measure an older commit). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { analyze, figuresJson, AnalysisSession } = require(process.env.DEALSPEC_CORE ? path.resolve(process.env.DEALSPEC_CORE) : "../server/src/core") as Partial<Core> & Pick<Core, "analyze" | "figuresJson">;

/** The options the engine's syntax layer parses with (server/src/core/syntax.ts). */
const ENGINE_OPTIONS = { version: "1.2", schema: "core", uniqueKeys: true, prettyErrors: false, strict: true } as const;

/**
 * An edit as an editor sends it, analyzed incrementally: an `AnalysisSession`
 * kept per text analyzes, each run, the text with one fee's amount changed
 * (bench/generate.ts `editedAmount`), after the version before it.
 */
const sessions = new Map<string, { session: InstanceType<NonNullable<typeof AnalysisSession>>; version: (n: number) => string; n: number }>();
function edit(text: string): unknown {
  let s = sessions.get(text);
  if (!s) {
    s = { session: new AnalysisSession!(), version: editedAmount(text), n: 0 };
    s.session.analyze(text);
    sessions.set(text, s);
  }
  return s.session.analyze(s.version(++s.n));
}

type Subject = "analyze" | "edit" | "first" | "parse-default" | "parse-same";
const SUBJECTS: Record<Subject, (text: string) => unknown> = {
  analyze: (text) => analyze(text),
  edit,
  first: (text) => new AnalysisSession!().analyze(text),
  "parse-default": (text) => parseDocument(text),
  "parse-same": (text) => parseDocument(text, ENGINE_OPTIONS),
};
const ORDER = (Object.keys(SUBJECTS) as Subject[]).filter((s) => (s !== "edit" && s !== "first") || AnalysisSession !== undefined);

const gc = gcFunction();
/**
 * Before each timed run: a young-generation collection, so that no run pays
 * for the short-lived garbage of the run before it. Not a full collection:
 * V8's forced full GC also throws away compiled code, and every run after it
 * would be several times slower than in real use.
 */
const clearNursery = gc ? () => gc({ type: "minor" }) : undefined;

function arg(name: string): string | undefined {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a?.slice(name.length + 3);
}

function quantile(sorted: readonly number[], q: number): number {
  // Nearest rank: the smallest value with at least q of the samples at or below it.
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

interface Stats {
  readonly median: number;
  readonly p95: number;
  readonly n: number;
}

function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), n: sorted.length };
}

function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

interface Sample {
  /** Wall-clock time. */
  readonly wall: number;
  /** CPU time of the process (all its threads, so GC helpers count), less disturbed by other load. */
  readonly cpu: number;
}

function timeOnce(fn: (text: string) => unknown, text: string): Sample {
  const c0 = process.cpuUsage();
  const t0 = nowMs();
  const result = fn(text);
  const t1 = nowMs();
  const c1 = process.cpuUsage(c0);
  if (result === undefined) throw new Error("no result");
  return { wall: t1 - t0, cpu: (c1.user + c1.system) / 1000 };
}

interface Timing {
  readonly wall: Stats;
  readonly cpu: Stats;
}

/**
 * Times each subject on the text: a warm-up (so that the JIT has settled),
 * then rounds in which every subject runs once, in rotating order, after a
 * young-generation GC, until the slowest subject has used its time budget
 * (at least 15 rounds, at most 3,000).
 */
function measure(text: string, seconds: number): Record<Subject, Timing> {
  const warmEnd = nowMs() + Math.max(500, seconds * 250);
  for (let i = 0; i < 10 || nowMs() < warmEnd; i++) for (const s of ORDER) SUBJECTS[s](text);
  const samples: Record<Subject, Sample[]> = { analyze: [], edit: [], first: [], "parse-default": [], "parse-same": [] };
  const spent: Record<Subject, number> = { analyze: 0, edit: 0, first: 0, "parse-default": 0, "parse-same": 0 };
  for (let round = 0; round < 3000; round++) {
    for (let j = 0; j < ORDER.length; j++) {
      const s = ORDER[(round + j) % ORDER.length]!;
      clearNursery?.();
      const sample = timeOnce(SUBJECTS[s], text);
      samples[s].push(sample);
      spent[s] += sample.wall;
    }
    if (round + 1 >= 15 && Math.min(...ORDER.map((s) => spent[s])) >= seconds * 1000) break;
  }
  const timing = (list: readonly Sample[]): Timing => ({ wall: stats(list.map((x) => x.wall)), cpu: stats(list.map((x) => x.cpu)) });
  return {
    analyze: timing(samples.analyze),
    edit: timing(samples.edit),
    first: timing(samples.first),
    "parse-default": timing(samples["parse-default"]),
    "parse-same": timing(samples["parse-same"]),
  };
}

interface Memory {
  /** heapUsed right after the run, before any forced GC, minus heapUsed before it. */
  readonly heapDelta: number;
  /** heapUsed after a full GC with the result still held, minus before. */
  readonly retained: number;
  /** Growth of the process's peak resident set size during the run. */
  readonly peakRss: number;
}

/** Runs one subject once on the text, in a fresh process, and reports its memory. */
function memoryChild(file: string, subject: Subject): void {
  const text = readFileSync(file, "utf8");
  const collect = gcFunction();
  if (!collect) throw new Error("no gc");
  // Warm up on a small file so that the run below does not count code loading and compilation.
  const small = generateDeal(100);
  for (let i = 0; i < 20; i++) SUBJECTS[subject](small);
  collect();
  // A full GC throws compiled code away: warm up again, then clear only the young generation.
  for (let i = 0; i < 5; i++) SUBJECTS[subject](small);
  collect({ type: "minor" });
  const rss0 = process.resourceUsage().maxRSS * 1024;
  const h0 = process.memoryUsage().heapUsed;
  const result = SUBJECTS[subject](text);
  const h1 = process.memoryUsage().heapUsed;
  const rss1 = process.resourceUsage().maxRSS * 1024;
  collect();
  const h2 = process.memoryUsage().heapUsed;
  if (result === undefined) throw new Error("no result");
  const m: Memory = { heapDelta: h1 - h0, retained: h2 - h0, peakRss: rss1 - rss0 };
  process.stdout.write(JSON.stringify(m));
}

function measureMemory(text: string, subject: Subject, dir: string): Memory | undefined {
  const file = path.join(dir, "deal.yaml");
  writeFileSync(file, text);
  const r = spawnSync(process.execPath, ["--expose-gc", __filename, "--memory-child", file, subject], { encoding: "utf8" });
  if (r.status !== 0) {
    process.stderr.write(`memory run failed for ${subject}: ${r.stderr}\n`);
    return undefined;
  }
  return JSON.parse(r.stdout) as Memory;
}

function machine(): string[] {
  let cpu = os.cpus()[0]?.model ?? "unknown";
  try {
    const m = /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m) cpu = m[1]!.trim();
  } catch {
    // not Linux: os.cpus() is the best we have
  }
  return [
    `- CPU: ${cpu}, ${os.cpus().length} cores (os.availableParallelism: ${os.availableParallelism()})`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- Node: ${process.version} (V8 ${process.versions.v8}), ${os.platform()} ${os.release()}`,
    `- yaml ${requireVersion("yaml")}, zod ${requireVersion("zod")}, decimal.js ${requireVersion("decimal.js")}`,
    `- Date: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
  ];
}

function requireVersion(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;

function main(): void {
  const sizes = (arg("sizes") ?? "100,2000,20000").split(",").map(Number);
  const seconds = Number(arg("seconds") ?? "3");
  const withMemory = !process.argv.includes("--no-memory");
  const out: string[] = [];
  const say = (line = "") => {
    out.push(line);
    process.stdout.write(`${line}\n`);
  };

  say("Machine:");
  say();
  for (const l of machine()) say(l);
  say(`- Method: after a warm-up, each round runs every subject once in rotating order, each after a young-generation GC${clearNursery ? "" : " (GC not available: samples include collection of earlier garbage)"}; rounds continue until each subject has used ${seconds} s (15 rounds at least). Ratio = median of analyze / median of the parse.`);
  say();

  const rows: string[] = [];
  const cpuRows: string[] = [];
  const memRows: string[] = [];
  const checks: string[] = [];
  const tmp = withMemory ? mkdtempSync(path.join(os.tmpdir(), "dealspec-bench-")) : "";
  try {
    for (const size of sizes) {
      const text = generateDeal(size);
      const lines = text.split("\n").length - 1;
      const a = analyze(text);
      const errors = a.diagnostics.filter((d) => d.severity === "error");
      if (errors.length > 0 || !a.figures || a.expectations.length === 0 || a.expectations.some((e) => !e.holds)) {
        throw new Error(`the ${size}-line deal does not analyze cleanly: ${errors.map((e) => e.code).join(", ")}`);
      }
      const digest = createHash("sha256").update(JSON.stringify(figuresJson(a))).digest("hex").slice(0, 16);
      checks.push(`| ${lines} | ${a.model?.fees.length ?? 0} | ${a.figures.schedule.length} | ${a.model?.termination.length ?? 0} | ${a.expectations.length} | \`${digest}\` |`);
      process.stderr.write(`measuring ${lines} lines...\n`);
      const t = measure(text, seconds);
      const an = t.analyze;
      const pd = t["parse-default"];
      const ps = t["parse-same"];
      const ratioSame = an.wall.median / ps.wall.median;
      const ratioDefault = an.wall.median / pd.wall.median;
      const cpuSame = an.cpu.median / ps.cpu.median;
      const cpuDefault = an.cpu.median / pd.cpu.median;
      const mark = (r: number) => (r <= 1.5 ? "✓" : "✗");
      const ed = t.edit;
      const editCell = (k: "wall" | "cpu") => (ed[k].n > 0 ? `${ms(ed[k].median)} / ${ms(ed[k].p95)} | ${(ed[k].median / ps[k].median).toFixed(2)}x` : "- | -");
      const fi = t.first;
      const firstCell = (k: "wall" | "cpu") => (fi[k].n > 0 ? `${ms(fi[k].median)} / ${ms(fi[k].p95)} | ${(fi[k].median / an[k].median).toFixed(2)}x` : "- | -");
      rows.push(
        `| ${lines} | ${(text.length / 1024).toFixed(0)} KiB | ${an.wall.n} | ${ms(an.wall.median)} / ${ms(an.wall.p95)} | ${ms(ps.wall.median)} / ${ms(ps.wall.p95)} | ${ms(pd.wall.median)} / ${ms(pd.wall.p95)} | **${ratioSame.toFixed(2)}x** ${mark(ratioSame)} | ${ratioDefault.toFixed(2)}x | ${editCell("wall")} | ${firstCell("wall")} |`,
      );
      cpuRows.push(
        `| ${lines} | ${ms(an.cpu.median)} / ${ms(an.cpu.p95)} | ${ms(ps.cpu.median)} / ${ms(ps.cpu.p95)} | ${ms(pd.cpu.median)} / ${ms(pd.cpu.p95)} | **${cpuSame.toFixed(2)}x** ${mark(cpuSame)} | ${cpuDefault.toFixed(2)}x | ${editCell("cpu")} | ${firstCell("cpu")} |`,
      );
      if (withMemory) {
        for (const s of ORDER) {
          const m = measureMemory(text, s, tmp);
          if (m) memRows.push(`| ${lines} | ${s} | ${mib(m.heapDelta)} | ${mib(m.retained)} | ${mib(m.peakRss)} |`);
        }
      }
    }
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }

  say("Inputs (bench/generate.ts; the digest is of the figures as JSON, so that a change in figures shows):");
  say();
  say("| lines | fees | charges | termination clauses | expectations | figures digest |");
  say("| ---: | ---: | ---: | ---: | ---: | --- |");
  for (const r of checks) say(r);
  say();
  say("Wall-clock time in ms, median / p95 (target: analyze / parse with the engine's options <= 1.5x):");
  say();
  say("| lines | size | iterations | analyze | parse, engine options | parse, default options | ratio (engine options) | ratio (default) | edit, incremental | edit / parse | a session's first analysis | first / analyze |");
  say("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) say(r);
  say();
  say("CPU time of the process in ms for the same runs, median / p95 (less disturbed when other processes share the machine):");
  say();
  say("| lines | analyze | parse, engine options | parse, default options | ratio (engine options) | ratio (default) | edit, incremental | edit / parse | a session's first analysis | first / analyze |");
  say("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of cpuRows) say(r);
  if (withMemory) {
    say();
    say("Memory, each subject run once in a fresh process after a small warm-up: heap used just after the run (no forced GC, so collections during the run lower it), heap still used after a full GC with the result held, and growth of peak RSS:");
    say();
    say("| lines | subject | heap used delta | retained | peak RSS delta |");
    say("| ---: | --- | ---: | ---: | ---: |");
    for (const r of memRows) say(r);
  }
}

if (process.argv[2] === "--memory-child") memoryChild(process.argv[3]!, process.argv[4] as Subject);
else main();
