/**
 * The npm package as CI installs it: the size of `npm pack`'s tarball, and the
 * time `npm install` of that tarball takes in an empty project (offline, with
 * a cache of its own: no registry is involved, as the package has no
 * dependency), then the first `dealspec --version` from the installed bin.
 *
 *   npm run bench:package               print the results
 *   npm run bench:package -- --record   also write them into bench/RESULTS.md
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import * as path from "node:path";
import { recordSection } from "./stats";

const ROOT = path.resolve(__dirname, "..", "..");
const RUNS = 5;
const HEADING = "## npm package: size and install time";
/** Kept in the recorded section, which each --record rewrites. */
const HISTORY = [
  "Before: `npm pack` gave a 2.7 MB tarball of 392 files (tests, fixtures and benchmarks included) whose",
  "dependencies (the chart library and the language client among them) came to 94 MB in node_modules.",
  "The package now holds the bundled CLI (`dist/cli.js`, every dependency inlined) and declares no",
  "dependency; the VS Code extension is packed apart, as before (`npm run package`).",
];

function npm(args: string[], cwd: string, cache: string): { ms: number; stdout: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync("npm", [...args, "--cache", cache, "--no-audit", "--no-fund", "--no-update-notifier"], { cwd, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`npm ${args.join(" ")} failed: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

/** Bytes of every file below a folder. */
function du(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? du(p) : e.isFile() ? statSync(p).size : 0;
  }
  return total;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${Math.round(ms).toLocaleString("en-US")} ms`;
const kb = (bytes: number) => `${(bytes / 1000).toLocaleString("en-US", { maximumFractionDigits: 1 })} kB`;

function main(): void {
  if (!existsSync(path.join(ROOT, "dist", "cli.js"))) throw new Error("dist/cli.js is missing: run npm run dist");
  const work = mkdtempSync(path.join(tmpdir(), "dealspec-bench-npm-"));
  const cache = path.join(work, "cache");
  try {
    const packed = (JSON.parse(npm(["pack", "--json", "--pack-destination", work], ROOT, cache).stdout) as { filename: string; size: number; unpackedSize: number; entryCount: number }[])[0]!;
    const tarball = path.join(work, packed.filename);
    const installs: number[] = [];
    const starts: number[] = [];
    let installed = 0;
    let modules: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const project = path.join(work, `project-${i}`);
      mkdirSync(project);
      writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "deals", private: true }));
      installs.push(npm(["install", "--offline", tarball], project, cache).ms);
      installed = du(path.join(project, "node_modules"));
      modules = readdirSync(path.join(project, "node_modules")).filter((f) => !f.startsWith("."));
      const start = process.hrtime.bigint();
      const r = spawnSync(path.join(project, "node_modules", ".bin", "dealspec"), ["--version"], { encoding: "utf8" });
      starts.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (r.status !== 0) throw new Error(`dealspec --version failed: ${r.stderr}`);
    }
    const npmVersion = spawnSync("npm", ["--version"], { encoding: "utf8" }).stdout.trim();
    const section = [
      HEADING,
      "",
      `\`npm run bench:package\` (bench/package.bench.ts): \`npm pack\`, then \`npm install --offline\` of the tarball`,
      `into an empty project, ${RUNS} times, each into a new folder (npm's cache warm after the first).`,
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}, npm ${npmVersion}; load average ${loadavg()[0]!.toFixed(1)} when measured.`,
      "",
      "| what | value |",
      "| --- | ---: |",
      `| tarball | ${kb(packed.size)} (${packed.entryCount} files, ${kb(packed.unpackedSize)} unpacked) |`,
      `| node_modules after the install | ${kb(installed)} (${modules.join(", ")}) |`,
      `| \`npm install\` of the tarball | ${fmt(median(installs))} median, ${fmt(Math.min(...installs))} best |`,
      `| first \`dealspec --version\` | ${fmt(median(starts))} median, ${fmt(Math.min(...starts))} best |`,
      "",
      ...HISTORY,
      "",
    ].join("\n");
    process.stdout.write(`${section}\n`);
    if (process.argv.includes("--record")) recordSection(ROOT, HEADING, section);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}


main();
