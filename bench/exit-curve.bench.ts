/**
 * Benchmark: the exit curve of a deal with about 50,000 charges and 37 months
 * of curve (two termination clauses, 90 days' and 6 months' notice).
 *
 * The engine computes what the schedule has accrued by each day a window
 * starts or ends, in one sweep over the charges in date order (exact integer
 * sums in minor units), and each point is the difference of two accruals.
 * The reference here is what it replaced: for every point, scan every charge
 * of the schedule and count the days inside the window. Both must give the
 * same curve to the cent (checked before timing).
 *
 * Run: `npm run bench:exit-curve` (build, then this file); `--record` writes
 * the section "Exit curve" of bench/RESULTS.md.
 */
import * as path from "node:path";
import { addDuration, analyze, evaluate, formatDay, roundMinor, toYmd, fromYmd, type Charge, type ClauseModel, type Day, Decimal } from "../server/src/core";
import { machine, recordSection, stat, type Stat } from "./stats";

const FEES = 1_390;
const MONTHS = 36;

/** A deal of FEES monthly fees over a 37-month term (2026-01 to 2029-01), each with 36 charges: about 50,000 charges. */
function dealText(): string {
  const lines = [
    "dealspec: 1",
    "deal: exit-curve-bench",
    "currency: USD",
    "parties: {buyer: A, provider: B}",
    "term: {start: 2026-01-01, end: 2029-01-31}",
    "fees:",
  ];
  for (let i = 0; i < FEES; i++) {
    const from = fromYmd(2026, 1, 1 + (i % 28));
    const until = addDuration(from, { count: MONTHS, unit: "months", text: "" }) - 1;
    lines.push(`  - {id: block-${i}, amount: "$${1000 + (i % 97) * 13}.${String(i % 100).padStart(2, "0")}k", every: month, from: ${formatDay(from)}, until: ${formatDay(until)}}`);
  }
  lines.push("termination:", "  - {by: buyer, notice: 90 days}", "  - {by: either, notice: 6 months, fee: $25M}");
  return `${lines.join("\n")}\n`;
}

/** The curve the way it was computed before: every charge scanned for every point. */
function naiveCurve(clause: ClauseModel, schedule: readonly Charge[], last: Day, minor: number): Decimal[] {
  const out: Decimal[] = [];
  const { year, month } = toYmd(clause.noticeDay);
  for (let d = clause.noticeDay, m = year * 12 + month; d <= last; m++) {
    const end = Math.min(addDuration(d, clause.notice), last + 1);
    let sum = clause.fee;
    for (const c of schedule) {
      const inside = Math.min(c.coverEnd, end - 1) - Math.max(c.start, d) + 1;
      if (inside <= 0) continue;
      sum = sum.plus(inside === c.coveredDays ? c.amount : c.amount.times(inside).div(c.coveredDays));
    }
    out.push(roundMinor(sum, minor));
    const y = Math.floor(m / 12);
    d = fromYmd(y, m - y * 12 + 1, 1);
  }
  return out;
}

function time(fn: () => unknown, rounds: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}

function row(s: Stat): string {
  return `| ${s.name} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.n} |`;
}

function main(): void {
  const text = dealText();
  const a = analyze(text);
  const errors = a.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || !a.figures || !a.model) throw new Error(`the benchmark deal has errors: ${errors.slice(0, 3).map((d) => d.message).join("; ")}`);
  const model = a.model;
  const f = a.figures;
  const points = f.exitCurves.map((c) => c.length);
  // The same curve both ways, to the cent.
  model.termination.forEach((clause, i) => {
    const naive = naiveCurve(clause, f.schedule, f.term.last, f.minor);
    const engine = f.exitCurves[i]!.map((p) => p.exposure);
    if (naive.length !== engine.length || naive.some((v, j) => !v.eq(engine[j]!))) throw new Error(`clause ${i + 1}: the engine's curve differs from the scan`);
  });
  // The curves are computed when first read: read them.
  for (let i = 0; i < 3; i++) void evaluate(model).figures!.exitCurves;
  const rounds = Number(process.argv.find((x) => x.startsWith("--rounds="))?.slice(9) ?? 15);
  const withCurves = stat("evaluate: schedule, figures, exit exposures and curves", time(() => evaluate(model).figures!.exitCurves, rounds));
  const without = stat("evaluate without exits (schedule and sums only)", time(() => evaluate(model, { totalsOnly: true }), rounds));
  const naive = stat("the curves by scanning every charge per point (reference)", time(() => model.termination.forEach((c) => naiveCurve(c, f.schedule, f.term.last, f.minor)), Math.max(3, Math.floor(rounds / 3))));
  const curveCost = withCurves.p50 - without.p50;
  const section = [
    "## Exit curve",
    "",
    `What is measured: one deal with ${f.schedule.length.toLocaleString("en-US")} charges (${FEES.toLocaleString("en-US")} monthly fees of ${MONTHS} charges) over ${f.term.days.toLocaleString("en-US")} days, two termination clauses (90 days' and 6 months' notice) and ${points.join(" + ")} curve points. \`evaluate\` computes the schedule, every figure, the exit exposures and the curves; the curves take the difference between the first two rows. The reference scans every charge for every point, as the exposure was computed before the curve existed; both give the same curve to the cent (checked before timing). Times in ms.`,
    "",
    `Machine: ${machine()}.`,
    "",
    "| what | p50 | p95 | runs |",
    "| --- | ---: | ---: | ---: |",
    row(withCurves),
    row(without),
    row(naive),
    "",
    `The curves cost about ${curveCost.toFixed(1)} ms of the evaluation (p50 difference), ${(naive.p50 / Math.max(curveCost, 0.1)).toFixed(0)}x less than scanning every charge per point. How to run: \`npm run bench:exit-curve\` (\`-- --record\` rewrites this section).`,
  ].join("\n");
  console.log(section);
  if (process.argv.includes("--record")) console.error(`recorded in ${recordSection(path.resolve(__dirname, "..", ".."), "## Exit curve", section)}`);
}

main();
