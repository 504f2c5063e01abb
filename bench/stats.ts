/** Shared by the latency benchmarks: percentiles, summary rows and the machine's description. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as v8 from "node:v8";
import * as vm from "node:vm";

export function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export interface Stat {
  readonly name: string;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly n: number;
  readonly target?: number;
}

export function stat(name: string, samples: readonly number[], target?: number): Stat {
  const sorted = [...samples].sort((a, b) => a - b);
  return { name, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1]!, n: sorted.length, ...(target !== undefined ? { target } : {}) };
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} (${os.arch()}), Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" / ")}`;
}

/**
 * Writes `section` (starting with `heading`) into bench/RESULTS.md: in place of
 * the section under the same heading, or at the end; other sections stay as they are.
 * Returns the file's path.
 */
export function recordSection(root: string, heading: string, section: string): string {
  const results = path.join(root, "bench", "RESULTS.md");
  const current = existsSync(results) ? readFileSync(results, "utf8") : "# Benchmark results\n";
  const body = `${section.trimEnd()}\n`;
  const start = current.indexOf(`${heading}\n`);
  let next: string;
  if (start < 0) {
    next = `${current.trimEnd()}\n\n${body}`;
  } else {
    const after = current.indexOf("\n## ", start + heading.length);
    next = current.slice(0, start) + body + (after < 0 ? "" : `\n${current.slice(after + 1)}`);
  }
  writeFileSync(results, next);
  return results;
}

/** V8's `gc()` (a young-generation collection with `{ type: "minor" }`). */
export type Gc = (options?: { type: "minor" | "major" }) => void;

/** V8's `gc()`, when it lets us have it (Node 20 does, through this flag). */
export function gcFunction(): Gc | undefined {
  const g = (globalThis as { gc?: Gc }).gc;
  if (g) return g;
  try {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as Gc;
  } catch {
    return undefined;
  }
}
