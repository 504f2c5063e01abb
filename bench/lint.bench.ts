/**
 * `dealspec lint` over 1,000 deal files, as CI runs it: the built CLI as a
 * process. Process start-up (`dealspec --version`) is measured apart.
 * Target: the whole lint at most 3 s on the project's 2-core machine.
 *
 * Worker threads: a run on workers (`DEALSPEC_LINT_WORKERS=N`: the default
 * number where workers are on by default, from 4 cores; else one per core,
 * 2 on the project's machine, where they are off by default) against the same
 * run in one thread (`DEALSPEC_LINT_WORKERS=0`), the two taken in turn so that
 * both see the same load. Each run's CPU time (every thread of the process)
 * is read at its exit by a preloaded module. Target (issue 15): at least
 * 1.5x faster than one core in CPU-normalised terms, that is the one-thread
 * run's CPU time (what one free core would take) over the workers' wall time,
 * measured when the machine's load is below 1.
 *
 *   npm run bench:lint               print the results
 *   npm run bench:lint -- --record   also write them into bench/RESULTS.md
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import * as path from "node:path";
import { MIN_CORES, workerCount } from "../server/src/cli/lintWorkers";
import { recordSection } from "./stats";

const ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(ROOT, "server", "out", "cli.js");
const FILES = 1000;
const RUNS = 5;
const TARGET_MS = 3000;
const TARGET_SPEEDUP = 1.5;
/** The workers of the timed run: the default where workers are on by default, else one per core (at least two). */
const WORKERS = workerCount(FILES, {}) || Math.max(2, availableParallelism());
const HEADING = "## CLI lint over 1,000 files";
/** Kept in the recorded section, which each --record rewrites. */
const HISTORY = [
  "History: the first measurement took 12,358 ms (best 7,680 ms): three quarters of it was the NPV's",
  "discount factors, one 40-digit fractional power per payment day. They are now built from one",
  "fractional power per deal (`evaluate/npv.ts`, `npvOf`), the same figures to ~35 significant digits.",
  "What remains is mostly YAML parsing (~40%), evaluation (~30%) and lowering (~20%).",
  "",
  "Workers: first measured with the main thread checking files beside one worker: 0.78x one thread's wall time",
  "(load 2.6). The main thread now only hands out files (8 at a time, from one queue, as workers finish) and prints.",
  "On 2 cores the workers still cost 2-3 s more CPU time, because each engine warms up apart: compiling the hot",
  "functions takes about 2.2 s of CPU per engine on V8's background threads (measured with --no-concurrent-recompilation,",
  "which moves it onto the main thread), `evaluate` alone recompiled four times after deoptimizations, and one thread",
  "gets that for free on the second core. So workers stay off by default below 4 cores.",
  "",
  "Why 1.5x is out of reach on 2 cores (2026-11-30, load 0.2 before the run): one thread takes M of its own time and",
  "C of compilation on the other core, M + C of CPU; two workers take M + 2C + L (L: the second engine's loading and",
  "the main thread), spread over 2 cores. Measured M = 2.7 s, C = 1.3 s, L = 0.3 s: at best (M + C) / ((M + 2C + L) / 2)",
  "= 1.43x (measured: 1.35x), and 1.5x needs M >= 2C + 3L, the compilation cut by a third with nothing else added. With",
  "more cores the workers' share of the work grows while each engine's compilation stays the same.",
  "",
  "On another machine (2026-12-01, Intel Xeon, 2 cores), where the engine runs about twice as fast, lint did not:",
  "two runs a few minutes apart gave 3,391 ms (median; best 2,605 ms; load 0.5 before, 2.6 after), OVER the target,",
  "then 2,795 ms (best 2,670 ms; the run recorded above). The time is the analysis of each file: in one process, warm,",
  "the corpus takes about 2.7 ms a file (several of its deals carry scenarios, options and exit curves; colossus-1.deal.yaml 6-10 ms),",
  "so the 3 s target has little margin on 2 shared cores. CPU-normalised speed-up of the workers: 1.39x and 1.42x.",
];

/** 1,000 deal files: the samples and conformance fixtures, each with its own id and amounts, in 10 folders. */
function corpus(): string {
  const sources = [path.join(ROOT, "samples"), path.join(ROOT, "test", "fixtures", "conformance")]
    .filter(existsSync)
    .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith(".deal.yaml")).map((f) => readFileSync(path.join(dir, f), "utf8")));
  if (sources.length === 0) throw new Error("no deal files to build the corpus from");
  const dir = mkdtempSync(path.join(tmpdir(), "dealspec-bench-"));
  for (let i = 0; i < FILES; i++) {
    const folder = path.join(dir, `team-${i % 10}`);
    mkdirSync(folder, { recursive: true });
    const text = sources[i % sources.length]!
      .replace(/^deal: (.*)$/m, `deal: $1-${i}`)
      // Vary the amounts so that no two files compute the same figures.
      .replace(/^(\s+amount: [^\d\n]*)(\d+)/m, (_, pre: string, digits: string) => `${pre}${Number(digits) + (i % 97)}`);
    writeFileSync(path.join(folder, `deal-${i}.deal.yaml`), text);
  }
  return dir;
}

/** A module preloaded into each run: it writes the process's CPU time (all its threads) to DEALSPEC_BENCH_CPU at exit. */
const PRELOAD = `process.on("exit", () => { const u = process.cpuUsage(); require("node:fs").writeFileSync(process.env.DEALSPEC_BENCH_CPU, String((u.user + u.system) / 1000)); });\n`;

function time(args: string[], cwd: string, env: Record<string, string> = {}): { ms: number; cpuMs: number; code: number | null; stderr: string } {
  const cpuFile = path.join(cwd, ".cpu");
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", path.join(cwd, ".preload.js"), CLI, ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, ...env, DEALSPEC_BENCH_CPU: cpuFile },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, cpuMs: Number(readFileSync(cpuFile, "utf8")), code: r.status, stderr: r.stderr };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${Math.round(ms).toLocaleString("en-US")} ms`;

function main(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const dir = corpus();
  writeFileSync(path.join(dir, ".preload.js"), PRELOAD);
  try {
    const loadBefore = loadavg()[0]!;
    const startup = Array.from({ length: RUNS * 2 }, () => time(["--version"], dir).ms);
    const runs: Record<string, number[]> = { human: [], json: [], sarif: [] };
    const threads = { one: { ms: [] as number[], cpu: [] as number[] }, workers: { ms: [] as number[], cpu: [] as number[] } };
    for (let i = 0; i < RUNS; i++) {
      for (const format of Object.keys(runs)) {
        const r = time(["lint", "--format", format], dir);
        if (r.code !== 0 && r.code !== 1) throw new Error(`lint --format ${format} exited ${r.code}: ${r.stderr}`);
        runs[format]!.push(r.ms);
        if (format === "human") {
          const w = time(["lint", "--format", format], dir, { DEALSPEC_LINT_WORKERS: String(WORKERS) });
          if (w.code !== r.code) throw new Error(`lint with workers exited ${w.code}, by default ${r.code}`);
          threads.workers.ms.push(w.ms);
          threads.workers.cpu.push(w.cpuMs);
          // The same run in one thread, right after, under the same load.
          const one = time(["lint", "--format", format], dir, { DEALSPEC_LINT_WORKERS: "0" });
          if (one.code !== r.code) throw new Error(`lint in one thread exited ${one.code}, with workers ${r.code}`);
          threads.one.ms.push(one.ms);
          threads.one.cpu.push(one.cpuMs);
        }
      }
    }
    const load = `${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`;
    const s = median(startup);
    const h = median(runs.human!);
    const rows = Object.entries(runs).map(([format, xs]) => `| \`dealspec lint --format ${format}\` | ${fmt(median(xs))} | ${fmt(Math.min(...xs))} | ${((median(xs) - s) / FILES).toFixed(2)} ms |`);
    const oneMs = median(threads.one.ms);
    const oneCpu = median(threads.one.cpu);
    const workersMs = median(threads.workers.ms);
    const workersCpu = median(threads.workers.cpu);
    const wallSpeedup = oneMs / workersMs;
    const normalised = oneCpu / workersMs;
    const node = process.version;
    const cpu = cpus()[0]?.model ?? "unknown CPU";
    const section = [
      HEADING,
      "",
      `\`npm run bench:lint\` (bench/lint.bench.ts): the built CLI as a process over ${FILES.toLocaleString("en-US")} deal files`,
      `(the samples and conformance fixtures with distinct ids and amounts, in 10 folders), median of ${RUNS} runs.`,
      `Machine: ${cpus().length} × ${cpu} (${availableParallelism()} available to Node), Node ${node}; load average ${load}`,
      `(the machine is shared: the best run shows the unloaded cost). Target: at most ${fmt(TARGET_MS)} in all.`,
      "",
      "| what | median | best | per file, start-up excluded |",
      "| --- | ---: | ---: | ---: |",
      `| process start-up (\`dealspec --version\`) | ${fmt(s)} | ${fmt(Math.min(...startup))} | |`,
      ...rows,
      "",
      `Result: ${fmt(h)} in all (median; best ${fmt(Math.min(...runs.human!))}) for the default (human) format, ${h <= TARGET_MS ? "within" : "OVER"} the ${fmt(TARGET_MS)} target.`,
      "",
      `Worker threads (\`--format human\`): ${WORKERS} workers checking the files while the main thread hands them out, a few at a time, and prints`,
      `(\`DEALSPEC_LINT_WORKERS=${WORKERS}\`, ${workerCount(FILES, {}) > 0 ? "the default here" : `one per core; off by default below ${MIN_CORES} cores`}) against one thread (\`DEALSPEC_LINT_WORKERS=0\`). Each pair of`,
      "runs was taken in turn; CPU time counts every thread of the process.",
      "",
      "| run | wall median | wall best | CPU time median |",
      "| --- | ---: | ---: | ---: |",
      `| one thread (\`DEALSPEC_LINT_WORKERS=0\`) | ${fmt(oneMs)} | ${fmt(Math.min(...threads.one.ms))} | ${fmt(oneCpu)} |`,
      `| workers (\`DEALSPEC_LINT_WORKERS=${WORKERS}\`) | ${fmt(workersMs)} | ${fmt(Math.min(...threads.workers.ms))} | ${fmt(workersCpu)} |`,
      "",
      `Speed-up: ${wallSpeedup.toFixed(2)}x in wall time; CPU-normalised (one thread's CPU time, what one free core takes, over the`,
      `workers' wall time) ${normalised.toFixed(2)}x, ${normalised >= TARGET_SPEEDUP ? "meeting" : "BELOW"} the ${TARGET_SPEEDUP}x target${loadBefore < 1 ? "" : ` (measured with the load above 1, which the target excludes${loadBefore >= cpus().length ? `; at ${loadBefore.toFixed(1)} on ${cpus().length} cores no core was free for a worker, so the threads took turns on busy cores and this compares the load more than the code` : ""})`}. The workers cost`,
      `${((workersCpu / oneCpu - 1) * 100).toFixed(0)}% more CPU time in all: each worker warms up an engine of its own (loads the bundle, compiles the hot`,
      "functions on the engine's background threads, runs its first files unoptimized), which one thread does once, on the second core.",
      "",
      ...HISTORY,
      "",
    ].join("\n");
    process.stdout.write(`${section}\n`);
    if (process.argv.includes("--record")) recordSection(ROOT, HEADING, section);
    if (h > TARGET_MS) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}


main();
