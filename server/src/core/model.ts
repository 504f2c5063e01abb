/**
 * Lowering: from the value tree to the deal model. zod checks the shape (and
 * its issues become diagnostics on the exact node); this module reads each
 * value exactly from its source text and applies the language's rules. Parts
 * that cannot be read are left out, so everything else still computes.
 */
import { isMap, type Node } from "yaml";
import { diagnostic, suggest, type Diagnostic, type Fix, type Span } from "./diagnostics";
import { addMonths, formatDay, parseIsoDate, type DateParse, type Day } from "./dates";
import { Decimal, isKnownCurrency, knownCurrencyCodes, minorUnits, ZERO } from "./money";
import type { z } from "zod";
import { BASES, dealSchema, keysAt } from "./schema";
import { nodeSpan, type Path, type SyntaxTree } from "./syntax";
import { addDuration, optionTimeline } from "./extension";
import {
  isGpuUnit,
  readCount,
  readDuration,
  readMoney,
  readPercent,
  readPower,
  readPrice,
  readQuantity,
  readSignedMoney,
  readSignedPercent,
  type DurationValue,
  type PriceUnit,
  type Read,
} from "./values";

/** Most years a term may span, so that a schedule stays small. */
export const MAX_TERM_YEARS = 100;

export type Basis = (typeof BASES)[number];
export type Interval = "month" | "quarter" | "year" | "once";

export const INTERVAL_MONTHS: Readonly<Record<Interval, number>> = { month: 1, quarter: 3, year: 12, once: 0 };

export interface Provenance {
  readonly basis: Basis;
  readonly source?: string;
  readonly note?: string;
}

export interface TermModel extends Provenance {
  readonly start: Day;
  /** The last day, inclusive. */
  readonly last: Day;
  readonly days: number;
  readonly months?: number;
  readonly keySpan: Span;
  readonly span: Span;
}

/** A unit price: `amount` is the price of one unit; the quantity is the fee's own or the capacity in force. */
export interface PriceModel {
  readonly unit: PriceUnit;
  /** The fee's `quantity`, in the price's unit (MW, kW or GPUs). */
  readonly quantity?: Decimal;
  readonly quantityText?: string;
  readonly quantitySpan?: Span;
}

export interface FeeModel extends Provenance {
  /** Position in the file's `fees` list. */
  readonly index: number;
  readonly id: string;
  readonly label?: string;
  readonly idSpan: Span;
  readonly itemSpan: Span;
  /** Money per period (or once); for a unit-priced fee, the price of one unit. */
  readonly amount: Decimal;
  /** The range of `amount`, or of `price`. */
  readonly amountSpan: Span;
  /** Present when the fee is priced per unit (`price:`) rather than by `amount`. */
  readonly price?: PriceModel;
  readonly every: Interval;
  readonly from: Day;
  readonly until: Day;
  readonly fromExplicit: boolean;
  readonly untilExplicit: boolean;
  readonly escalate?: { readonly rate: Decimal; readonly months: number; readonly every: Exclude<Interval, "once"> };
  readonly credit: boolean;
  readonly paid: "in_advance" | "in_arrears";
}

export interface ClauseModel extends Provenance {
  readonly index: number;
  readonly roles: readonly string[];
  readonly byText: string;
  readonly notice: DurationValue;
  readonly noticeSpan: Span;
  readonly fee: Decimal;
  /** True when the clause writes a `fee` (a scenario's exit then charges it). */
  readonly hasFee: boolean;
  readonly noticeDay: Day;
  readonly notBeforeExplicit: boolean;
  /** The notice window `[noticeDay, windowEnd)`, before it is cut at the term's end. */
  readonly windowEnd: Day;
  readonly itemSpan: Span;
  readonly keySpan: Span;
}

export type ExpectedFigure = "total" | "run_rate" | "peak_month" | "exit_exposure" | "year";

export type Tolerance = { readonly kind: "percent"; readonly rate: Decimal } | { readonly kind: "money"; readonly amount: Decimal };

export interface ExpectationModel {
  readonly figure: ExpectedFigure;
  /** For `year`: the calendar year. For `exit_exposure`: the clause's index. */
  readonly index?: number;
  readonly expected: Decimal;
  readonly tolerance?: Tolerance;
  /** The expected amount's own range (what a fix replaces). */
  readonly valueSpan: Span;
  /** The whole expectation entry, key included, for messages. */
  readonly keySpan: Span;
  readonly label: string;
}

export interface StepModel extends Provenance {
  readonly index: number;
  readonly from: Day;
  readonly megawatts?: Decimal;
  readonly gpus?: Decimal;
  readonly span: Span;
  readonly fromSpan: Span;
}

export interface OptionModel extends Provenance {
  readonly index: number;
  readonly id: string;
  readonly label?: string;
  readonly idSpan: Span;
  readonly itemSpan: Span;
  readonly extend: DurationValue;
  readonly notice: DurationValue;
  readonly noticeSpan: Span;
  readonly roles: readonly string[];
  readonly byText: string;
  readonly exercised: boolean;
  /** The signed change of every charge after the option's L (0 when none). */
  readonly reprice: Decimal;
}

export interface CapacityModel extends Provenance {
  readonly megawatts?: Decimal;
  readonly powerText?: string;
  readonly gpus?: Decimal;
  readonly gpuModel?: string;
  readonly site?: string;
  readonly keySpan: Span;
  readonly powerSpan?: Span;
  readonly gpusSpan?: Span;
  /** Readable steps, in date order. */
  readonly steps: readonly StepModel[];
}

export interface DealModel {
  readonly id?: string;
  readonly idSpan?: Span;
  readonly title?: string;
  readonly currency?: string;
  readonly minor: number;
  readonly parties: Readonly<Record<string, string>>;
  readonly term?: TermModel;
  readonly capacity?: CapacityModel;
  /** The fees that could be read in full, in file order. */
  readonly fees: readonly FeeModel[];
  readonly commitment?: { readonly minimum: Decimal; readonly span: Span; readonly keySpan: Span };
  readonly termination: readonly ClauseModel[];
  /** The options to extend that could be read in full, in file order. */
  readonly options: readonly OptionModel[];
  readonly discountRate?: { readonly rate: Decimal; readonly span: Span };
  readonly expectations: readonly ExpectationModel[];
  readonly notes?: string;
  /** False when a fee or clause could not be read: figures then leave it out. */
  readonly complete: boolean;
  /** The fees that could not be evaluated, in file order: their ids (`#N` for an item without a readable id). */
  readonly excluded: readonly string[];
  /** True when the `fees` list itself could be read (false: no fee at all is evaluated). */
  readonly feesRead: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The plain value at `path` in a value tree, if there is one. */
export function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === "number") v = v[seg];
    else if (isRecord(v)) v = v[String(seg)];
    else return undefined;
  }
  return v;
}

function placeholderFor(kind: string | undefined, key: string): string {
  switch (kind) {
    case "money":
      return "$0";
    case "date":
      return "YYYY-MM-DD";
    case "duration":
      return "90 days";
    case "percentage":
      return "0%";
    default:
      break;
  }
  switch (key) {
    case "dealspec":
      return "1";
    case "currency":
      return "USD";
    case "every":
      return "month";
    case "deal":
    case "portfolio":
    case "id":
      return "new-id";
    default:
      return '""';
  }
}

/** A fix that adds `key: placeholder` at the end of the block mapping at `path`. */
export function insertKeyFix(tree: SyntaxTree, path: Path, key: string, kind: string | undefined, placeholder?: string): Fix | undefined {
  const mapNode = tree.locate(path)?.node;
  const span = nodeSpan(mapNode);
  if (!mapNode || !span || !isMap(mapNode) || mapNode.items.length === 0 || mapNode.flow) return undefined;
  const firstKey = nodeSpan(mapNode.items[0]!.key as Node);
  if (!firstKey) return undefined;
  const text = tree.text;
  const lineStart = text.lastIndexOf("\n", firstKey.start - 1) + 1;
  const indent = " ".repeat(firstKey.start - lineStart);
  let offset = span.end;
  while (offset > 0 && (text[offset - 1] === " " || text[offset - 1] === "\t")) offset--;
  const line = `${indent}${key}: ${placeholder ?? placeholderFor(kind, key)}`;
  const newText = offset === 0 || text[offset - 1] === "\n" ? `${line}\n` : `\n${line}`;
  return { title: `Add \`${key}\``, edits: [{ span: { start: offset, end: offset }, newText }] };
}

/**
 * An unknown key of the mapping at `parent` that reads as a typo of one of
 * `missing` (its did-you-mean is that key), the first in file order: a
 * missing key is then better fixed by renaming it than by adding a second.
 */
export function misspeltKey(tree: SyntaxTree, parent: Path, missing: readonly string[], schema: z.ZodType = dealSchema): { key: string; intended: string; fix: Fix } | undefined {
  const raw = valueAt(tree.root, parent);
  if (!isRecord(raw)) return undefined;
  const known = keysAt(parent, schema).map((k) => k.key);
  for (const key of Object.keys(raw)) {
    if (known.includes(key)) continue;
    const intended = suggest(key, known);
    if (intended === undefined || !missing.includes(intended)) continue;
    return { key, intended, fix: { title: `Rename \`${key}\` to \`${intended}\``, edits: [{ span: tree.keySpanOf([...parent, key]), newText: intended }] } };
  }
  return undefined;
}

/** Turns zod's shape issues into diagnostics on the exact node (deal files by default; portfolios pass their schema). */
export function shapeDiagnostics(tree: SyntaxTree, schema: z.ZodType = dealSchema): Diagnostic[] {
  // `validate` answers yes or no without building zod's output copy of the
  // tree; most analyses are of files whose shape is right, and only the others
  // need `safeParse` for the issues (see bench/RESULTS.md).
  if (schema.validate(tree.root)) return [];
  const result = schema.safeParse(tree.root);
  if (result.success) return [];
  const out: Diagnostic[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.filter((s): s is string | number => typeof s !== "symbol");
    const parent = path.slice(0, -1);
    const last = path[path.length - 1];
    // A required key that is absent is missing, whatever kind of value it takes (a union, an enum, a literal).
    if (issue.code !== "unrecognized_keys" && typeof last === "string" && valueAt(tree.root, path) === undefined && isRecord(valueAt(tree.root, parent))) {
      const info = keysAt(parent, schema).find((k) => k.key === last);
      const typo = misspeltKey(tree, parent, [last], schema);
      const fix = typo?.fix ?? insertKeyFix(tree, parent, last, info?.kind);
      const hint = typo ? ` \`${typo.key}\` looks like a typo for it.` : "";
      out.push(diagnostic("DS200", tree.spanOf(path), `Missing \`${last}\`${info?.description ? `: ${info.description}` : "."}${hint}`, fix ? { fixes: [fix] } : undefined));
      continue;
    }
    switch (issue.code) {
      case "unrecognized_keys": {
        const known = keysAt(path, schema).map((k) => k.key);
        for (const key of issue.keys) {
          const span = tree.keySpanOf([...path, key]);
          const guess = suggest(key, known);
          const where = path.length === 0 ? "at the top level" : `in \`${path.filter((p) => typeof p === "string").join(".")}\``;
          const message = guess
            ? `Unknown key \`${key}\` ${where}: did you mean \`${guess}\`?`
            : `Unknown key \`${key}\` ${where}. Known keys: ${known.map((k) => `\`${k}\``).join(", ")}.`;
          out.push(diagnostic("DS201", span, message, guess ? { fixes: [{ title: `Change to \`${guess}\``, edits: [{ span, newText: guess }] }] } : undefined));
        }
        break;
      }
      case "invalid_type": {
        const value = valueAt(tree.root, path);
        const what = typeof last === "number" ? `Item ${last + 1} of \`${String(path[path.length - 2] ?? "")}\`` : `\`${String(last)}\``;
        const message = value === null ? `${what} has no value. ${issue.message}` : issue.message;
        out.push(diagnostic("DS202", tree.spanOf(path), message));
        break;
      }
      case "invalid_value": {
        const span = tree.spanOf(path);
        if (path.length === 1 && last === "dealspec") {
          out.push(diagnostic("DS206", span, issue.message, { fixes: [{ title: "Change to `dealspec: 1`", edits: [{ span, newText: "1" }] }] }));
          break;
        }
        const value = valueAt(tree.root, path);
        const allowed = issue.values.map(String);
        const guess = typeof value === "string" ? suggest(value, allowed) : undefined;
        out.push(
          diagnostic("DS203", span, guess ? `${issue.message} Did you mean \`${guess}\`?` : issue.message, guess ? { fixes: [{ title: `Change to \`${guess}\``, edits: [{ span, newText: guess }] }] } : undefined),
        );
        break;
      }
      case "too_small":
        out.push(diagnostic(issue.origin === "array" ? "DS204" : "DS202", tree.spanOf(path), issue.message));
        break;
      case "invalid_format": {
        const span = tree.spanOf(path);
        if (path.length === 1 && last === "currency") {
          const value = String(valueAt(tree.root, path) ?? "");
          const upper = value.toUpperCase();
          const fix = isKnownCurrency(upper) ? [{ title: `Change to \`${upper}\``, edits: [{ span, newText: upper }] }] : undefined;
          out.push(diagnostic("DS219", span, issue.message, fix ? { fixes: fix } : undefined));
        } else {
          out.push(diagnostic("DS205", span, issue.message));
        }
        break;
      }
      default:
        out.push(diagnostic("DS202", tree.spanOf(path), issue.message));
    }
  }
  return out;
}

/** The state of lowering one file: its tree and the diagnostics found so far. */
export interface Lowering {
  readonly tree: SyntaxTree;
  readonly diagnostics: Diagnostic[];
  complete: boolean;
}

function text(raw: unknown): string | undefined {
  return typeof raw === "string" ? raw : undefined;
}

/** Reports a failed read on the value at `path`, with its replacement as a fix. */
export function reportRead(l: Lowering, path: Path, r: Extract<Read<unknown>, { ok: false }>): void {
  const span = l.tree.spanOf(path);
  const fixes = r.replacement !== undefined ? [{ title: `Change to \`${r.replacement}\``, edits: [{ span, newText: r.replacement }] }] : undefined;
  l.diagnostics.push(diagnostic(r.code, span, r.message, fixes ? { fixes } : undefined));
}

/** The exact source text of a scalar the schema accepted as string or number. */
export function scalarAt(l: Lowering, path: Path): string | undefined {
  const raw = valueAt(l.tree.root, path);
  if (typeof raw !== "string" && typeof raw !== "number") return undefined;
  // `.inf` and `.nan` are YAML numbers the schema already rejects (DS202): do not read them a second time.
  if (typeof raw === "number" && !Number.isFinite(raw)) return undefined;
  return l.tree.scalarText(path) ?? String(raw);
}

/**
 * DS210 for a date that cannot be read, at `span`: not written YYYY-MM-DD, or
 * not on the calendar; a day past the end of its month (`2027-02-30`) gets
 * the month's last day as a quick fix.
 */
export function dateDiagnostic(tree: SyntaxTree, text: string, span: Span, r: Extract<DateParse, { ok: false }>): Diagnostic {
  if (r.reason === "format") return diagnostic("DS210", span, `\`${text}\` is not a date: write YYYY-MM-DD, such as \`2026-05-01\`.`);
  if (r.lastDay === undefined) return diagnostic("DS210", span, `\`${text}\` is not on the calendar: ${r.detail}.`);
  // A quoted date stays quoted.
  const quote = /^["']/.exec(tree.text.slice(span.start, span.end))?.[0] ?? "";
  return diagnostic("DS210", span, `\`${text}\` is not on the calendar: ${r.detail}. Did you mean its last day, \`${r.lastDay}\`?`, {
    fixes: [{ title: `Change to \`${r.lastDay}\` (the month's last day)`, edits: [{ span, newText: `${quote}${r.lastDay}${quote}` }] }],
  });
}

function readDateAt(l: Lowering, path: Path): Day | undefined {
  const raw = valueAt(l.tree.root, path);
  if (typeof raw !== "string") return undefined;
  const r = parseIsoDate(raw.trim());
  if (r.ok) return r.day;
  l.diagnostics.push(dateDiagnostic(l.tree, raw, l.tree.spanOf(path), r));
  return undefined;
}

export function readMoneyAt(l: Lowering, path: Path, currency: string | undefined, signed = false): Decimal | undefined {
  const t = scalarAt(l, path);
  if (t === undefined) return undefined;
  const r = signed ? readSignedMoney(t, currency) : readMoney(t, currency);
  if (r.ok) return r.value.amount;
  if (r.code === "DS215" && currency !== undefined) {
    const span = l.tree.spanOf(path);
    const m = readMoney(t, undefined);
    const fixes: Fix[] = [];
    if (m.ok && m.value.markerText !== undefined) {
      const markerStart = span.start + l.tree.text.slice(span.start, span.end).indexOf(m.value.markerText);
      fixes.push({
        title: `Change the marker to ${currency}`,
        edits: [{ span: { start: markerStart, end: markerStart + m.value.markerText.length }, newText: m.value.markerText.length === 3 ? currency : (symbolFor(currency) ?? `${currency} `) }],
      });
    }
    l.diagnostics.push(diagnostic("DS215", span, r.message, { fixes }));
    return undefined;
  }
  reportRead(l, path, r);
  return undefined;
}

/**
 * A currency code at `path` (a key or a value), known to ISO 4217. The shape
 * (three capitals) is the schema's to check; an unknown code gets DS219 with a
 * suggestion. `at: "key"` reads the key itself, as in `fx: {EUR: 1.08}`.
 */
export function readCurrencyAt(l: Lowering, path: Path, at: "value" | "key" = "value"): string | undefined {
  const raw = at === "key" ? path[path.length - 1] : valueAt(l.tree.root, path);
  if (typeof raw !== "string" || !/^[A-Z]{3}$/.test(raw)) return undefined;
  if (isKnownCurrency(raw)) return raw;
  const guess = suggest(raw, knownCurrencyCodes());
  const span = at === "key" ? l.tree.keySpanOf(path) : l.tree.spanOf(path);
  l.diagnostics.push(
    diagnostic("DS219", span, `\`${raw}\` is not an ISO 4217 currency code${guess ? `: did you mean \`${guess}\`?` : "."}`, guess ? { fixes: [{ title: `Change to \`${guess}\``, edits: [{ span, newText: guess }] }] } : undefined),
  );
  return undefined;
}

function symbolFor(currency: string): string | undefined {
  return { USD: "$", EUR: "€", GBP: "£", JPY: "¥" }[currency];
}

export function readPercentAt(l: Lowering, path: Path): Decimal | undefined {
  const t = scalarAt(l, path);
  if (t === undefined) return undefined;
  const r = readPercent(t);
  if (!r.ok) {
    reportRead(l, path, r);
    return undefined;
  }
  if (r.value.plainFraction && r.value.rate.gt(1)) {
    const span = l.tree.spanOf(path);
    l.diagnostics.push(
      diagnostic("DS217", span, `\`${t}\` as a plain number is ${r.value.rate.times(100).toString()}%: did you mean \`${t}%\`? Write \`${t}%\` for a percentage, or a fraction such as \`0.03\`.`, {
        fixes: [{ title: `Change to \`${t}%\``, edits: [{ span, newText: `${t}%` }] }],
      }),
    );
  }
  return r.value.rate;
}

function provenance(l: Lowering, path: Path): Provenance {
  const raw = valueAt(l.tree.root, path);
  const rec = isRecord(raw) ? raw : {};
  const b = rec.basis;
  const out: Mutable<Provenance> = { basis: typeof b === "string" && (BASES as readonly string[]).includes(b) ? (b as Basis) : "contract" };
  if (typeof rec.source === "string") out.source = rec.source;
  if (typeof rec.note === "string") out.note = rec.note;
  return out;
}

function lowerTerm(l: Lowering): TermModel | undefined {
  const raw = valueAt(l.tree.root, ["term"]);
  if (!isRecord(raw)) return undefined;
  const keySpan = l.tree.keySpanOf(["term"]);
  const start = readDateAt(l, ["term", "start"]);
  const hasEnd = raw.end !== undefined;
  const hasMonths = raw.months !== undefined;
  if (hasEnd === hasMonths) {
    l.diagnostics.push(
      diagnostic(
        "DS300",
        hasEnd ? l.tree.keySpanOf(["term", "months"]) : keySpan,
        hasEnd ? "Give the term's `end` or its `months`, not both: remove one." : "Give the term's last day with `end: YYYY-MM-DD`, or its length with `months: N`.",
      ),
    );
    return undefined;
  }
  if (start === undefined) return undefined;
  let last: Day | undefined;
  let months: number | undefined;
  if (hasEnd) {
    last = readDateAt(l, ["term", "end"]);
    if (last === undefined) return undefined;
    if (last < start) {
      l.diagnostics.push(diagnostic("DS301", l.tree.spanOf(["term", "end"]), `The term ends (${formatDay(last)}) before it starts (${formatDay(start)}): \`end\` is the last day, on or after \`start\`.`));
      return undefined;
    }
  } else {
    if (typeof raw.months !== "number" || !Number.isInteger(raw.months) || raw.months < 1) return undefined;
    months = raw.months;
    if (months > MAX_TERM_YEARS * 12) {
      l.diagnostics.push(diagnostic("DS311", l.tree.spanOf(["term", "months"]), `A term of ${months} months is longer than ${MAX_TERM_YEARS} years, the most Dealspec schedules.`));
      return undefined;
    }
    last = addMonths(start, months) - 1;
  }
  if (addMonths(start, MAX_TERM_YEARS * 12) <= last) {
    l.diagnostics.push(diagnostic("DS311", l.tree.spanOf(["term", "end"]), `This term is longer than ${MAX_TERM_YEARS} years, the most Dealspec schedules.`));
    return undefined;
  }
  const term: Mutable<TermModel> = { ...provenance(l, ["term"]), start, last, days: last - start + 1, keySpan, span: l.tree.spanOf(["term"]) };
  if (months !== undefined) term.months = months;
  return term;
}

/** Which kinds of capacity the deal gives anywhere (`capacity` or a step), for unit prices without a quantity. */
interface CapacityKinds {
  readonly power: boolean;
  readonly gpus: boolean;
}

/** Reads a fee's `amount`, or its `price` and `quantity`: the amount (or price of one unit) and the price model. */
function lowerAmountOrPrice(l: Lowering, path: Path, raw: Record<string, unknown>, currency: string | undefined, kinds: CapacityKinds): { amount: Decimal; span: Span; price?: PriceModel } | undefined {
  const hasAmount = raw.amount !== undefined;
  const hasPrice = raw.price !== undefined;
  if (raw.quantity !== undefined && !hasPrice) {
    l.diagnostics.push(diagnostic("DS329", l.tree.keySpanOf([...path, "quantity"]), "`quantity` counts the units of a `price`: this fee has no price. Remove `quantity`, or give a `price` such as `$4M per MW-month` instead of `amount`."));
  }
  if (hasAmount && hasPrice) {
    l.diagnostics.push(diagnostic("DS320", l.tree.keySpanOf([...path, "price"]), "A fee has `amount` or `price`, not both: remove one."));
    return undefined;
  }
  if (!hasAmount && !hasPrice) {
    const at = valueAt(l.tree.root, [...path, "id"]) !== undefined ? l.tree.keySpanOf([...path, "id"]) : l.tree.spanOf(path);
    // `amout: $1M`: the amount is there under a misspelt key; renaming it is the fix.
    const typo = misspeltKey(l.tree, path, ["amount", "price"]);
    if (typo) {
      l.diagnostics.push(diagnostic("DS321", at, `This fee has no \`amount\` and no \`price\`: \`${typo.key}\` looks like a typo for \`${typo.intended}\`.`, { fixes: [typo.fix] }));
      return undefined;
    }
    const fix = insertKeyFix(l.tree, path, "amount", "money");
    const priceFix = insertKeyFix(l.tree, path, "price", undefined, "$0 per MW-month");
    l.diagnostics.push(
      diagnostic("DS321", at, "This fee has no `amount` and no `price`: write `amount: $1.25B` (money per period) or `price: $4M per MW-month` (a unit price).", {
        fixes: [fix, priceFix && { ...priceFix, title: "Add `price`" }].filter((f): f is Fix => f !== undefined),
      }),
    );
    return undefined;
  }
  if (hasAmount) {
    const amount = readMoneyAt(l, [...path, "amount"], currency);
    return amount === undefined ? undefined : { amount, span: l.tree.spanOf([...path, "amount"]) };
  }
  const pricePath: Path = [...path, "price"];
  const t = scalarAt(l, pricePath);
  if (t === undefined) return undefined;
  const r = readPrice(t, currency);
  if (!r.ok) {
    reportRead(l, pricePath, r);
    return undefined;
  }
  const span = l.tree.spanOf(pricePath);
  const { unit } = r.value;
  if (raw.every === "once") {
    l.diagnostics.push(diagnostic("DS322", span, "A one-time fee has no periods to price per unit: write its `amount` instead of a `price`."));
    return undefined;
  }
  const price: Mutable<PriceModel> = { unit };
  if (raw.quantity !== undefined) {
    const qt = scalarAt(l, [...path, "quantity"]);
    if (qt === undefined) return undefined;
    const q = readQuantity(qt, unit);
    if (!q.ok) {
      reportRead(l, [...path, "quantity"], q);
      return undefined;
    }
    price.quantity = q.value;
    price.quantityText = qt.trim();
    price.quantitySpan = l.tree.spanOf([...path, "quantity"]);
  } else if (isGpuUnit(unit) ? !kinds.gpus : !kinds.power) {
    const kind = isGpuUnit(unit) ? "`gpus`" : "`power`";
    const example = isGpuUnit(unit) ? "`quantity: 20,000`" : "`quantity: 500 MW`";
    l.diagnostics.push(diagnostic("DS323", span, `A price per ${unit} needs a quantity: give the fee ${example}, or the deal's \`capacity\` a ${kind}.`));
    return undefined;
  }
  return { amount: r.value.amount, span, price };
}

function lowerFee(l: Lowering, i: number, term: TermModel | undefined, currency: string | undefined, ids: Map<string, Span>, kinds: CapacityKinds): FeeModel | undefined {
  const path: Path = ["fees", i];
  const raw = valueAt(l.tree.root, path);
  if (!isRecord(raw)) return undefined;
  const id = typeof raw.id === "string" && /^[a-z0-9_-]+$/.test(raw.id) ? raw.id : undefined;
  const idSpan = l.tree.spanOf([...path, "id"]);
  if (id !== undefined) {
    const first = ids.get(id);
    if (first) {
      l.diagnostics.push(
        diagnostic("DS304", idSpan, `Another fee already has the id \`${id}\`: fee ids are unique within a deal.`, { related: [{ span: first, message: `\`${id}\` is first used here` }] }),
      );
    } else {
      ids.set(id, idSpan);
    }
  }
  const priced = lowerAmountOrPrice(l, path, raw, currency, kinds);
  const every = typeof raw.every === "string" && raw.every in INTERVAL_MONTHS ? (raw.every as Interval) : undefined;
  const fromRaw = raw.from !== undefined ? readDateAt(l, [...path, "from"]) : undefined;
  const untilRaw = raw.until !== undefined ? readDateAt(l, [...path, "until"]) : undefined;
  let escalate: FeeModel["escalate"];
  const esc = raw.escalate;
  let escalateOk = true;
  if (isRecord(esc)) {
    const rate = readPercentAt(l, [...path, "escalate", "rate"]);
    const escEvery = esc.every === undefined ? "year" : typeof esc.every === "string" && ["month", "quarter", "year"].includes(esc.every) ? (esc.every as "month" | "quarter" | "year") : undefined;
    if (rate === undefined || escEvery === undefined) escalateOk = false;
    else escalate = { rate, every: escEvery, months: INTERVAL_MONTHS[escEvery] };
    if (every === "once") l.diagnostics.push(diagnostic("DS312", l.tree.keySpanOf([...path, "escalate"]), "A one-time fee is paid once, so `escalate` has no effect: remove it."));
  } else if (esc !== undefined) {
    escalateOk = false;
  }

  const prov = provenance(l, path);
  if (prov.basis === "assumed" && prov.note === undefined && prov.source === undefined) {
    l.diagnostics.push(
      diagnostic("DS306", l.tree.spanOf([...path, "basis"]), `Fee \`${id ?? i + 1}\` rests on an assumption: add a \`note:\` that says what is assumed and why, or a \`source:\`.`, {
        fixes: insertKeyFix(l.tree, path, "note", undefined) ? [{ ...insertKeyFix(l.tree, path, "note", undefined)!, title: "Add a note on the assumption" }] : undefined,
      }),
    );
  }

  // The window [from, until] must lie inside the term.
  let windowOk = true;
  let from: Day | undefined;
  let until: Day | undefined;
  if (term && every) {
    from = fromRaw ?? (raw.from === undefined ? term.start : undefined);
    if (every === "once") {
      if (raw.until !== undefined) {
        l.diagnostics.push(diagnostic("DS305", l.tree.keySpanOf([...path, "until"]), "A one-time fee is paid on its `from` day and has no `until`: remove `until`."));
        windowOk = false;
      }
      until = from;
    } else {
      until = untilRaw ?? (raw.until === undefined ? term.last : undefined);
    }
    const range = `${formatDay(term.start)} to ${formatDay(term.last)}`;
    if (from !== undefined && (from < term.start || from > term.last)) {
      l.diagnostics.push(diagnostic("DS302", l.tree.spanOf([...path, "from"]), `\`from\` ${formatDay(from)} is outside the term (${range}).`));
      windowOk = false;
    }
    if (until !== undefined && every !== "once" && (until > term.last || until < term.start)) {
      l.diagnostics.push(diagnostic("DS302", l.tree.spanOf([...path, "until"]), `\`until\` ${formatDay(until)} is outside the term (${range}).`));
      windowOk = false;
    }
    // An empty window is reported only when both ends lie in the term: otherwise it follows from the DS302 above.
    if (windowOk && from !== undefined && until !== undefined && until < from && every !== "once") {
      l.diagnostics.push(diagnostic("DS303", l.tree.spanOf([...path, raw.until !== undefined ? "until" : "from"]), `This fee's window is empty: \`until\` (${formatDay(until)}) is before \`from\` (${formatDay(from)}).`));
      windowOk = false;
    }
  }

  if (id === undefined || priced === undefined || every === undefined || from === undefined || until === undefined || !windowOk || !escalateOk) {
    return undefined;
  }
  // Built property by property rather than with `{ ...prov, ... }`: V8 creates
  // object literals with a spread much more slowly (about 2 us each; this adds
  // up on deals with thousands of fees). The key order is the same as before.
  const fee = { basis: prov.basis } as Mutable<FeeModel>;
  if (prov.source !== undefined) fee.source = prov.source;
  if (prov.note !== undefined) fee.note = prov.note;
  fee.index = i;
  fee.id = id;
  fee.idSpan = idSpan;
  fee.itemSpan = l.tree.spanOf(path);
  fee.amount = priced.amount;
  fee.amountSpan = priced.span;
  if (priced.price) fee.price = priced.price;
  fee.every = every;
  fee.from = from;
  fee.until = until;
  fee.fromExplicit = raw.from !== undefined;
  fee.untilExplicit = raw.until !== undefined;
  fee.credit = raw.credit === true;
  fee.paid = raw.paid === "in_arrears" ? "in_arrears" : "in_advance";
  if (typeof raw.label === "string") fee.label = raw.label;
  if (escalate) fee.escalate = escalate;
  return fee;
}

/** Reads `by`: a role, a list of roles, or `either` (DS309 on an unknown role). */
function lowerRoles(l: Lowering, path: Path, roles: readonly string[]): { roles: string[]; byText: string } | undefined {
  const raw = valueAt(l.tree.root, path);
  if (!isRecord(raw)) return undefined;
  let byOk = true;
  const by = raw.by;
  const byList = typeof by === "string" ? [by] : Array.isArray(by) && by.every((b) => typeof b === "string") ? (by as string[]) : undefined;
  if (!byList) byOk = false;
  const resolved: string[] = [];
  byList?.forEach((role, j) => {
    if (role === "either") {
      resolved.push("buyer", "provider");
      return;
    }
    if (!roles.includes(role)) {
      const rolePath: Path = typeof by === "string" ? [...path, "by"] : [...path, "by", j];
      const span = l.tree.spanOf(rolePath);
      const guess = suggest(role, [...roles, "either"]);
      l.diagnostics.push(
        diagnostic("DS309", span, `\`${role}\` is not a party of this deal: write ${[...roles, "either"].map((r) => `\`${r}\``).join(", ")}${guess ? ` (did you mean \`${guess}\`?)` : ""}.`, guess ? { fixes: [{ title: `Change to \`${guess}\``, edits: [{ span, newText: guess }] }] } : undefined),
      );
      byOk = false;
      return;
    }
    resolved.push(role);
  });
  return byOk ? { roles: [...new Set(resolved)], byText: typeof by === "string" ? by : (byList ?? []).join(", ") } : undefined;
}

function readDurationAt(l: Lowering, path: Path): DurationValue | undefined {
  const t = text(valueAt(l.tree.root, path));
  if (t === undefined) return undefined;
  const r = readDuration(t);
  if (r.ok) return r.value;
  reportRead(l, path, r);
  return undefined;
}

function lowerClause(l: Lowering, i: number, term: TermModel | undefined, currency: string | undefined, roles: readonly string[], finalLast: Day | undefined): ClauseModel | undefined {
  const path: Path = ["termination", i];
  const raw = valueAt(l.tree.root, path);
  if (!isRecord(raw)) return undefined;
  const by = lowerRoles(l, path, roles);
  const notice = readDurationAt(l, [...path, "notice"]);
  const fee = raw.fee === undefined ? ZERO : readMoneyAt(l, [...path, "fee"], currency);
  let noticeDay: Day | undefined = term?.start;
  if (raw.not_before !== undefined) {
    noticeDay = readDateAt(l, [...path, "not_before"]);
    if (noticeDay !== undefined && term && (noticeDay < term.start || noticeDay > term.last)) {
      l.diagnostics.push(diagnostic("DS308", l.tree.spanOf([...path, "not_before"]), `\`not_before\` ${formatDay(noticeDay)} is outside the term (${formatDay(term.start)} to ${formatDay(term.last)}).`));
      noticeDay = undefined;
    }
  }
  if (by === undefined || notice === undefined || fee === undefined || noticeDay === undefined || term === undefined) return undefined;
  const windowEnd = addDuration(noticeDay, notice);
  const noticeSpan = l.tree.spanOf([...path, "notice"]);
  const last = finalLast ?? term.last;
  if (windowEnd - 1 > last) {
    l.diagnostics.push(
      diagnostic(
        "DS307",
        noticeSpan,
        `Notice of ${notice.text} given on ${formatDay(noticeDay)} runs to ${formatDay(windowEnd - 1)}, past the term's last day (${formatDay(last)}); exit exposure counts the window up to the term's end only.`,
      ),
    );
  }
  return {
    ...provenance(l, path),
    index: i,
    roles: by.roles,
    byText: by.byText,
    notice,
    noticeSpan,
    fee,
    hasFee: raw.fee !== undefined,
    noticeDay,
    notBeforeExplicit: raw.not_before !== undefined,
    windowEnd,
    itemSpan: l.tree.spanOf(path),
    keySpan: l.tree.keySpanOf(path),
  };
}

/** An expected amount: `$45B`, or `{value: $45B, tolerance: 1%}` (a percentage or money). */
export function readExpectedAmount(
  l: Lowering,
  path: Path,
  currency: string | undefined,
): { readonly expected: Decimal; readonly tolerance?: Tolerance; readonly valuePath: Path } | undefined {
  const v = valueAt(l.tree.root, path);
  const valuePath = isRecord(v) ? [...path, "value"] : path;
  const expected = readMoneyAt(l, valuePath, currency, true);
  if (expected === undefined) return undefined;
  if (!isRecord(v) || v.tolerance === undefined) return { expected, valuePath };
  const t = scalarAt(l, [...path, "tolerance"]);
  if (t === undefined) return undefined;
  if (/%\s*$/.test(t)) {
    const p = readPercent(t);
    if (!p.ok) {
      reportRead(l, [...path, "tolerance"], p);
      return undefined;
    }
    return { expected, valuePath, tolerance: { kind: "percent", rate: p.value.rate } };
  }
  const m = readMoneyAt(l, [...path, "tolerance"], currency);
  return m === undefined ? undefined : { expected, valuePath, tolerance: { kind: "money", amount: m } };
}

/** Reads the expectations at `at` (the deal's `expect`, or a scenario's). */
export function lowerExpectations(l: Lowering, currency: string | undefined, clauses: number, at: Path = ["expect"]): ExpectationModel[] {
  const raw = valueAt(l.tree.root, at);
  if (!isRecord(raw)) return [];
  const out: ExpectationModel[] = [];
  const one = (path: Path, figure: ExpectedFigure, label: string, index?: number) => {
    const read = readExpectedAmount(l, path, currency);
    if (read === undefined) return;
    const { expected, tolerance, valuePath } = read;
    const e: Mutable<ExpectationModel> = { figure, expected, valueSpan: l.tree.spanOf(valuePath), keySpan: l.tree.keySpanOf(path), label };
    if (index !== undefined) e.index = index;
    if (tolerance) e.tolerance = tolerance;
    out.push(e);
  };
  if (raw.total !== undefined) one([...at, "total"], "total", "total");
  if (raw.run_rate !== undefined) one([...at, "run_rate"], "run_rate", "run rate");
  if (raw.peak_month !== undefined) one([...at, "peak_month"], "peak_month", "peak month");
  const ee = raw.exit_exposure;
  if (ee !== undefined) {
    const items: Path[] = Array.isArray(ee) ? ee.map((_, j) => [...at, "exit_exposure", j]) : [[...at, "exit_exposure"]];
    items.forEach((p, j) => {
      if (j >= clauses) {
        l.diagnostics.push(diagnostic("DS402", l.tree.spanOf(p), `There ${clauses === 1 ? "is 1 termination clause" : `are ${clauses} termination clauses`}, so there is no exit exposure number ${j + 1}: remove this value.`));
        return;
      }
      one(p, "exit_exposure", clauses > 1 ? `exit exposure of clause ${j + 1}` : "exit exposure", j);
    });
  }
  const years = raw.year;
  if (isRecord(years)) {
    for (const y of Object.keys(years)) {
      if (!/^[0-9]{4}$/.test(y)) {
        l.diagnostics.push(diagnostic("DS402", l.tree.keySpanOf([...at, "year", y]), `\`${y}\` is not a calendar year: write a year such as \`2027\`.`));
        continue;
      }
      one([...at, "year", y], "year", `${y} payments`, Number(y));
    }
  }
  return out;
}

function lowerCapacity(l: Lowering, term: TermModel | undefined): { capacity?: CapacityModel; stepsOk: boolean } {
  const tree = l.tree;
  const rawCapacity = valueAt(tree.root, ["capacity"]);
  if (!isRecord(rawCapacity)) return { stepsOk: true };
  const capacity: Mutable<CapacityModel> = { ...provenance(l, ["capacity"]), keySpan: tree.keySpanOf(["capacity"]), steps: [] };
  const powerText = scalarAt(l, ["capacity", "power"]);
  if (powerText !== undefined) {
    const r = readPower(powerText);
    if (r.ok) {
      capacity.megawatts = r.value.megawatts;
      capacity.powerText = r.value.text;
      capacity.powerSpan = tree.spanOf(["capacity", "power"]);
    } else reportRead(l, ["capacity", "power"], r);
  }
  const gpuText = scalarAt(l, ["capacity", "gpus"]);
  if (gpuText !== undefined) {
    const r = readCount(gpuText);
    if (r.ok) {
      capacity.gpus = r.value;
      capacity.gpusSpan = tree.spanOf(["capacity", "gpus"]);
    } else reportRead(l, ["capacity", "gpus"], r);
  }
  if (typeof rawCapacity.gpu_model === "string") capacity.gpuModel = rawCapacity.gpu_model;
  if (typeof rawCapacity.site === "string") capacity.site = rawCapacity.site;
  let stepsOk = true;
  const rawSteps = rawCapacity.steps;
  if (Array.isArray(rawSteps)) {
    const steps: StepModel[] = [];
    let previous: StepModel | undefined;
    rawSteps.forEach((rawStep, i) => {
      const path: Path = ["capacity", "steps", i];
      if (!isRecord(rawStep)) {
        stepsOk = false;
        return;
      }
      const from = rawStep.from !== undefined ? readDateAt(l, [...path, "from"]) : undefined;
      const fromSpan = tree.spanOf([...path, "from"]);
      const step: Mutable<StepModel> = { ...provenance(l, path), index: i, from: from ?? 0, span: tree.spanOf(path), fromSpan };
      let ok = from !== undefined;
      if (rawStep.power === undefined && rawStep.gpus === undefined) {
        l.diagnostics.push(diagnostic("DS326", tree.keySpanOf(path), "This step sets nothing: give the `power` or `gpus` in force from its `from` day, or remove the step."));
        ok = false;
      }
      const p = scalarAt(l, [...path, "power"]);
      if (p !== undefined) {
        const r = readPower(p);
        if (r.ok) step.megawatts = r.value.megawatts;
        else {
          reportRead(l, [...path, "power"], r);
          ok = false;
        }
      }
      const g = scalarAt(l, [...path, "gpus"]);
      if (g !== undefined) {
        const r = readCount(g);
        if (r.ok) step.gpus = r.value;
        else {
          reportRead(l, [...path, "gpus"], r);
          ok = false;
        }
      }
      if (from !== undefined && term && (from < term.start || from > term.last)) {
        l.diagnostics.push(diagnostic("DS325", fromSpan, `Step \`from\` ${formatDay(from)} is outside the term (${formatDay(term.start)} to ${formatDay(term.last)}).`));
        ok = false;
      } else if (from !== undefined && previous && from <= previous.from) {
        l.diagnostics.push(
          diagnostic("DS324", fromSpan, `Steps are in date order: this step (${formatDay(from)}) is not after the one before it (${formatDay(previous.from)}).`, {
            related: [{ span: previous.fromSpan, message: "the step before" }],
          }),
        );
        ok = false;
      }
      if (!ok) {
        stepsOk = false;
        return;
      }
      steps.push(step);
      previous = step;
    });
    capacity.steps = steps;
  } else if (rawSteps !== undefined) {
    stepsOk = false;
  }
  return { capacity, stepsOk };
}

function lowerOptions(l: Lowering, term: TermModel | undefined, roles: readonly string[]): OptionModel[] {
  const raw = valueAt(l.tree.root, ["options"]);
  if (!Array.isArray(raw)) return [];
  const out: OptionModel[] = [];
  const ids = new Map<string, Span>();
  raw.forEach((item, i) => {
    const path: Path = ["options", i];
    if (!isRecord(item)) return;
    const id = typeof item.id === "string" && /^[a-z0-9_-]+$/.test(item.id) ? item.id : undefined;
    const idSpan = l.tree.spanOf([...path, "id"]);
    let ok = id !== undefined;
    if (id !== undefined) {
      const first = ids.get(id);
      if (first) {
        l.diagnostics.push(diagnostic("DS327", idSpan, `Another option already has the id \`${id}\`: option ids are unique.`, { related: [{ span: first, message: `\`${id}\` is first used here` }] }));
        ok = false;
      } else ids.set(id, idSpan);
    }
    const by = lowerRoles(l, path, roles);
    const extend = readDurationAt(l, [...path, "extend"]);
    const notice = readDurationAt(l, [...path, "notice"]);
    let reprice = ZERO;
    if (item.reprice !== undefined) {
      const t = scalarAt(l, [...path, "reprice"]);
      // A YAML number is refused whatever its text (`+5`, `0.05`): YAML drops the sign, and a fraction would be ambiguous.
      const r = t === undefined || typeof item.reprice === "number" ? undefined : readSignedPercent(t, "DS233");
      if (r?.ok) reprice = r.value;
      else {
        if (typeof item.reprice === "number" && t !== undefined) {
          l.diagnostics.push(diagnostic("DS233", l.tree.spanOf([...path, "reprice"]), `Write \`reprice\` as text with its sign and \`%\`, such as \`"+5%"\`: YAML reads \`${t}\` as a number and drops its sign.`));
        } else if (r) reportRead(l, [...path, "reprice"], r);
        ok = false;
      }
    }
    if (!ok || by === undefined || extend === undefined || notice === undefined) return;
    const option: Mutable<OptionModel> = {
      ...provenance(l, path),
      index: i,
      id: id!,
      idSpan,
      itemSpan: l.tree.spanOf(path),
      extend,
      notice,
      noticeSpan: l.tree.spanOf([...path, "notice"]),
      roles: by.roles,
      byText: by.byText,
      exercised: item.exercised === true,
      reprice,
    };
    if (typeof item.label === "string") option.label = item.label;
    out.push(option);
  });
  if (term) {
    const { steps } = optionTimeline(term.last, out, out.map((o) => o.exercised));
    steps.forEach((step, i) => {
      if (step.deadline < term.start) {
        const o = out[i]!;
        l.diagnostics.push(
          diagnostic("DS328", o.noticeSpan, `Option \`${o.id}\` must be exercised by ${formatDay(step.deadline)} (${o.notice.text} before ${formatDay(step.lastBefore + 1)}), before the term starts on ${formatDay(term.start)}: shorten the notice.`),
        );
      }
    });
  }
  return out;
}

/** The name a fee that could not be read goes by in `excluded`: its id, or `#N` (1-based). */
function excludedName(root: unknown, i: number): string {
  const id = valueAt(root, ["fees", i, "id"]);
  return typeof id === "string" && id !== "" ? id : `#${i + 1}`;
}

export interface Lowered {
  readonly model: DealModel;
  readonly diagnostics: readonly Diagnostic[];
}

/** Reads a parsed deal file into the model, with every shape and value diagnostic. */
export function lowerDeal(tree: SyntaxTree): Lowered {
  const l: Lowering = { tree, diagnostics: shapeDiagnostics(tree), complete: true };
  const root = tree.root;

  const currency = readCurrencyAt(l, ["currency"]);

  const parties: Record<string, string> = {};
  const rawParties = valueAt(root, ["parties"]);
  if (isRecord(rawParties)) for (const [role, name] of Object.entries(rawParties)) if (typeof name === "string") parties[role] = name;
  const roles = [...new Set(["buyer", "provider", ...Object.keys(parties)])];

  const term = lowerTerm(l);
  const { capacity, stepsOk } = lowerCapacity(l, term);
  const rawSteps = valueAt(root, ["capacity", "steps"]);
  const stepsGive = (key: string) => Array.isArray(rawSteps) && rawSteps.some((st) => isRecord(st) && st[key] !== undefined);
  const kinds: CapacityKinds = { power: capacity?.megawatts !== undefined || stepsGive("power"), gpus: capacity?.gpus !== undefined || stepsGive("gpus") };

  const fees: FeeModel[] = [];
  const excluded: string[] = [];
  const rawFees = valueAt(root, ["fees"]);
  const ids = new Map<string, Span>();
  const feesRead = Array.isArray(rawFees);
  if (Array.isArray(rawFees)) {
    rawFees.forEach((_, i) => {
      const fee = lowerFee(l, i, term, currency, ids, kinds);
      // A unit price on the capacity in force cannot be computed while a step is unreadable.
      if (fee && (stepsOk || fee.price === undefined || fee.price.quantity !== undefined)) fees.push(fee);
      else {
        l.complete = false;
        excluded.push(excludedName(root, i));
      }
    });
  } else {
    l.complete = false;
  }

  const options = lowerOptions(l, term, roles);
  const rawOptions = valueAt(root, ["options"]);
  if (Array.isArray(rawOptions) && options.length < rawOptions.length) l.complete = false;
  const finalLast = term ? optionTimeline(term.last, options, options.map((o) => o.exercised)).last : undefined;

  const termination: ClauseModel[] = [];
  const rawClauses = valueAt(root, ["termination"]);
  if (Array.isArray(rawClauses)) {
    rawClauses.forEach((_, i) => {
      const c = lowerClause(l, i, term, currency, roles, finalLast);
      if (c) termination.push(c);
      else l.complete = false;
    });
  }

  let commitment: DealModel["commitment"];
  if (isRecord(valueAt(root, ["commitment"]))) {
    const minimum = readMoneyAt(l, ["commitment", "minimum"], currency);
    if (minimum !== undefined) commitment = { minimum, span: tree.spanOf(["commitment", "minimum"]), keySpan: tree.keySpanOf(["commitment"]) };
  }

  let discountRate: DealModel["discountRate"];
  if (valueAt(root, ["discount_rate"]) !== undefined) {
    const rate = readPercentAt(l, ["discount_rate"]);
    if (rate !== undefined) discountRate = { rate, span: tree.spanOf(["discount_rate"]) };
  }

  const expectations = lowerExpectations(l, currency, termination.length + (Array.isArray(rawClauses) ? rawClauses.length - termination.length : 0));

  const rawId = valueAt(root, ["deal"]);
  const model: Mutable<DealModel> = {
    minor: currency ? minorUnits(currency) : 2,
    parties,
    fees,
    termination,
    options,
    expectations,
    complete: l.complete,
    excluded,
    feesRead,
  };
  if (typeof rawId === "string") {
    model.id = rawId;
    model.idSpan = tree.spanOf(["deal"]);
  }
  if (typeof valueAt(root, ["title"]) === "string") model.title = valueAt(root, ["title"]) as string;
  if (typeof valueAt(root, ["notes"]) === "string") model.notes = valueAt(root, ["notes"]) as string;
  if (currency) model.currency = currency;
  if (term) model.term = term;
  if (capacity) model.capacity = capacity;
  if (commitment) model.commitment = commitment;
  if (discountRate) model.discountRate = discountRate;
  return { model, diagnostics: l.diagnostics };
}
