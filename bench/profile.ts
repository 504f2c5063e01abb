/**
 * A profiling harness: analyzes one generated deal file repeatedly, for
 * `node --cpu-prof`. Read the profile with bench/cpuprofile-summary.ts.
 *
 *   node --cpu-prof --cpu-prof-dir=.tmp/prof out/bench/profile.js 20000 20
 *   node out/bench/cpuprofile-summary.js .tmp/prof/<file>.cpuprofile
 *
 * `parse` as a third argument profiles `yaml`'s bare parse instead; `edit`
 * profiles an `AnalysisSession` analysing, each run, the text with one fee's
 * amount changed (the incremental analysis the language server runs);
 * `scenarios` analyzes the scenario benchmark's deal (10 scenarios, 3 exit
 * curves, bench/scenarios.bench.ts) and reads every figure, lazy ones included.
 */
import { parseDocument } from "yaml";
import { analyze, AnalysisSession } from "../server/src/core";
import { editedAmount, generateDeal } from "./generate";
import { readEveryFigure } from "./scenarios.bench";

const lines = Number(process.argv[2] ?? "20000");
const runs = Number(process.argv[3] ?? "20");
const mode = process.argv[4];
const text = mode === "scenarios" ? generateDeal(lines, undefined, { clauses: 3, options: 3, scenarios: 10 }) : generateDeal(lines);

/** An `AnalysisSession` analysing, each run, the text with one fee's amount changed (bench/generate.ts `editedAmount`). */
function editor(): () => unknown {
  const session = new AnalysisSession();
  session.analyze(text);
  const version = editedAmount(text);
  let n = 0;
  return () => session.analyze(version(++n));
}
const run =
  mode === "parse" ? (t: string) => parseDocument(t) : mode === "edit" ? editor() : mode === "scenarios" ? (t: string) => readEveryFigure(analyze(t)) : (t: string) => analyze(t);
const t0 = performance.now();
for (let i = 0; i < runs; i++) run(text);
process.stderr.write(`${runs} runs on ${lines} lines: ${((performance.now() - t0) / runs).toFixed(1)} ms each\n`);
