/**
 * fast-check generators of valid deal files, built as YAML text so that the
 * whole pipeline (parse, lower, evaluate) runs on them. The seed is fixed for
 * reproducibility; set DEALSPEC_SEED to explore other cases (a failure prints
 * the seed and path to replay it).
 */
import fc from "fast-check";
import { addMonths, formatDay, fromYmd, daysInMonth, type Day } from "../../server/src/core";

/** A small deal that analyzes clean: the base that tests mutate to provoke one diagnostic. */
export const SMALL_DEAL = `dealspec: 1
deal: small
currency: USD
parties: {buyer: A, provider: B}
term: {start: 2027-01-01, months: 12}
fees:
  - id: base
    amount: $1M
    every: month
`;

export const SEED = process.env.DEALSPEC_SEED !== undefined ? Number(process.env.DEALSPEC_SEED) : 20260520;

/** Runs per property; DEALSPEC_RUNS raises it for a longer search. */
export function runs(base: number): number {
  const n = Number(process.env.DEALSPEC_RUNS);
  return Number.isFinite(n) && n > 0 ? n : base;
}

export const CURRENCIES = [
  { code: "USD", marker: "$", minor: 2 },
  { code: "EUR", marker: "€", minor: 2 },
  { code: "JPY", marker: "¥", minor: 0 },
  { code: "KWD", marker: "KWD ", minor: 3 },
  { code: "GBP", marker: "£", minor: 2 },
] as const;

const day = fc
  .record({ year: fc.integer({ min: 2000, max: 2060 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ year, month, day: d }) => fromYmd(year, month, Math.min(d, daysInMonth(year, month))));

/** Money as source text: digits with up to four decimals, optional scale suffix and marker. */
const money = (marker: string) =>
  fc
    .record({
      units: fc.integer({ min: 0, max: 5_000_000 }),
      frac: fc.integer({ min: 0, max: 9999 }),
      decimals: fc.integer({ min: 0, max: 4 }),
      suffix: fc.constantFrom("", "", "k", "M"),
      withMarker: fc.boolean(),
    })
    .map(({ units, frac, decimals, suffix, withMarker }) => {
      const f = decimals === 0 ? "" : `.${String(frac).padStart(4, "0").slice(0, decimals)}`;
      return `"${withMarker ? marker : ""}${units}${f}${suffix}"`;
    });

const percent = fc.record({ whole: fc.integer({ min: 0, max: 12 }), tenth: fc.integer({ min: 0, max: 9 }) }).map(({ whole, tenth }) => `${whole}.${tenth}%`);

export interface GeneratedDeal {
  readonly text: string;
  readonly minor: number;
  readonly fees: number;
}

export function dealArbitrary(): fc.Arbitrary<GeneratedDeal> {
  return fc
    .record({
      currency: fc.constantFrom(...CURRENCIES),
      start: day,
      months: fc.integer({ min: 1, max: 72 }),
      useEnd: fc.boolean(),
      discount: fc.option(percent, { nil: undefined }),
      seeds: fc.array(
        fc.record({
          every: fc.constantFrom("month", "quarter", "year", "once"),
          a: fc.double({ min: 0, max: 1, noNaN: true }),
          b: fc.double({ min: 0, max: 1, noNaN: true }),
          explicitFrom: fc.boolean(),
          explicitUntil: fc.boolean(),
          escalate: fc.option(fc.record({ rate: percent, every: fc.constantFrom("month", "quarter", "year", undefined) }), { nil: undefined }),
          credit: fc.boolean(),
          arrears: fc.boolean(),
          basis: fc.constantFrom("contract", "reported", "assumed", undefined),
          amount: fc.integer({ min: 0, max: 4 }),
        }),
        { minLength: 1, maxLength: 6 },
      ),
      clauses: fc.array(
        fc.record({ count: fc.integer({ min: 0, max: 400 }), unit: fc.constantFrom("days", "months", "year", "day"), at: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }), fee: fc.boolean() }),
        { maxLength: 3 },
      ),
    })
    .chain((g) => fc.array(money(g.currency.marker), { minLength: 6, maxLength: 6 }).map((texts) => ({ ...g, texts })))
    .map((g) => {
      const last: Day = addMonths(g.start, g.months) - 1;
      const days = last - g.start + 1;
      const at = (f: number) => g.start + Math.min(days - 1, Math.floor(f * days));
      const lines = [
        "dealspec: 1",
        "deal: generated",
        `currency: ${g.currency.code}`,
        "parties: {buyer: A, provider: B}",
        "term:",
        `  start: ${formatDay(g.start)}`,
        g.useEnd ? `  end: ${formatDay(last)}` : `  months: ${g.months}`,
        "fees:",
      ];
      g.seeds.forEach((f, i) => {
        const [x, y] = f.a <= f.b ? [f.a, f.b] : [f.b, f.a];
        lines.push(`  - id: fee-${i}`, `    amount: ${g.texts[f.amount]}`, `    every: ${f.every}`);
        if (f.explicitFrom || f.every === "once") lines.push(`    from: ${formatDay(at(x))}`);
        if (f.explicitUntil && f.every !== "once") lines.push(`    until: ${formatDay(at(y) < at(x) ? at(x) : at(y))}`);
        if (f.escalate && f.every !== "once") lines.push(`    escalate: {rate: ${f.escalate.rate}${f.escalate.every ? `, every: ${f.escalate.every}` : ""}}`);
        if (f.credit) lines.push("    credit: true");
        if (f.arrears) lines.push("    paid: in_arrears");
        if (f.basis) lines.push(`    basis: ${f.basis}`);
        if (f.basis === "assumed") lines.push("    note: Generated assumption.");
      });
      if (g.clauses.length > 0) {
        lines.push("termination:");
        g.clauses.forEach((c, i) => {
          lines.push(`  - by: ${["buyer", "provider", "either"][i % 3]}`, `    notice: ${c.count} ${c.unit}`);
          if (c.at !== undefined) lines.push(`    not_before: ${formatDay(at(c.at))}`);
          if (c.fee) lines.push(`    fee: ${g.texts[5]}`);
        });
      }
      if (g.discount) lines.push(`discount_rate: ${g.discount}`);
      return { text: `${lines.join("\n")}\n`, minor: g.currency.minor, fees: g.seeds.length };
    });
}
