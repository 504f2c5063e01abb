/**
 * Quick fixes: the repairs the engine attaches to its diagnostics, for the
 * diagnostics that touch a range; and rewrites that keep the figures (a fee's
 * `amount` as a unit `price`, and back).
 */
import type { Analysis } from "../analyze";
import type { Diagnostic, Fix, Span } from "../diagnostics";
import { capacityTimeline } from "../evaluate/timeline";
import { moneyLiteral } from "../literals";
import { INTERVAL_MONTHS } from "../model/types";
import type { Decimal } from "../money";
import { isRecord, type Path } from "../syntax";
import { readMoney } from "../values";
import { spansOverlap } from "./common";
import { feeQuantityTimeline, formatQuantity, quantityText, runsOver } from "./units";

export interface QuickFix {
  readonly diagnostic: Diagnostic;
  /** Further diagnostics the same edits fix (a misspelt key is both unknown and, renamed, the missing one). */
  readonly also?: readonly Diagnostic[];
  readonly fix: Fix;
  /** The first fix of a diagnostic is the one to prefer. */
  readonly preferred: boolean;
}

function sameEdits(a: Fix, b: Fix): boolean {
  return a.edits.length === b.edits.length && a.edits.every((e, i) => e.span.start === b.edits[i]!.span.start && e.span.end === b.edits[i]!.span.end && e.newText === b.edits[i]!.newText);
}

/**
 * For a deal's `Analysis` or a `PortfolioAnalysis`: both carry their
 * diagnostics and fixes. Fixes with the same edits are offered once, for
 * every diagnostic they fix.
 */
export function quickFixes(a: { readonly diagnostics: readonly Diagnostic[] }, range: Span): QuickFix[] {
  const out: { diagnostic: Diagnostic; also?: Diagnostic[]; fix: Fix; preferred: boolean }[] = [];
  for (const d of a.diagnostics) {
    if (!d.fixes || !spansOverlap(d.span, range)) continue;
    d.fixes.forEach((fix, i) => {
      const preferred = i === 0 && d.fixes!.length === 1;
      const same = out.find((q) => sameEdits(q.fix, fix));
      if (!same) {
        out.push({ diagnostic: d, fix, preferred });
        return;
      }
      (same.also ??= []).push(d);
      same.preferred ||= preferred;
    });
  }
  return out;
}

/**
 * A fee written the other way, with the same figures: `amount` as the
 * equivalent `price` per MW-month (or GPU-month) when the capacity of that
 * kind is the same on every day of the fee, and a `price` per MW-month,
 * kW-month or GPU-month on a constant quantity as its `amount`. Offered only
 * when the division is exact (the new money literal reads back as exactly
 * the value), and not for a fee a scenario changes through its id or the
 * capacity (the two forms would then differ there). The cursor must be on
 * the fee's `amount`, `price` or `quantity`.
 */
export function priceRewrites(a: Analysis, range: Span): Fix[] {
  const m = a.model;
  const f = a.figures;
  const term = m?.term;
  if (!m || !f || !term || !m.currency) return [];
  const currency = m.currency;
  const out: Fix[] = [];
  const tree = a.syntax;
  m.fees.forEach((fee, index) => {
    if (fee.every === "once") return;
    const path: Path = ["fees", fee.index];
    const entry = (key: string): Span | undefined => {
      if (!tree.locate([...path, key])) return undefined;
      return { start: tree.keySpanOf([...path, key]).start, end: tree.spanOf([...path, key]).end };
    };
    const amountKey = fee.price ? "price" : "amount";
    const at = entry(amountKey);
    const quantityAt = entry("quantity");
    if (!at || !(spansOverlap(at, range) || (quantityAt !== undefined && spansOverlap(quantityAt, range)))) return;
    if (scenarioChanges(tree.root, fee.id)) return;
    const evaluated = f.feeModels[index] ?? fee;
    const months = INTERVAL_MONTHS[fee.every];
    const keySpan = tree.keySpanOf([...path, amountKey]);
    const valueSpan = tree.spanOf([...path, amountKey]);
    if (!fee.price) {
      for (const [kind, unit, what] of [["megawatts", "MW-month", "MW"], ["gpus", "GPU-month", "GPUs"]] as const) {
        const runs = runsOver(capacityTimeline(m.capacity, term.start, kind), evaluated.from, evaluated.until);
        if (runs.length !== 1 || runs[0]!.value.isZero()) continue;
        const q = runs[0]!.value;
        const price = fee.amount.div(q.times(months));
        if (!price.times(q).times(months).eq(fee.amount)) continue;
        const literal = exactLiteral(price, currency);
        if (literal === undefined) continue;
        out.push({
          title: `Write as a price: ${literal} per ${unit} (× ${formatQuantity(q)} ${what}${months === 1 ? "" : ` × ${months} months`} = ${moneyLiteral(fee.amount, currency)} per ${fee.every})`,
          edits: [
            { span: keySpan, newText: "price" },
            { span: valueSpan, newText: `${literal} per ${unit}` },
          ],
        });
      }
      return;
    }
    if (fee.price.unit === "GPU-hour") return;
    const runs = runsOver(feeQuantityTimeline(fee, m.capacity, term), evaluated.from, evaluated.until);
    if (runs.length !== 1 || runs[0]!.value.isZero()) return;
    const q = runs[0]!.value;
    const amount = fee.amount.times(q).times(months);
    const literal = exactLiteral(amount, currency);
    if (literal === undefined) return;
    const edits: { span: Span; newText: string }[] = [
      { span: keySpan, newText: "amount" },
      { span: valueSpan, newText: literal },
    ];
    if (quantityAt) {
      const line = wholeLine(a.text, quantityAt);
      if (!line) return;
      edits.push({ span: line, newText: "" });
    }
    out.push({ title: `Write as an amount: ${literal} per ${fee.every} (${moneyLiteral(fee.amount, currency)} × ${quantityText(q, fee.price.unit)}${months === 1 ? "" : ` × ${months} months`})`, edits });
  });
  return out;
}

/** The money literal of a value when it reads back as exactly that value, else undefined. */
function exactLiteral(value: Decimal, currency: string): string | undefined {
  const literal = moneyLiteral(value, currency);
  const back = readMoney(literal, currency);
  return back.ok && back.value.amount.eq(value) ? literal : undefined;
}

/** The whole line of an entry alone on its line (with a trailing comment), newline included; undefined when it shares its line. */
function wholeLine(text: string, span: Span): Span | undefined {
  const start = text.lastIndexOf("\n", span.start - 1) + 1;
  if (text.slice(start, span.start).trim() !== "") return undefined;
  const newline = text.indexOf("\n", span.end);
  const end = newline < 0 ? text.length : newline + 1;
  const rest = text.slice(span.end, newline < 0 ? text.length : newline).trim();
  if (rest !== "" && !rest.startsWith("#")) return undefined;
  return { start, end };
}

/** True when a scenario changes the fee or the capacity by path (`set`) or moves them (`shift`). */
function scenarioChanges(root: unknown, id: string): boolean {
  const scenarios = isRecord(root) ? root.scenarios : undefined;
  if (!Array.isArray(scenarios)) return false;
  return scenarios.some((s) => {
    if (!isRecord(s)) return false;
    const set = isRecord(s.set) ? Object.keys(s.set) : [];
    const shift = isRecord(s.shift) ? Object.keys(s.shift) : [];
    return set.some((k) => k === `fees.${id}` || k.startsWith(`fees.${id}.`) || k === "capacity" || k.startsWith("capacity.")) || shift.some((k) => k === id || k === "capacity");
  });
}
