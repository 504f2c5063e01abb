/**
 * A profiling harness: analyzes one generated deal file repeatedly, for
 * `node --cpu-prof`. Read the profile with bench/cpuprofile-summary.ts.
 *
 *   node --cpu-prof --cpu-prof-dir=.tmp/prof out/bench/profile.js 20000 20
 *   node out/bench/cpuprofile-summary.js .tmp/prof/<file>.cpuprofile
 *
 * `parse` as a third argument profiles `yaml`'s bare parse instead.
 */
import { parseDocument } from "yaml";
import { analyze } from "../server/src/core";
import { generateDeal } from "./generate";

const lines = Number(process.argv[2] ?? "20000");
const runs = Number(process.argv[3] ?? "20");
const text = generateDeal(lines);
const run = process.argv[4] === "parse" ? (t: string) => parseDocument(t) : (t: string) => analyze(t);
const t0 = performance.now();
for (let i = 0; i < runs; i++) run(text);
process.stderr.write(`${runs} runs on ${lines} lines: ${((performance.now() - t0) / runs).toFixed(1)} ms each\n`);
