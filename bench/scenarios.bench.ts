/**
 * Benchmark: what scenarios and exit curves cost. One generated deal of about
 * 2,000 lines (bench/generate.ts with `DealExtras`: capacity steps, two
 * unit-priced fees, three options to extend with reprices) is analyzed twice:
 * WITH 10 scenarios (every change the language allows, each with its own
 * `expect`) and 3 termination clauses, and WITHOUT them (the same fees and
 * options, no `scenarios`, no `termination`).
 *
 * Each run is `analyze(text)` and then the reading of every figure, since
 * many are computed when first read (exit curves and their parts, option
 * values, NPV): `readEveryFigure` walks the base's figures, every exit
 * exposure with its parts, every exit curve, every option's value, and each
 * scenario's figures, option values, expectations and delta, so nothing lazy
 * is skipped. The target (issue 15): WITH at most 3x WITHOUT.
 *
 * The runs alternate WITH and WITHOUT after a warm-up; reported: p50 and p95
 * of each, the ratio of the medians, the p50 and p95 of the ratio of each
 * pair of runs, the ratio of the tenth percentiles (the runs least
 * disturbed by other processes), and the time garbage collection took within
 * each run (as `perf_hooks` reports it).
 *
 * Run: `npm run bench:scenarios` (build, then this file); `--rounds=N` (default
 * 40), `--record` writes the section "Scenarios and exit curves" of
 * bench/RESULTS.md.
 */
import * as path from "node:path";
import { performance, PerformanceObserver } from "node:perf_hooks";
import { analyze, dealScenarioDelta, figuresJson, type Analysis, type Figures } from "../server/src/core";
import { generateDeal } from "./generate";
import { machine, percentile, recordSection, stat, type Stat } from "./stats";

const LINES = 2000;
const SEED = 20260520;

/** What reading a kind of figure touches, for every evaluation of an analysis (the base's, then each scenario's). */
type Phase = (f: Figures, read: (v: unknown) => void) => void;

/** The kinds of figures computed when first read, then the others; `readEveryFigure` reads them in this order. */
const PHASES: readonly (readonly [string, Phase])[] = [
  [
    "option values",
    (f, read) => {
      for (const o of f.options) read(o.value);
    },
  ],
  [
    "exit curves",
    (f, read) => {
      for (const curve of f.exitCurves) for (const p of curve) read(p.exposure);
    },
  ],
  [
    "exit exposures and their parts",
    (f, read) => {
      for (const e of f.exits) {
        read(e.exposure);
        for (const p of e.parts) read(p.counted);
      }
    },
  ],
  ["NPV", (f, read) => read(f.npv?.amount)],
  [
    "the other figures",
    (f, read) => {
      read(f.total);
      for (const v of f.years.values()) read(v);
      for (const v of f.months.values()) read(v);
      read(f.peakMonth?.amount);
      read(f.runRate.amount);
      for (const p of f.runRate.parts) read(p.yearly);
      for (const fee of f.fees) read(fee.total);
      for (const [, v] of f.byBasis) read(v);
      read(f.perGpuHour?.amount);
      read(f.perMwMonth?.amount);
      read(f.shortfall);
    },
  ],
];

/**
 * Every figure of an analysis: the base's, its expectations, and each
 * scenario's figures, expectations and delta, lazy ones included. Returns how
 * many values it read; `phases`, when given, gets the time each kind took, in ms.
 * `delta` is the core's `dealScenarioDelta` (bench/ab.ts passes each build's own).
 */
export function readEveryFigure(a: Analysis, phases?: Map<string, number>, delta: typeof dealScenarioDelta = dealScenarioDelta): number {
  let n = 0;
  const read = (v: unknown) => {
    if (v !== undefined) n++;
  };
  const all = [a.figures, ...a.scenarios.map((r) => r.figures)].filter((f): f is Figures => f !== undefined);
  for (const [name, phase] of PHASES) {
    const t0 = process.hrtime.bigint();
    for (const f of all) phase(f, read);
    phases?.set(name, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  n += a.expectations.length;
  for (const r of a.scenarios) {
    const d = delta(a, r);
    if (d) n += d.npv ? 2 : 1;
  }
  for (const e of a.scenarioExpectations) n += e.length;
  return n;
}

/** One run: its time, and its span on the clock of `performance` (to find the collections it waited for). */
function timed(text: string): { ms: number; analyzeMs: number; read: number; phases: Map<string, number>; span: readonly [number, number] } {
  const phases = new Map<string, number>();
  const from = performance.now();
  const t0 = process.hrtime.bigint();
  const a = analyze(text);
  const t1 = process.hrtime.bigint();
  const read = readEveryFigure(a, phases);
  const t2 = process.hrtime.bigint();
  return { ms: Number(t2 - t0) / 1e6, analyzeMs: Number(t1 - t0) / 1e6, read, phases, span: [from, performance.now()] };
}

/** The garbage collections of the process, as `perf_hooks` reports them (after the fact: read them once the runs are done). */
function collections(): { stop(): Promise<(span: readonly [number, number]) => number> } {
  const seen: { start: number; duration: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) seen.push({ start: e.startTime, duration: e.duration });
  });
  observer.observe({ entryTypes: ["gc"] });
  return {
    async stop() {
      // The entries are delivered asynchronously: let them arrive, then sum those that started within a run.
      await new Promise((resolve) => setTimeout(resolve, 50));
      observer.disconnect();
      return ([a, b]) => seen.reduce((sum, e) => (e.start >= a && e.start <= b ? sum + e.duration : sum), 0);
    },
  };
}

function row(s: Stat): string {
  return `| ${s.name} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.n} |`;
}

async function main(): Promise<void> {
  const withText = generateDeal(LINES, SEED, { clauses: 3, options: 3, scenarios: 10 });
  const withoutText = generateDeal(LINES, SEED, { clauses: 0, options: 3, scenarios: 0 });
  const check = (text: string, what: string) => {
    const a = analyze(text);
    const errors = a.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0 || !a.figures) throw new Error(`the ${what} deal has errors: ${errors.slice(0, 3).map((d) => `${d.code} ${d.message}`).join("; ")}`);
    return a;
  };
  const w = check(withText, "WITH");
  const wo = check(withoutText, "WITHOUT");
  const json = figuresJson(w);
  const scenarios = Object.values(json.scenarios ?? {});
  if (scenarios.length !== 10 || scenarios.some((s) => s === null)) throw new Error("every scenario of the WITH deal must have figures");
  if (w.scenarioExpectations.some((e) => e.length === 0 || e.some((x) => !x.holds))) throw new Error("every scenario's expectations must hold");
  if (w.figures!.exitCurves.length !== 3) throw new Error("the WITH deal must have 3 exit curves");
  if (wo.figures!.exitCurves.length !== 0 || wo.scenarios.length !== 0) throw new Error("the WITHOUT deal must have neither curves nor scenarios");

  const rounds = Number(process.argv.find((x) => x.startsWith("--rounds="))?.slice(9) ?? 40);
  for (let i = 0; i < 5; i++) {
    timed(withText);
    timed(withoutText);
  }
  const phasesWith = new Map<string, number[]>();
  const phasesWithout = new Map<string, number[]>();
  const keep = (into: Map<string, number[]>, from: Map<string, number>) => {
    for (const [k, v] of from) into.set(k, [...(into.get(k) ?? []), v]);
  };
  const withMs: number[] = [];
  const withAnalyze: number[] = [];
  const withoutMs: number[] = [];
  const withoutAnalyze: number[] = [];
  const ratios: number[] = [];
  let readWith = 0;
  let readWithout = 0;
  const spansWith: (readonly [number, number])[] = [];
  const spansWithout: (readonly [number, number])[] = [];
  const gc = collections();
  for (let i = 0; i < rounds; i++) {
    // Alternate which goes first, so that neither always runs right after a collection of the other's garbage.
    const [a, b] = i % 2 === 0 ? [timed(withText), timed(withoutText)] : (([y, x]) => [x, y])([timed(withoutText), timed(withText)]);
    withMs.push(a.ms);
    withAnalyze.push(a.analyzeMs);
    withoutMs.push(b.ms);
    withoutAnalyze.push(b.analyzeMs);
    ratios.push(a.ms / b.ms);
    keep(phasesWith, a.phases);
    keep(phasesWithout, b.phases);
    readWith = a.read;
    readWithout = b.read;
    spansWith.push(a.span);
    spansWithout.push(b.span);
  }
  // What analyzing keeps (charges, Decimals, BigInts) is copied by each young-generation collection (bench/RESULTS.md).
  const collected = await gc.stop();
  const sGcWith = stat("WITH: garbage collection within a run", spansWith.map(collected));
  const sGcWithout = stat("WITHOUT: garbage collection within a run", spansWithout.map(collected));
  const sWith = stat("WITH: analyze + every figure", withMs);
  const sWithout = stat("WITHOUT: analyze + every figure", withoutMs);
  const sWithAnalyze = stat("WITH: `analyze(text)` only", withAnalyze);
  const sWithoutAnalyze = stat("WITHOUT: `analyze(text)` only", withoutAnalyze);
  const sRatio = stat("ratio", ratios);
  const ratio = sWith.p50 / sWithout.p50;
  // The fastest tenth of each: the runs least disturbed by other processes (on a loaded machine the medians of WITHOUT,
  // mostly the parse, swell more than those of WITH, and the ratio of the medians comes out lower than on a quiet one).
  const p10 = (samples: readonly number[]) => percentile([...samples].sort((a, b) => a - b), 10);
  const quiet = p10(withMs) / p10(withoutMs);
  // Evaluations of the deal: one per figure set (the base, each scenario), and one more per option value in each.
  const evaluations = (a: Analysis) => [a.figures, ...a.scenarios.map((r) => r.figures)].reduce((n, x) => n + (x ? 1 + x.options.length : 0), 0);
  const f = w.figures!;
  const section = [
    "## Scenarios and exit curves (issue 15)",
    "",
    `What is measured: one generated deal of ${withText.split("\n").length.toLocaleString("en-US")} lines (${f.feeModels.length} fees, ${f.schedule.length.toLocaleString("en-US")} charges over ${f.term.days.toLocaleString("en-US")} days, capacity steps, two unit-priced fees, ${f.options.length} options to extend with reprices, one exercised) analyzed WITH 10 scenarios (\`change\` of every fee, of the assumed ones and of one fee; \`shift\` of the capacity, of the term and of two fees; \`set\` of seven paths; \`exercise\`; two \`exit\`s; each with its own \`expect\`) and 3 termination clauses (${f.exitCurves.map((c) => c.length).join(" + ")} curve points), and WITHOUT them (${withoutText.split("\n").length.toLocaleString("en-US")} lines: the same fees and options). Each run is \`analyze(text)\` then the reading of every figure, lazy ones included (bench/scenarios.bench.ts \`readEveryFigure\`: totals, years, months, run rate, bases, unit figures, NPV, each exit exposure and its parts, each exit curve, each option's value, and for each scenario the same plus its expectations and delta: ${readWith.toLocaleString("en-US")} values WITH, ${readWithout.toLocaleString("en-US")} WITHOUT). ${rounds} alternating runs of each after a warm-up, in one process. Times in ms.`,
    "",
    `Machine: ${machine()}.`,
    "",
    "| what | p50 | p95 | runs |",
    "| --- | ---: | ---: | ---: |",
    row(sWith),
    row(sWithout),
    row(sWithAnalyze),
    row(sWithoutAnalyze),
    row(sGcWith),
    row(sGcWithout),
    "",
    "Reading the figures after `analyze`, by kind (p50 in ms, over the base and every scenario):",
    "",
    "| figures read | WITH | WITHOUT |",
    "| --- | ---: | ---: |",
    ...PHASES.map(([name]) => `| ${name} | ${stat(name, phasesWith.get(name)!).p50.toFixed(1)} | ${stat(name, phasesWithout.get(name)!).p50.toFixed(1)} |`),
    "",
    `Ratio WITH / WITHOUT: ${ratio.toFixed(2)}x (medians); per pair of runs p50 ${sRatio.p50.toFixed(2)}x, p95 ${sRatio.p95.toFixed(2)}x; of the fastest tenth of each (p10: ${p10(withMs).toFixed(1)} / ${p10(withoutMs).toFixed(1)} ms, the runs least disturbed by other processes) ${quiet.toFixed(2)}x. Target: at most 3x: ${ratio <= 3 && sRatio.p50 <= 3 && quiet <= 3 ? "met" : "not met"}. WITH evaluates the deal ${evaluations(w)} times (the base and ${w.scenarios.length} scenarios, and once more for each option's value in each: ${evaluations(w) - 1 - w.scenarios.length} of them), WITHOUT ${evaluations(wo)} times. How to run: \`npm run bench:scenarios\` (\`-- --record\` rewrites this section).`,
  ].join("\n");
  console.log(section);
  if (process.argv.includes("--record")) console.error(`recorded in ${recordSection(path.resolve(__dirname, "..", ".."), "## Scenarios and exit curves (issue 15)", section)}`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
