/**
 * Prints the figures (as JSON, one line per deal) of many generated deals:
 * several sizes, seeds and discount rates. Run it before and after a
 * performance change and compare the outputs: they must be identical.
 *
 *   node out/bench/figures-check.js > before.jsonl   # ... change, rebuild ...
 *   node out/bench/figures-check.js > after.jsonl && cmp before.jsonl after.jsonl
 *
 * Optional first argument: the number of seeds (default 40).
 */
import { createHash } from "node:crypto";
import { analyze, figuresJson } from "../server/src/core";
import { generateDeal } from "./generate";

const seeds = Number(process.argv[2] ?? "40");
const RATES = ["8%", "6.5%", "0.07", "12.25%", "3.333%"];
for (let seed = 1; seed <= seeds; seed++) {
  for (const size of [100, 300, 2000]) {
    const base = generateDeal(size, seed);
    const rate = RATES[seed % RATES.length]!;
    const text = base.replace(/^discount_rate: .*$/m, `discount_rate: ${rate}`);
    const a = analyze(text);
    const failed = a.expectations.filter((e) => !e.holds).map((e) => e.expectation.label);
    const codes = a.diagnostics.map((d) => d.code).join(",");
    // Everything the analysis holds beyond the JSON figures (schedule, per-month sums, exposure
    // parts, model, diagnostics with their ranges and messages), as one digest.
    const all = JSON.stringify([a.diagnostics, a.model, a.figures, a.expectations], (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v));
    const digest = createHash("sha256").update(all).digest("hex").slice(0, 24);
    process.stdout.write(`${JSON.stringify({ size, seed, rate, codes, failed, digest, figures: figuresJson(a) })}\n`);
  }
}
