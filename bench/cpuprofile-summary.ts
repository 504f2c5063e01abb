/**
 * Sums the self time of a V8 `.cpuprofile` per function (and per file), and
 * prints the top entries: `node out/bench/cpuprofile-summary.js FILE [N]`.
 * With `--lines=NAME`, also the sampled lines (of the compiled JS) of the
 * functions called NAME.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
  readonly positionTicks?: ReadonlyArray<{ readonly line: number; readonly ticks: number }>;
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const file = process.argv[2];
if (!file) throw new Error("usage: cpuprofile-summary FILE [TOP]");
const top = Number(process.argv.slice(3).find((a) => !a.startsWith("--")) ?? "40");
const linesOf = process.argv.find((a) => a.startsWith("--lines="))?.slice("--lines=".length);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const shortUrl = (url: string) => url.replace(/^.*\/node_modules\//, "").replace(/^.*\/out\//, "out/").replace(/^file:\/\//, "");
const perFunction = new Map<string, number>();
const perFile = new Map<string, number>();
let total = 0;
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const f = n.callFrame;
  const key = `${f.functionName || "(anonymous)"}  ${shortUrl(f.url)}:${f.lineNumber + 1}`;
  perFunction.set(key, (perFunction.get(key) ?? 0) + us);
  const fileKey = shortUrl(f.url) || f.functionName;
  perFile.set(fileKey, (perFile.get(fileKey) ?? 0) + us);
  total += us;
}

const print = (title: string, m: Map<string, number>) => {
  process.stdout.write(`\n${title} (total ${(total / 1000).toFixed(0)} ms)\n`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}\n`);
  }
};
// Library time charged to the engine's own function that called it: for each
// sample, the nearest frame (itself or a caller) in out/server/src/core.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const perCoreCaller = new Map<string, number>();
for (const [id, us] of selfUs) {
  let cur: number | undefined = id;
  while (cur !== undefined && !byId.get(cur)!.callFrame.url.includes("/server/src/core/")) cur = parent.get(cur);
  const f = cur === undefined ? undefined : byId.get(cur)!.callFrame;
  const key = f ? `${f.functionName || "(anonymous)"}  ${shortUrl(f.url)}:${f.lineNumber + 1}` : "(outside the engine)";
  perCoreCaller.set(key, (perCoreCaller.get(key) ?? 0) + us);
}

print("Self time per file", perFile);
print("Self time per function", perFunction);
print("Time per engine function, library calls included (nearest engine frame)", perCoreCaller);

if (linesOf) {
  const ticks = new Map<string, number>();
  for (const n of profile.nodes) {
    if (n.callFrame.functionName !== linesOf) continue;
    for (const t of n.positionTicks ?? []) {
      const key = `${shortUrl(n.callFrame.url)}:${t.line}`;
      ticks.set(key, (ticks.get(key) ?? 0) + t.ticks);
    }
  }
  process.stdout.write(`\nSampled lines of ${linesOf} (ticks)\n`);
  for (const [k, t] of [...ticks].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${String(t).padStart(7)}  ${k}\n`);
}
