/**
 * fast-check generators of valid deal files, built as YAML text so that the
 * whole pipeline (parse, lower, evaluate) runs on them. The seed is fixed for
 * reproducibility; set DEALSPEC_SEED to explore other cases (a failure prints
 * the seed and path to replay it).
 */
import fc from "fast-check";
import { addMonths, Decimal, formatDay, fromYmd, daysInMonth, type Day } from "../../server/src/core";

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

/**
 * Version 1.1 deals: unit prices (with or without `quantity`), capacity
 * steps, options to extend (exercised or not, with reprices) and termination
 * clauses, kept as a structure so that a test can render variants of one
 * deal: an option exercised or not, a clause's `not_before` moved, a unit
 * price written as the equivalent amount.
 */
export type PriceUnitName = "MW-month" | "kW-month" | "GPU-month" | "GPU-hour";

export interface DriverFee {
  readonly id: string;
  readonly every: "month" | "quarter" | "year" | "once";
  /** Money per period as text, for an amount fee. */
  readonly amount?: string;
  /** The price of one unit: its text and exact value. */
  readonly price?: { readonly text: string; readonly value: Decimal; readonly unit: PriceUnitName };
  /** A `quantity` as written, and its value in the price's unit. */
  readonly quantity?: { readonly text: string; readonly value: Decimal };
  readonly from?: Day;
  readonly until?: Day;
  readonly escalate?: string;
  readonly credit: boolean;
  readonly arrears: boolean;
}

export interface DriverOption {
  readonly id: string;
  readonly extend: string;
  readonly notice: string;
  readonly exercised: boolean;
  readonly reprice?: string;
}

export interface DriverClause {
  readonly notice: string;
  readonly notBefore?: Day;
  readonly fee?: string;
}

export interface DriverDeal {
  readonly currency: (typeof CURRENCIES)[number];
  readonly start: Day;
  readonly last: Day;
  readonly useEnd: boolean;
  readonly months: number;
  /** Power in MW and GPUs from the start, with the texts written. */
  readonly power?: { readonly text: string; readonly megawatts: Decimal };
  readonly gpus?: { readonly text: string; readonly count: Decimal };
  readonly steps: readonly { readonly from: Day; readonly power?: string; readonly gpus?: string }[];
  readonly fees: readonly DriverFee[];
  readonly options: readonly DriverOption[];
  readonly clauses: readonly DriverClause[];
  readonly discount?: string;
}

/** Renders a driver deal as a deal file. */
export function renderDriverDeal(d: DriverDeal): string {
  const lines = [
    "dealspec: 1",
    "deal: generated",
    `currency: ${d.currency.code}`,
    "parties: {buyer: A, provider: B}",
    "term:",
    `  start: ${formatDay(d.start)}`,
    d.useEnd ? `  end: ${formatDay(d.last)}` : `  months: ${d.months}`,
  ];
  if (d.power || d.gpus || d.steps.length > 0) {
    lines.push("capacity:");
    if (d.power) lines.push(`  power: ${d.power.text}`);
    if (d.gpus) lines.push(`  gpus: ${d.gpus.text}`);
    if (d.steps.length > 0) {
      lines.push("  steps:");
      for (const s of d.steps) {
        lines.push(`    - from: ${formatDay(s.from)}`);
        if (s.power) lines.push(`      power: ${s.power}`);
        if (s.gpus) lines.push(`      gpus: ${s.gpus}`);
      }
    }
  }
  lines.push("fees:");
  for (const f of d.fees) {
    lines.push(`  - id: ${f.id}`);
    if (f.price) lines.push(`    price: "${f.price.text} per ${f.price.unit}"`);
    else lines.push(`    amount: ${f.amount}`);
    if (f.quantity) lines.push(`    quantity: ${f.quantity.text}`);
    lines.push(`    every: ${f.every}`);
    if (f.from !== undefined) lines.push(`    from: ${formatDay(f.from)}`);
    if (f.until !== undefined) lines.push(`    until: ${formatDay(f.until)}`);
    if (f.escalate) lines.push(`    escalate: ${f.escalate}`);
    if (f.credit) lines.push("    credit: true");
    if (f.arrears) lines.push("    paid: in_arrears");
  }
  if (d.options.length > 0) {
    lines.push("options:");
    for (const o of d.options) {
      lines.push(`  - id: ${o.id}`, `    extend: ${o.extend}`, "    by: buyer", `    notice: ${o.notice}`, `    exercised: ${o.exercised}`);
      if (o.reprice) lines.push(`    reprice: "${o.reprice}"`);
    }
  }
  if (d.clauses.length > 0) {
    lines.push("termination:");
    for (const c of d.clauses) {
      lines.push("  - by: either", `    notice: ${c.notice}`);
      if (c.notBefore !== undefined) lines.push(`    not_before: ${formatDay(c.notBefore)}`);
      if (c.fee) lines.push(`    fee: ${c.fee}`);
    }
  }
  if (d.discount) lines.push(`discount_rate: ${d.discount}`);
  return `${lines.join("\n")}\n`;
}

const POWER_UNITS = [
  { unit: "kW", factor: new Decimal("0.001") },
  { unit: "MW", factor: new Decimal(1) },
  { unit: "GW", factor: new Decimal(1000) },
] as const;

/** A power as text (`1,500 kW`, `0.25 GW`, `300 MW`) and its exact value in MW. */
const power = fc
  .record({ units: fc.integer({ min: 1, max: 4000 }), tenths: fc.integer({ min: 0, max: 9 }), decimal: fc.boolean(), unit: fc.constantFrom(...POWER_UNITS) })
  .map(({ units, tenths, decimal, unit }) => {
    const n = decimal ? `${units}.${tenths}` : String(units);
    const grouped = !decimal && units >= 1000 ? `${Math.floor(units / 1000)},${String(units % 1000).padStart(3, "0")}` : n;
    return { text: `${grouped} ${unit.unit}`, megawatts: new Decimal(n).times(unit.factor) };
  });

const gpuCount = fc.integer({ min: 1, max: 250_000 }).map((n) => ({ text: n >= 1000 && n % 2 === 0 ? n.toLocaleString("en-US") : String(n), count: new Decimal(n) }));

/** A unit price as text (with or without the currency marker) and its exact value. */
const unitPrice = (marker: string) =>
  fc.record({ units: fc.integer({ min: 0, max: 200_000 }), cents: fc.integer({ min: 0, max: 9999 }), decimals: fc.integer({ min: 0, max: 4 }), withMarker: fc.boolean() }).map(({ units, cents, decimals, withMarker }) => {
    const n = decimals === 0 ? String(units) : `${units}.${String(cents).padStart(4, "0").slice(0, decimals)}`;
    return { text: `${withMarker ? marker : ""}${n}`, value: new Decimal(n) };
  });

export interface DriverDealOptions {
  /** No capacity steps: every quantity is constant (default: steps allowed). */
  readonly constantCapacity?: boolean;
  /** Most termination clauses (default 2). */
  readonly maxClauses?: number;
  /** Most months of the written term (default 36). */
  readonly maxMonths?: number;
}

export function driverDealArbitrary(opts: DriverDealOptions = {}): fc.Arbitrary<DriverDeal> {
  const fraction = fc.double({ min: 0, max: 1, noNaN: true });
  return fc
    .record({
      currency: fc.constantFrom(...CURRENCIES),
      start: day,
      months: fc.integer({ min: 1, max: opts.maxMonths ?? 36 }),
      useEnd: fc.boolean(),
      discount: fc.option(percent, { nil: undefined }),
      power: fc.option(power, { nil: undefined }),
      gpus: fc.option(gpuCount, { nil: undefined }),
      steps: fc.array(fc.record({ at: fraction, power: fc.option(power, { nil: undefined }), gpus: fc.option(gpuCount, { nil: undefined }) }), { maxLength: opts.constantCapacity ? 0 : 3 }),
      fees: fc.array(
        fc.record({
          priced: fc.boolean(),
          unit: fc.constantFrom<PriceUnitName>("MW-month", "kW-month", "GPU-month", "GPU-hour"),
          quantity: fc.option(fc.record({ power, gpus: gpuCount }), { nil: undefined, freq: 2 }),
          every: fc.constantFrom("month", "quarter", "year", "once"),
          a: fraction,
          b: fraction,
          explicitFrom: fc.boolean(),
          explicitUntil: fc.boolean(),
          escalate: fc.option(fc.record({ rate: percent, every: fc.constantFrom("month", "quarter", "year") }), { nil: undefined }),
          credit: fc.boolean(),
          arrears: fc.boolean(),
        }),
        { minLength: 1, maxLength: 5 },
      ),
      options: fc.array(
        fc.record({
          extend: fc.oneof(fc.integer({ min: 1, max: 24 }).map((n) => `${n} months`), fc.integer({ min: 1, max: 400 }).map((n) => `${n} days`), fc.constantFrom("1 year", "2 years")),
          notice: fraction,
          noticeInDays: fc.boolean(),
          exercised: fc.boolean(),
          reprice: fc.option(fc.record({ sign: fc.constantFrom("+", "-"), whole: fc.integer({ min: 0, max: 20 }), tenth: fc.integer({ min: 0, max: 9 }) }), { nil: undefined }),
        }),
        { maxLength: 3 },
      ),
      clauses: fc.array(
        fc.record({ count: fc.integer({ min: 1, max: 200 }), unit: fc.constantFrom("days", "months", "year"), at: fc.option(fraction, { nil: undefined }), fee: fc.boolean() }),
        { maxLength: opts.maxClauses ?? 2 },
      ),
    })
    .chain((g) => fc.tuple(fc.array(money(g.currency.marker), { minLength: 6, maxLength: 6 }), fc.array(unitPrice(g.currency.marker), { minLength: 5, maxLength: 5 })).map(([texts, prices]) => ({ ...g, texts, prices })))
    .map((g): DriverDeal => {
      const last: Day = addMonths(g.start, g.months) - 1;
      const days = last - g.start + 1;
      const at = (f: number) => g.start + Math.min(days - 1, Math.floor(f * days));
      // Steps: distinct days in order, each setting something.
      const byDay = new Map<Day, (typeof g.steps)[number]>();
      for (const s of g.steps) if (!byDay.has(at(s.at))) byDay.set(at(s.at), s);
      const steps = [...byDay.entries()].sort((p, q) => p[0] - q[0]).map(([from, s]) => {
        const out: { from: Day; power?: string; gpus?: string } = { from };
        if (s.power) out.power = s.power.text;
        if (s.gpus || !s.power) out.gpus = (s.gpus ?? { text: "1" }).text;
        return out;
      });
      const gives = { power: g.power !== undefined || steps.some((s) => s.power), gpus: g.gpus !== undefined || steps.some((s) => s.gpus) };
      const fees = g.fees.map((f, i): DriverFee => {
        const [x, y] = f.a <= f.b ? [f.a, f.b] : [f.b, f.a];
        const priced = f.priced && f.every !== "once";
        const out: { -readonly [K in keyof DriverFee]: DriverFee[K] } = { id: `fee-${i}`, every: f.every as DriverFee["every"], credit: f.credit, arrears: f.arrears };
        if (priced) {
          const gpu = f.unit === "GPU-month" || f.unit === "GPU-hour";
          out.price = { ...g.prices[i % 5]!, unit: f.unit };
          if (f.quantity || !(gpu ? gives.gpus : gives.power)) {
            const q = f.quantity ?? { power: { text: "1 MW", megawatts: new Decimal(1) }, gpus: { text: "1", count: new Decimal(1) } };
            out.quantity = gpu ? { text: q.gpus.text, value: q.gpus.count } : { text: q.power.text, value: f.unit === "kW-month" ? q.power.megawatts.times(1000) : q.power.megawatts };
          }
        } else out.amount = g.texts[i % 6]!;
        if (f.explicitFrom || f.every === "once") out.from = at(x);
        if (f.explicitUntil && f.every !== "once") out.until = Math.max(at(x), at(y));
        if (f.escalate && f.every !== "once") out.escalate = `{rate: ${f.escalate.rate}, every: ${f.escalate.every}}`;
        return out;
      });
      // A notice no longer than the written term keeps every deadline on or after the start.
      const options = g.options.map((o, i): DriverOption => {
        const notice = o.noticeInDays ? `${Math.max(1, Math.floor(o.notice * days))} days` : g.months > 1 ? `${Math.max(1, Math.floor(o.notice * (g.months - 1)))} months` : "1 day";
        const out: { -readonly [K in keyof DriverOption]: DriverOption[K] } = { id: `option-${i}`, extend: o.extend, notice, exercised: o.exercised };
        if (o.reprice) out.reprice = `${o.reprice.sign}${o.reprice.whole}.${o.reprice.tenth}%`;
        return out;
      });
      const clauses = g.clauses.map((c): DriverClause => {
        const out: { -readonly [K in keyof DriverClause]: DriverClause[K] } = { notice: `${c.count} ${c.unit}` };
        if (c.at !== undefined) out.notBefore = at(c.at);
        if (c.fee) out.fee = g.texts[5]!;
        return out;
      });
      const deal: { -readonly [K in keyof DriverDeal]: DriverDeal[K] } = { currency: g.currency, start: g.start, last, useEnd: g.useEnd, months: g.months, steps, fees, options, clauses };
      if (g.power) deal.power = g.power;
      if (g.gpus) deal.gpus = g.gpus;
      if (g.discount) deal.discount = g.discount;
      return deal;
    });
}
