/**
 * Lowering: from the value tree to the deal model. zod checks the shape (and
 * its issues become diagnostics on the exact node); this module reads each
 * value exactly from its source text and applies the language's rules. Parts
 * that cannot be read are left out, so everything else still computes.
 */
import { addMonths, formatDay, LAST_DAY, type Day } from "../dates";
import { diagnostic, type Diagnostic, type Span } from "../diagnostics";
import { optionTimeline } from "../extension";
import { minorUnits } from "../money";
import { isRecord, valueAt, type SyntaxTree } from "../syntax";
import { lowerCapacity } from "./capacity";
import { lowerClause, lowerOptions } from "./clauses";
import { lowerExpectations } from "./expectations";
import { checkFeeId, feeId, lowerFee, type CapacityKinds } from "./fees";
import type { LoweringMemo } from "./memo";
import { provenance, readCurrencyAt, readDateAt, readMoneyAt, readPercentAt, type Lowering } from "./readers";
import { shapeDiagnostics } from "./shapeErrors";
import { MAX_TERM_YEARS, type ClauseModel, type DealModel, type FeeModel, type Mutable, type TermModel } from "./types";

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
    if (last > LAST_DAY) {
      l.diagnostics.push(diagnostic("DS330", l.tree.spanOf(["term", "months"]), `A term of ${months} months from ${formatDay(start)} runs past 9999-12-31, the last date Dealspec computes (dates have four-digit years): shorten the term.`));
      return undefined;
    }
  }
  if (addMonths(start, MAX_TERM_YEARS * 12) <= last) {
    l.diagnostics.push(diagnostic("DS311", l.tree.spanOf(["term", "end"]), `This term is longer than ${MAX_TERM_YEARS} years, the most Dealspec schedules.`));
    return undefined;
  }
  const term: Mutable<TermModel> = { ...provenance(l, ["term"]), start, last, days: last - start + 1, keySpan, span: l.tree.spanOf(["term"]) };
  if (months !== undefined) term.months = months;
  return term;
}

/** The name a fee that could not be read goes by in `excluded`: its id, or `#N` (1-based). */
function excludedName(root: unknown, i: number): string {
  const id = valueAt(root, ["fees", i, "id"]);
  return typeof id === "string" && id !== "" ? id : `#${i + 1}`;
}

/** `lowerFee` for the fee `raw` at `i`, from the memo when it was lowered before in the same context. */
function memoFee(l: Lowering, memo: LoweringMemo, raw: Record<string, unknown>, i: number, context: string, term: TermModel | undefined, currency: string | undefined, ids: Map<string, Span>, kinds: CapacityKinds): FeeModel | undefined {
  const start = l.tree.spanOf(["fees", i]).start;
  let kept = memo.fee(raw, context, start, i);
  if (!kept) {
    const own: Lowering = { tree: l.tree, diagnostics: [], complete: true };
    const fee = lowerFee(own, i, term, currency, undefined, kinds);
    memo.keepFee(raw, context, start, fee, own.diagnostics);
    kept = { fee, diagnostics: own.diagnostics };
  }
  const id = feeId(raw);
  if (id !== undefined) checkFeeId(l, id, kept.fee?.idSpan ?? l.tree.spanOf(["fees", i, "id"]), ids);
  for (const d of kept.diagnostics) l.diagnostics.push(d);
  return kept.fee;
}

export interface Lowered {
  readonly model: DealModel;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads a parsed deal file into the model, with every shape and value
 * diagnostic. A `memo` (owned by the caller, as an `AnalysisSession` holds
 * one) reuses the shape check and the lowering of unchanged fees; the result
 * is the same without it.
 */
export function lowerDeal(tree: SyntaxTree, memo?: LoweringMemo): Lowered {
  const l: Lowering = { tree, diagnostics: shapeDiagnostics(tree, undefined, memo), complete: true };
  const root = tree.root;

  const currency = readCurrencyAt(l, ["currency"]);

  const parties: Record<string, string> = Object.create(null) as Record<string, string>;
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
    // What lowering a fee reads beyond its value (but its position and the other fees' ids).
    const context = `${currency ?? ""}|${term ? `${term.start},${term.last}` : ""}|${kinds.power ? "p" : ""}${kinds.gpus ? "g" : ""}`;
    rawFees.forEach((raw: unknown, i) => {
      // A fee without an id is named by its position in its messages: its lowering is kept for that position only.
      const fee = memo && isRecord(raw) ? memoFee(l, memo, raw, i, `${feeId(raw) === undefined ? i : ""}|${context}`, term, currency, ids, kinds) : lowerFee(l, i, term, currency, ids, kinds);
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
