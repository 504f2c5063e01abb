/**
 * A deterministic generator of realistic deal files for the benchmarks.
 *
 * `generateDeal(lines)` writes a deal file of about `lines` lines holding what
 * a large real term sheet holds: many fees (monthly capacity blocks spanning a
 * few years, quarterly and yearly fees, one-time fees, credits) with labels,
 * notes, sources, bases, escalations, windows and arrears payment; several
 * termination clauses; a commitment, a discount rate, and a full `expect`
 * block. The same arguments always give the same text (a seeded PRNG, no
 * clock).
 *
 * The expectations are the engine's own figures for the file (computed on the
 * file without its `expect` block, then written in), so a generated file is
 * clean: analysis runs every stage, expectations included.
 *
 * Run directly to write a file: `node out/bench/generate.js 2000 > big.deal.yaml`.
 */
import { analyze, figuresJson, formatDay, fromYmd, addMonths, type Day } from "../server/src/core";

/** mulberry32: a small, fast, seeded PRNG (deterministic across platforms). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Rng {
  float(): number;
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

function rng(seed: number): Rng {
  const next = prng(seed);
  const r: Rng = {
    float: next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
  return r;
}

const SITES = ["Memphis, TN", "Abilene, TX", "New Albany, OH", "Council Bluffs, IA", "Quincy, WA", "Dublin, IE", "Querétaro, MX", "Mount Pleasant, WI"];
const GPUS = ["NVIDIA GB200", "NVIDIA GB300", "NVIDIA H200", "AMD MI355X", "Google TPU v7"];
const SOURCES = [
  "Master Services Agreement, Schedule B (pricing)",
  "Order Form No. {n}, section 3 (fees)",
  "SpaceX S-1, as reported 2026-05-20",
  "https://example.com/filings/8-k-2026-05-06#exhibit-10-{n}",
  "Amendment No. {n} to the capacity agreement",
  "Board deck, 2026-04 (\"capacity plan\")",
];
/** Notes by kind of fee, as a deal team writes them. */
const NOTES: Readonly<Record<string, readonly string[]>> = {
  capacity: [
    "Reduced rate during the ramp-up of the block; the exact amount was not disclosed and is modelled here.",
    "Assumed to track the list price less the volume discount of the framework agreement.",
  ],
  power: ["Pass-through of the utility tariff, escalated with the regional index; estimate from the 2025 average."],
  support: ["Support tier “Premium”; price per the 2026 catalogue (Müller & Co. audit)."],
  license: ["Renewed yearly; the seat count is the planned one, priced at the 2026 list price."],
  network: ["Network transit and cross-connects, billed after the fact at the committed rate."],
  setup: ["Commissioning of the hall, invoiced on acceptance; the acceptance date is the planned one."],
  credit: ["Credit for missed availability targets (99.9% monthly); modelled at the historical average."],
};

/** Money written in the forms users write: `$12.5M`, `USD 625k`, `1,250,000`, `2_500_000.50`, `125000`. */
function moneyText(r: Rng, dollars: number): string {
  const style = r.int(0, 5);
  if (style === 0 && dollars >= 1e6) return `$${trim(dollars / 1e6)}M`;
  if (style === 1 && dollars >= 1e3) return `USD ${trim(dollars / 1e3)}k`;
  if (style === 2) return group(Math.round(dollars), ",");
  if (style === 3) return `${group(Math.round(dollars), "_")}.${String(r.int(0, 99)).padStart(2, "0")}`;
  if (style === 4 && dollars >= 1e9) return `$${trim(dollars / 1e9)}B`;
  return String(Math.round(dollars));
}

function trim(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

function group(n: number, sep: string): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

function day(d: Day): string {
  return formatDay(d);
}

interface Shape {
  /** Term length in years. */
  readonly years: number;
  readonly clauses: number;
}

function shapeFor(lines: number): Shape {
  if (lines <= 300) return { years: 3, clauses: 1 };
  if (lines <= 5000) return { years: 6, clauses: Math.max(2, Math.round(lines / 500)) };
  return { years: 10, clauses: Math.min(40, Math.round(lines / 1000)) };
}

/** One fee, as the lines of a list item. */
function fee(r: Rng, n: number, start: Day, last: Day, block: number): string[] {
  const out: string[] = [];
  const kind = r.pick(["capacity", "capacity", "capacity", "power", "support", "license", "setup", "credit", "network"] as const);
  const termMonths = Math.round((last - start) / 30.44);
  const monthOffset = r.int(0, Math.max(0, termMonths - 13));
  // From: mostly the first of a month, sometimes a month's end (periods then clamp: 01-31, 02-28, ...).
  let from = addMonths(start, monthOffset);
  if (r.chance(0.15)) from = addMonths(from, 1) - 1;
  if (r.chance(0.1)) from += r.int(1, 20);
  if (from > last) from = last;
  const spanMonths = r.int(12, 60);
  let until: Day | undefined = addMonths(from, spanMonths) - 1;
  if (r.chance(0.2)) until -= r.int(1, 25); // cut short: the last period is prorated
  if (until > last || r.chance(0.2)) until = undefined; // runs to the term's end
  const id = `${kind}-${String(block).padStart(2, "0")}-${String(n).padStart(4, "0")}`;
  const basis = r.pick(["contract", "contract", "contract", "reported", "assumed"] as const);
  const site = r.pick(SITES);
  out.push(`  - id: ${id}`);
  switch (kind) {
    case "capacity":
      out.push(`    label: Capacity block ${block}.${n} (${r.int(2, 40) * 1000} GPUs, ${site})`);
      out.push(`    amount: ${moneyText(r, r.int(5, 400) * 250_000)}`);
      out.push("    every: month");
      break;
    case "power":
      out.push(`    label: Power pass-through, hall ${r.int(1, 12)}`);
      out.push(`    amount: ${moneyText(r, r.int(10, 900) * 10_000)}`);
      out.push("    every: month");
      break;
    case "support":
      out.push(`    label: Support and operations (quarterly)`);
      out.push(`    amount: ${moneyText(r, r.int(1, 200) * 50_000)}`);
      out.push("    every: quarter");
      break;
    case "license":
      out.push(`    label: Software licence, yearly`);
      out.push(`    amount: ${moneyText(r, r.int(1, 100) * 100_000)}`);
      out.push("    every: year");
      break;
    case "network":
      out.push(`    label: "Network: transit and cross-connects"`);
      out.push(`    amount: ${moneyText(r, r.int(1, 400) * 5_000)}`);
      out.push(`    every: ${r.pick(["month", "quarter"])}`);
      out.push("    paid: in_arrears");
      break;
    case "setup":
      out.push(`    label: Commissioning of hall ${r.int(1, 12)}, ${site}`);
      out.push(`    amount: ${moneyText(r, r.int(1, 300) * 100_000)}`);
      out.push("    every: once");
      out.push(`    from: ${day(from)}`);
      break;
    case "credit":
      out.push(`    label: Availability credit (SLA)`);
      out.push(`    amount: ${moneyText(r, r.int(1, 200) * 10_000)}`);
      out.push(`    every: ${r.pick(["month", "quarter", "once"])}`);
      out.push("    credit: true");
      if (out[out.length - 2] === "    every: once") out.push(`    from: ${day(from)}`);
      break;
  }
  const recurring = !out.includes("    every: once");
  if (recurring) {
    out.push(`    from: ${day(from)}`);
    if (until !== undefined) out.push(`    until: ${day(until)}`);
    if (kind !== "credit" && r.chance(0.45)) {
      const every = r.pick(["year", "year", "year", "quarter", "month"]);
      const rate = every === "year" ? r.pick(["3%", "2.5%", "4 %", "0.035", "5%"]) : every === "quarter" ? r.pick(["0.75%", "1%"]) : "0.25%";
      out.push(r.chance(0.5) ? `    escalate: {rate: ${rate}, every: ${every}}` : `    escalate:\n      rate: ${rate}\n      every: ${every}`);
    }
    if (kind !== "network" && r.chance(0.15)) out.push("    paid: in_arrears");
  }
  if (basis !== "contract" || r.chance(0.3)) out.push(`    basis: ${basis}`);
  if (basis === "assumed" || r.chance(0.5)) {
    const note = r.pick(NOTES[kind]!);
    if (r.chance(0.5)) out.push(`    note: ${note}`);
    else out.push("    note: >-", ...wrap(note, 6));
  }
  if (basis !== "assumed" || r.chance(0.5)) out.push(`    source: ${JSON.stringify(r.pick(SOURCES).replace("{n}", String(r.int(1, 99))))}`);
  return out.join("\n").split("\n");
}

/** Folded-scalar lines, wrapped at about 60 characters. */
function wrap(text: string, indent: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + word.length > 60) {
      out.push(" ".repeat(indent) + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(" ".repeat(indent) + line);
  return out;
}

function clause(r: Rng, i: number, start: Day, last: Day): string[] {
  const out = [`  - by: ${r.pick(["either", "buyer", "provider", "[buyer, guarantor]"])}`];
  out.push(`    notice: ${r.pick(["90 days", "180 days", "6 months", "1 year", "30 days"])}`);
  if (r.chance(0.6)) out.push(`    fee: ${moneyText(r, r.int(1, 100) * 1_000_000)}`);
  if (i > 0 || r.chance(0.3)) {
    const months = Math.round((last - start) / 30.44);
    out.push(`    not_before: ${day(addMonths(start, r.int(0, Math.max(0, months - 14))))}`);
  }
  out.push(`    basis: ${r.pick(["contract", "reported"])}`);
  out.push(`    source: ${JSON.stringify(`Master Services Agreement, section 14.${i + 1} (termination for convenience)`)}`);
  return out;
}

/**
 * What `generateDeal` adds to a deal for the scenario benchmark (the language's
 * version 1.1): capacity steps, two unit-priced fees, `options` to extend with
 * reprices, `clauses` termination clauses of its own (instead of the size's
 * random ones) and `scenarios` (up to 10, a mix of every change: `set`,
 * `change`, `shift` of a fee, of the capacity and of the term, `exercise` and
 * `exit`), each with its own `expect` block. The fees are the same whatever the
 * counts (the additions draw from a PRNG of their own), so a deal generated
 * with `{clauses: 0, scenarios: 0}` is the same deal without them.
 */
export interface DealExtras {
  readonly clauses: number;
  readonly options: number;
  readonly scenarios: number;
}

/**
 * The benchmarks' edit of a generated deal, as an editor sends it: version `n`
 * of `text` with one fee's amount in its second half changed (its last digit
 * made n mod 10) and a comment carrying n, so that every version is new text.
 */
export function editedAmount(text: string): (n: number) => string {
  const item = text.indexOf("\n  - id: ", Math.floor(text.length / 2));
  const at = text.indexOf("amount: ", item) + "amount: ".length;
  const end = text.indexOf("\n", at);
  return (n) => `${text.slice(0, at)}${text.slice(at, end).replace(/\d(?=\D*$)/, String(n % 10))} # edit ${n}${text.slice(end)}`;
}

/**
 * Where an editor bench types over a digit: the first digit of the first fee
 * amount in the second half of `text` (line and character, 0-based, as LSP
 * positions count them for ASCII text), its range, and a digit other than the
 * one written (typed over it, a real edit that changes the figures).
 */
export function amountDigit(text: string): { readonly line: number; readonly character: number; readonly range: { start: { line: number; character: number }; end: { line: number; character: number } }; readonly other: string } {
  const rows = text.split("\n");
  const line = rows.findIndex((l, i) => i >= rows.length / 2 && /^ {4}amount: \$?[1-9]/.test(l));
  if (line < 0) throw new Error(`no amount in the second half of the ${rows.length}-line deal`);
  const character = rows[line]!.search(/[1-9]/);
  return { line, character, range: { start: { line, character }, end: { line, character: character + 1 } }, other: rows[line]![character] === "9" ? "8" : "9" };
}

/** Lines budgeted for the additions, whatever their counts, so that the fees stay the same. */
const EXTRAS_LINES = 160;

/**
 * A deal file of about `lines` lines (within a fee's length), the same for the
 * same arguments. Without `extras`, the same text as always.
 */
export function generateDeal(lines: number, seed = 20260520, extras?: DealExtras): string {
  if (extras) return generateWithExtras(lines, seed, extras);
  const r = rng(seed ^ lines);
  const shape = shapeFor(lines);
  const start = fromYmd(2026, 5, 1);
  const last = addMonths(start, shape.years * 12) - 1;
  const head = headLines(r, lines, start, last);
  const clauses: string[] = ["termination:"];
  for (let i = 0; i < shape.clauses; i++) clauses.push(...clause(r, i, start, last));
  const tail = [
    "notes: >-",
    ...wrap("Generated for benchmarks. Figures are the engine's own, written back as expectations so that the file is clean.", 2),
  ];
  // The expect block: total, run rate, peak month, one exit exposure per clause, one line per year.
  const expectLines = 5 + shape.clauses + 1 + shape.years + 1;
  const fees: string[] = [];
  const budget = lines - head.length - clauses.length - tail.length - expectLines;
  for (let n = 1, block = 1; fees.length < budget; n++) {
    if (n % 25 === 1) {
      block = Math.ceil(n / 25);
      fees.push(`  # Schedule B, part ${block}`);
    }
    fees.push(...fee(r, n, start, last, block));
  }
  const draft = [...head, ...fees, ...clauses, ...tail].join("\n") + "\n";
  return draft + expectBlock(draft);
}

/** The head of a generated deal, to `fees:` (`steps`: capacity steps after `capacity`). */
function headLines(r: Rng, lines: number, start: Day, last: Day, steps: readonly string[] = []): string[] {
  return [
    "# Generated by bench/generate.ts: a large compute-capacity term sheet.",
    "# Deterministic: the same size and seed always give the same file.",
    "dealspec: 1",
    `deal: bench-${lines}`,
    `title: Multi-site compute capacity (${lines} lines)`,
    "currency: USD",
    "parties:",
    "  buyer: Anthropic",
    "  provider: SpaceX",
    "  guarantor: SpaceX Holdings, Inc.",
    "term:",
    `  start: ${day(start)}`,
    `  end: ${day(last)}`,
    "  basis: reported",
    '  source: SpaceX S-1, as reported 2026-05-20 ("payments through May 2029")',
    "capacity:",
    "  power: 1.2 GW",
    `  gpus: ${group(r.int(100, 900) * 1000, ",")}`,
    `  gpu_model: ${r.pick(GPUS)}`,
    `  site: ${r.pick(SITES)}`,
    "  basis: reported",
    "  source: Announcement of 2026-05-06",
    ...steps,
    "commitment:",
    `  minimum: ${lines <= 300 ? "$100M" : "$1B"}`,
    '  source: "Order Form No. 1, section 2"',
    "discount_rate: 8%",
    "fees:",
  ];
}

/** `generateDeal` with the additions of `extras` (see `DealExtras`). */
function generateWithExtras(lines: number, seed: number, extras: DealExtras): string {
  const r = rng(seed ^ lines);
  const x = rng((seed ^ lines ^ 0x5ce7a210) >>> 0);
  const shape = shapeFor(lines);
  const start = fromYmd(2026, 5, 1);
  const last = addMonths(start, shape.years * 12) - 1;
  const steps = [
    "  steps:",
    `    - from: ${day(addMonths(start, 9))}`,
    "      power: 1.5 GW",
    `      gpus: ${group(x.int(100, 300) * 5000, ",")}`,
    `    - from: ${day(addMonths(start, 30))}`,
    "      power: 2 GW",
    "      basis: assumed",
    "      note: Phase 3 of the site, planned.",
  ];
  const head = headLines(r, lines, start, last, steps);
  const tail = ["notes: >-", ...wrap("Generated for benchmarks. Figures are the engine's own, written back as expectations so that the file is clean.", 2)];
  const fees: string[] = [];
  const budget = lines - head.length - tail.length - (5 + shape.years + 1) - EXTRAS_LINES;
  for (let n = 1, block = 1; fees.length < budget; n++) {
    if (n % 25 === 1) {
      block = Math.ceil(n / 25);
      fees.push(`  # Schedule B, part ${block}`);
    }
    fees.push(...fee(r, n, start, last, block));
  }
  // Two unit-priced fees on the capacity in force.
  fees.push(
    "  # Schedule C: priced on the capacity in force",
    "  - id: power-priced",
    "    label: Power, per MW-month of capacity in force",
    `    price: $${x.int(30, 60) * 1000} per MW-month`,
    "    every: month",
    `    from: ${day(start)}`,
    "    escalate: {rate: 3%, every: year}",
    "    basis: contract",
    "  - id: burst-hours",
    "    label: Burst capacity, 2,000 GPUs by the hour",
    `    price: $${x.int(150, 320) / 100} per GPU-hour`,
    "    quantity: 2,000 GPUs",
    "    every: quarter",
    `    from: ${day(addMonths(start, 3))}`,
    `    until: ${day(Math.min(addMonths(start, 39) - 1, last))}`,
    "    basis: assumed",
    "    note: Burst use as planned; billed by the hour at the list price.",
  );
  const ids = fees.filter((l) => l.startsWith("  - id: ")).map((l) => l.slice("  - id: ".length));
  const feeIds = ids.filter((id) => id !== "power-priced" && id !== "burst-hours");
  const options: string[] = [];
  const optionIds = ["extend-1y", "extend-2y", "extend-6m", "extend-3y"].slice(0, Math.min(4, extras.options));
  const extensions = ["12 months", "24 months", "6 months", "36 months"];
  const reprices = ["+5%", "+3%", "-2%", "+4%"];
  if (optionIds.length > 0) options.push("options:");
  optionIds.forEach((id, i) => {
    options.push(`  - id: ${id}`, `    extend: ${extensions[i]}`, `    by: ${i === 1 ? "either" : "buyer"}`, `    notice: ${i === 2 ? "90 days" : "180 days"}`, `    reprice: "${reprices[i]}"`);
    if (i === 0) options.push("    exercised: true", "    basis: reported", '    source: "Order Form No. 1, section 5 (renewal)"');
  });
  const clauses: string[] = [];
  const clauseTexts = [
    ["  - by: either", "    notice: 90 days", "    fee: $250M", "    basis: contract"],
    ["  - by: buyer", "    notice: 6 months", "    fee: $100M", `    not_before: ${day(addMonths(start, 12))}`, "    basis: contract"],
    ["  - by: provider", "    notice: 1 year", `    not_before: ${day(addMonths(start, 24))}`, "    basis: reported"],
  ];
  for (let i = 0; i < Math.min(3, extras.clauses); i++) clauses.push(...clauseTexts[i]!, `    source: ${JSON.stringify(`Master Services Agreement, section 14.${i + 1} (termination for convenience)`)}`);
  if (clauses.length > 0) clauses.unshift("termination:");
  // The scenarios, each a list item without its `expect` (written in once the draft is analyzed).
  const pick = () => feeIds[x.int(0, feeIds.length - 1)]!;
  // Recurring capacity fees, for changes that read a period (an escalation, a shift by days).
  const blocks = feeIds.filter((id) => id.startsWith("capacity-"));
  const late = x.int(0, blocks.length - 2);
  const has = (id: string) => optionIds.includes(id);
  const exercise = optionIds.filter((id) => id !== "extend-1y");
  const all: string[][] = [
    ["  - id: price-up", "    label: Every fee 10% dearer", '    change: {all: "+10%"}'],
    ["  - id: capacity-slip", "    label: The capacity steps three months late", "    shift: {capacity: 3 months}"],
    ["  - id: term-slip", "    label: The whole deal starts six months late", "    shift: {term: 6 months}"],
    ...(exercise.length > 0 ? [["  - id: extended", "    label: Every option exercised", `    exercise: [${exercise.join(", ")}]`]] : []),
    ...(clauses.length > 0 ? [["  - id: exit-early", "    label: Notice under clause 1 after 20 months", `    exit: {on: ${day(addMonths(start, 20) + 14)}, clause: 1}`]] : []),
    [
      "  - id: repriced",
      "    label: Renegotiated terms",
      "    set:",
      "      discount_rate: 10%",
      `      fees.${pick()}.amount: $3.5M`,
      `      fees.${pick()}.escalate: {rate: 2%, every: year}`,
      "      capacity.power: 1.4 GW",
      ...(has("extend-2y") ? ['      options.extend-2y.reprice: "+8%"'] : []),
      ...(clauses.length > 1 ? ["      termination.2.notice: 9 months"] : []),
      `      fees.onboarding: {amount: $40M, every: once, from: ${day(addMonths(start, 2))}}`,
    ],
    ["  - id: assumed-down", "    label: Assumed fees 15% lower, one block 5% dearer", "    change:", '      assumed: "-15%"', `      ${pick()}: "+5%"`],
    ["  - id: fees-late", "    label: Two blocks late", "    shift:", `      ${blocks[late]}: 2 months`, `      ${blocks[late + 1]}: 45 days`],
    [
      "  - id: combined",
      "    label: Dearer, late and extended",
      `    set: {fees.${pick()}: null, discount_rate: 9%}`,
      '    change: {all: "+4%", burst-hours: "-20%"}',
      "    shift: {capacity: 2 months}",
      ...(exercise.length > 0 ? [`    exercise: [${exercise[0]}]`] : []),
    ],
    ...(clauses.length > 2 ? [["  - id: provider-exit", "    label: The provider gives notice after three years", `    exit: {on: ${day(addMonths(start, 36))}, clause: 3}`]] : []),
  ];
  const chosen = all.slice(0, extras.scenarios);
  const scenarioBlock = (expects: readonly (readonly string[])[]) => (chosen.length === 0 ? [] : ["scenarios:", ...chosen.flatMap((s, i) => [...s, ...(expects[i] ?? [])])]);
  const body = [...head, ...fees, ...options, ...clauses, ...tail];
  const draft = `${[...body, ...scenarioBlock([])].join("\n")}\n`;
  const a = analyze(draft);
  const errors = a.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || !a.figures) throw new Error(`generated deal has errors: ${errors.map((e) => `${e.code} ${e.message}`).join("; ")}`);
  const json = figuresJson(a);
  const expects = chosen.map((s) => {
    const f = json.scenarios?.[s[0]!.slice("  - id: ".length)];
    if (!f) throw new Error(`generated scenario has no figures: ${s[0]}`);
    const out = ["    expect:", `      total: ${f.total}`, `      run_rate: {value: ${f.run_rate}, tolerance: 0.1%}`];
    if (f.exit_exposure.length > 0) out.push(`      exit_exposure: [${f.exit_exposure.join(", ")}]`);
    const [year, amount] = Object.entries(f.years)[1] ?? [];
    if (year) out.push(`      year: {${year}: ${amount}}`);
    return out;
  });
  const withoutExpect = `${body.join("\n")}\n`;
  return withoutExpect + expectBlock(draft) + `${scenarioBlock(expects).join("\n")}${chosen.length > 0 ? "\n" : ""}`;
}

/** The `expect` block holding the draft's own figures. */
function expectBlock(draft: string): string {
  const a = analyze(draft);
  const errors = a.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || !a.figures) throw new Error(`generated deal has errors: ${errors.map((e) => `${e.code} ${e.message}`).join("; ")}`);
  const f = figuresJson(a);
  const lines = ["expect:", `  total: ${f.total}`, `  run_rate: ${f.run_rate}`, `  peak_month: {value: ${f.peak_month}, tolerance: 0.5%}`];
  // A deal without termination clauses (the scenario benchmark's) has no exit exposure to expect.
  if (f.exit_exposure.length > 0) lines.push("  exit_exposure:");
  for (const e of f.exit_exposure) lines.push(`    - ${e}`);
  lines.push("  year:");
  for (const [y, v] of Object.entries(f.years)) lines.push(`    ${y}: ${v}`);
  return lines.join("\n") + "\n";
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? "2000");
  process.stdout.write(generateDeal(Number.isFinite(n) && n > 0 ? n : 2000));
}
