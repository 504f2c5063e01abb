/**
 * `dealspec lint` over 1,000 deal files, as CI runs it: the built CLI as a
 * process. Process start-up (`dealspec --version`) is measured apart.
 * Target: the whole lint at most 3 s on the project's 2-core machine.
 *
 *   npm run bench:lint               print the results
 *   npm run bench:lint -- --record   also write them into bench/RESULTS.md
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(ROOT, "server", "out", "cli.js");
const FILES = 1000;
const RUNS = 5;
const TARGET_MS = 3000;
const HEADING = "## CLI lint over 1,000 files";
/** Kept in the recorded section, which each --record rewrites. */
const HISTORY = [
  "History: the first measurement took 12,358 ms (best 7,680 ms): three quarters of it was the NPV's",
  "discount factors, one 40-digit fractional power per payment day. They are now built from one",
  "fractional power per deal (`evaluate/npv.ts`, `npvOf`), the same figures to ~35 significant digits.",
  "What remains is mostly YAML parsing (~40%), evaluation (~30%) and lowering (~20%).",
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

function time(args: string[], cwd: string): { ms: number; code: number | null; stderr: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, code: r.status, stderr: r.stderr };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${Math.round(ms).toLocaleString("en-US")} ms`;

function main(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const dir = corpus();
  try {
    const startup = Array.from({ length: RUNS * 2 }, () => time(["--version"], dir).ms);
    const runs: Record<string, number[]> = { human: [], json: [], sarif: [] };
    for (let i = 0; i < RUNS; i++) {
      for (const format of Object.keys(runs)) {
        const r = time(["lint", "--format", format], dir);
        if (r.code !== 0 && r.code !== 1) throw new Error(`lint --format ${format} exited ${r.code}: ${r.stderr}`);
        runs[format]!.push(r.ms);
      }
    }
    const load = loadavg()[0]!.toFixed(1);
    const s = median(startup);
    const h = median(runs.human!);
    const rows = Object.entries(runs).map(([format, xs]) => `| \`dealspec lint --format ${format}\` | ${fmt(median(xs))} | ${fmt(Math.min(...xs))} | ${((median(xs) - s) / FILES).toFixed(2)} ms |`);
    const node = process.version;
    const cpu = cpus()[0]?.model ?? "unknown CPU";
    const section = [
      HEADING,
      "",
      `\`npm run bench:lint\` (bench/lint.bench.ts): the built CLI as a process over ${FILES.toLocaleString("en-US")} deal files`,
      `(the samples and conformance fixtures with distinct ids and amounts, in 10 folders), median of ${RUNS} runs.`,
      `Machine: ${cpus().length} × ${cpu}, Node ${node}; load average ${load} when measured (the machine is shared: the best run`,
      `shows the unloaded cost). Target: at most ${fmt(TARGET_MS)} in all.`,
      "",
      "| what | median | best | per file, start-up excluded |",
      "| --- | ---: | ---: | ---: |",
      `| process start-up (\`dealspec --version\`) | ${fmt(s)} | ${fmt(Math.min(...startup))} | |`,
      ...rows,
      "",
      `Result: ${fmt(h)} in all (median; best ${fmt(Math.min(...runs.human!))}) for the default (human) format, ${h <= TARGET_MS ? "within" : "OVER"} the ${fmt(TARGET_MS)} target.`,
      "",
      ...HISTORY,
      "",
    ].join("\n");
    process.stdout.write(`${section}\n`);
    if (process.argv.includes("--record")) record(section);
    if (h > TARGET_MS) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Replaces this benchmark's section of bench/RESULTS.md (others keep theirs). */
function record(section: string): void {
  const file = path.join(ROOT, "bench", "RESULTS.md");
  const old = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmark results\n\n";
  const start = old.indexOf(HEADING);
  let next: string;
  if (start < 0) next = `${old.trimEnd()}\n\n${section}`;
  else {
    const after = old.indexOf("\n## ", start + HEADING.length);
    next = old.slice(0, start) + section + (after < 0 ? "" : old.slice(after + 1));
  }
  writeFileSync(file, next.endsWith("\n") ? next : `${next}\n`);
}

main();
