/**
 * Prints, one JSON line per deal, what the engine makes of many generated
 * deals: several sizes, seeds and discount rates, plus broken variants that
 * exercise the diagnostics (unknown keys, bad values, windows outside the
 * term, failed expectations, YAML errors, ...). Run it before and after a
 * performance change and compare the outputs: they must be identical.
 *
 *   node out/bench/figures-check.js > before.jsonl   # ... change, rebuild ...
 *   node out/bench/figures-check.js > after.jsonl && cmp before.jsonl after.jsonl
 *
 * Optional first argument: the number of seeds (default 40). The environment
 * variable DEALSPEC_CORE may name another build of the core to load (for
 * example one compiled from an older commit), so both can be compared in one go.
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import { generateDeal } from "./generate";

type Core = typeof import("../server/src/core");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require(process.env.DEALSPEC_CORE ? path.resolve(process.env.DEALSPEC_CORE) : "../server/src/core") as Core;

const seeds = Number(process.argv[2] ?? "40");
const RATES = ["8%", "6.5%", "0.07", "12.25%", "3.333%"];

/** Edits that break a generated deal in the ways users do. Each applies to the first match. */
const BREAKS: ReadonlyArray<readonly [string, RegExp, string]> = [
  ["unknown fee key", /^ {4}every: month$/m, "    evry: month"],
  ["unknown top-level key", /^notes:/m, "note:"],
  ["bad money suffix", /^( {4}amount: )\S+$/m, "$112.5m"],
  ["exponent money", /^( {4}amount: )\S+$/m, "$11e9"],
  ["negative money", /^( {4}amount: )\S+$/m, "$1-5000"],
  ["money marker", /^( {4}amount: )\S+$/m, "$1EUR 5M"],
  ["missing id", /^ {2}- id: \S+\n {4}/m, "  - "],
  ["duplicate id", /^( {2}- id: )(\S+)([\s\S]*?^ {2}- id: )\S+$/m, "$1$2$3$2"],
  ["bad id", /^( {2}- id: )\S+$/m, "$1Base Fee"],
  ["bad date", /^( {4}from: )\S+$/m, "$12027-02-30"],
  ["date format", /^( {4}from: )\S+$/m, "$1May 2027"],
  ["window outside term", /^( {4}from: )\S+$/m, "$12020-01-01"],
  ["until before from", /^( {4}until: )\S+$/m, "$12026-05-02"],
  ["bad every", /^ {4}every: month$/m, "    every: monthly"],
  ["escalate rate plain number", /rate: [^,}\n]+/m, "rate: 3"],
  ["bad percentage", /rate: [^,}\n]+/m, "rate: three"],
  ["assumed without note", /^fees:\n/m, "fees:\n  - id: assumed-fee\n    amount: $1M\n    every: month\n    basis: assumed\n"],
  ["once with until", /^( {4}every: )month$/m, "$1once\n    until: 2027-01-01"],
  ["missing currency", /^currency: USD\n/m, ""],
  ["unknown currency", /^currency: USD$/m, "currency: USX"],
  ["lower-case currency", /^currency: USD$/m, "currency: usd"],
  ["missing parties", /^parties:\n(?: {2}.*\n)+/m, ""],
  ["term end and months", /^( {2}end: .*)$/m, "$1\n  months: 12"],
  ["term ends before start", /^( {2}end: )\S+$/m, "$12020-01-01"],
  ["bad power", /^( {2}power: ).*$/m, "$11.2 gw"],
  ["bad gpus", /^( {2}gpus: ).*$/m, "$1many"],
  ["unknown role", /^( {2}- by: )\S+$/m, "$1landlord"],
  ["bad notice", /^( {4}notice: ).*$/m, "$190 dayz"],
  ["not_before outside term", /^( {4}notice: .*)$/m, "$1\n    not_before: 2019-01-01"],
  ["failed total", /^( {2}total: ).*$/m, "$11.00"],
  ["failed year", /^( {4}20\d\d: ).*$/m, "$1$5B"],
  ["extra exit exposure", /^( {2}exit_exposure:\n)/m, "$1    - 1\n    - 2\n    - 3\n    - 4\n    - 5\n    - 6\n    - 7\n    - 8\n    - 9\n    - 10\n    - 11\n"],
  ["shortfall", /^( {2}minimum: ).*$/m, "$1$900T"],
  ["wrong type", /^( {4}credit: )true$/m, "$1yes please"],
  ["fees not a list", /^fees:\n/m, "fees: 5\nfeez:\n"],
  ["yaml error", /^( {4}label: .*)$/m, "$1\n   bad: [unclosed"],
  ["duplicate key", /^( {4}every: .*)$/m, "$1\n$1"],
  ["two documents", /$(?![\s\S])/, "---\nextra: 1\n"],
  ["not a mapping", /^[\s\S]*$/, "- just\n- a list\n"],
  ["alias", /^( {2}buyer: )(.*)$/m, "$1&b $2\n  other: *b"],
  ["tab indentation", /^ {4}every: month$/m, "\tevery: month"],
  ["unicode label", /^( {4}label: ).*$/m, "$1Capacité € 😀 block"],
];

function line(name: string, text: string): void {
  const a = core.analyze(text);
  const failed = a.expectations.filter((e) => !e.holds).map((e) => e.expectation.label);
  const codes = a.diagnostics.map((d) => d.code).join(",");
  // Everything the analysis holds beyond the JSON figures (schedule, per-month sums, exposure
  // parts, model, diagnostics with their ranges, messages and fixes), as one digest.
  // A charge's minor units are its amount's (checked here, then left out: JSON has no bigints; an older
  // build of the core, as DEALSPEC_CORE may name, has none).
  for (const f of [a.figures, ...a.scenarios.map((s) => s.figures)]) {
    for (const c of f?.schedule ?? []) {
      if ((c.minorUnits as bigint | undefined) === undefined) continue;
      const units = BigInt(c.amount.times(new core.Decimal(10).pow(f!.minor)).toFixed(0));
      if (c.minorUnits !== units) throw new Error(`${name}: a charge of ${c.amount.toString()} says ${c.minorUnits} minor units`);
    }
  }
  const all = JSON.stringify([a.diagnostics, a.model, a.figures, a.expectations], (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : typeof v === "bigint" ? undefined : v));
  const digest = createHash("sha256").update(all).digest("hex").slice(0, 24);
  process.stdout.write(`${JSON.stringify({ name, codes, failed, digest, figures: core.figuresJson(a) })}\n`);
}

for (let seed = 1; seed <= seeds; seed++) {
  for (const size of [100, 300, 2000]) {
    const rate = RATES[seed % RATES.length]!;
    const text = generateDeal(size, seed).replace(/^discount_rate: .*$/m, `discount_rate: ${rate}`);
    line(`${size} lines, seed ${seed}, rate ${rate}`, text);
  }
}
const base = generateDeal(300, 7);
for (const [name, pattern, replacement] of BREAKS) {
  const text = base.replace(pattern, replacement);
  if (text === base) throw new Error(`the edit "${name}" did not apply`);
  line(name, text);
}
