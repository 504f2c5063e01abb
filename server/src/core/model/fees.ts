/** Lowering the `fees` list: each fee's amount or unit price, its window inside the term, and its escalation. */
import { diagnostic, type Fix, type Span } from "../diagnostics";
import { formatDay, type Day } from "../dates";
import type { Decimal } from "../money";
import { isRecord, valueAt, type Path } from "../syntax";
import { isGpuUnit, isId, readPrice, readQuantity } from "../values";
import { insertKeyFix, misspeltKey } from "./quickFixes";
import { provenance, readDateAt, readMoneyAt, readPercentAt, reportRead, scalarAt, type Lowering } from "./readers";
import { INTERVAL_MONTHS, type FeeModel, type Interval, type Mutable, type PriceModel, type TermModel } from "./types";

/** Which kinds of capacity the deal gives anywhere (`capacity` or a step), for unit prices without a quantity. */
export interface CapacityKinds {
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

/** A fee's id, when it is one (lower-case letters, digits, `-` and `_`). */
export function feeId(raw: Record<string, unknown>): string | undefined {
  return isId(raw.id) ? raw.id : undefined;
}

/** DS304 when another fee before this one has its id; `ids` collects the fee ids seen so far. */
export function checkFeeId(l: Lowering, id: string | undefined, idSpan: Span, ids: Map<string, Span>): void {
  if (id === undefined) return;
  const first = ids.get(id);
  if (first) {
    l.diagnostics.push(
      diagnostic("DS304", idSpan, `Another fee already has the id \`${id}\`: fee ids are unique within a deal.`, { related: [{ span: first, message: `\`${id}\` is first used here` }] }),
    );
  } else {
    ids.set(id, idSpan);
  }
}

/**
 * Reads fee `i` whole, or undefined when any part of it cannot be read (its
 * problems are reported); `ids` collects the fee ids seen so far (without it,
 * the caller checks the id: `checkFeeId`).
 */
export function lowerFee(l: Lowering, i: number, term: TermModel | undefined, currency: string | undefined, ids: Map<string, Span> | undefined, kinds: CapacityKinds): FeeModel | undefined {
  const path: Path = ["fees", i];
  const raw = valueAt(l.tree.root, path);
  if (!isRecord(raw)) return undefined;
  const id = feeId(raw);
  const idSpan = l.tree.spanOf([...path, "id"]);
  if (ids) checkFeeId(l, id, idSpan, ids);
  const priced = lowerAmountOrPrice(l, path, raw, currency, kinds);
  const every = typeof raw.every === "string" && Object.hasOwn(INTERVAL_MONTHS, raw.every) ? (raw.every as Interval) : undefined;
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
    // Written only into a message (most fees have none).
    const range = () => `${formatDay(term.start)} to ${formatDay(term.last)}`;
    if (from !== undefined && (from < term.start || from > term.last)) {
      l.diagnostics.push(diagnostic("DS302", l.tree.spanOf([...path, "from"]), `\`from\` ${formatDay(from)} is outside the term (${range()}).`));
      windowOk = false;
    }
    if (until !== undefined && every !== "once" && (until > term.last || until < term.start)) {
      l.diagnostics.push(diagnostic("DS302", l.tree.spanOf([...path, "until"]), `\`until\` ${formatDay(until)} is outside the term (${range()}).`));
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
