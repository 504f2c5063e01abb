/**
 * Small pieces the editor features share: where an offset falls in the
 * syntax tree, and the wording of periods and term lengths. Offsets in,
 * offsets out; nothing here knows LSP.
 */
import { addMonths } from "../dates";
import { groupDigits, type Decimal } from "../money";
import type { Span } from "../diagnostics";
import type { Interval, TermModel } from "../model/types";
import { nodeSpan, type Path, type Segment, type SyntaxTree } from "../syntax";

export function spanContains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

export function spansOverlap(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function childSegments(value: unknown): Segment[] {
  if (Array.isArray(value)) return value.map((_, i) => i);
  if (typeof value === "object" && value !== null) return Object.keys(value);
  return [];
}

export interface Hit {
  /** The path of the key or value under the offset. */
  readonly path: Path;
  readonly part: "key" | "value";
  readonly span: Span;
}

/**
 * The deepest key or value whose source range holds `offset` (ends
 * inclusive, so a cursor just after a word still counts). Descends only into
 * the child that holds the offset, so the cost is the depth times the width.
 */
export function hitAt(tree: SyntaxTree, offset: number): Hit | undefined {
  if (tree.root === undefined || tree.root === null) return undefined;
  let path: Path = [];
  let value: unknown = tree.root;
  let best: Hit | undefined;
  for (;;) {
    let next: { seg: Segment; span: Span } | undefined;
    for (const seg of childSegments(value)) {
      const child = [...path, seg];
      const found = tree.locate(child);
      if (!found) continue;
      const keySpan = nodeSpan(found.key);
      if (keySpan && spanContains(keySpan, offset)) return { path: child, part: "key", span: keySpan };
      const valueSpan = found.node === found.key ? undefined : nodeSpan(found.node);
      if (valueSpan && spanContains(valueSpan, offset)) {
        next = { seg, span: valueSpan };
        break;
      }
    }
    if (!next) return best;
    path = [...path, next.seg];
    value = (value as Record<string, unknown>)[next.seg as string];
    best = { path, part: "value", span: next.span };
  }
}

/** A short count of periods for hints: `35 mo`, `12 q`, `3 yr`, `once`. */
export function periodsShort(every: Interval, periods: number): string {
  switch (every) {
    case "once":
      return "once";
    case "month":
      return `${periods} mo`;
    case "quarter":
      return `${periods} q`;
    case "year":
      return `${periods} yr`;
  }
}

/** Periods in words: `35 monthly periods`, `1 quarterly period`, `a one-time payment`. */
export function periodsLong(every: Interval, periods: number): string {
  if (every === "once") return "a one-time payment";
  const adjective = every === "month" ? "monthly" : every === "quarter" ? "quarterly" : "yearly";
  return `${periods.toLocaleString("en-US")} ${adjective} ${periods === 1 ? "period" : "periods"}`;
}

export interface TermLength {
  /** Whole calendar months from the start (as fee periods count them). */
  readonly months: number;
  /** Days left over after the whole months. */
  readonly days: number;
  readonly totalDays: number;
}

/** The term's length in whole months (anchored on its start, clamped as the language clamps) plus days. */
export function termLength(term: TermModel): TermLength {
  let months = term.months ?? 0;
  if (term.months === undefined) {
    // Whole months m such that start + m months - 1 day is on or before the last day.
    months = Math.max(0, Math.floor((term.days - 1) / 31));
    while (addMonths(term.start, months + 1) - 1 <= term.last) months++;
  }
  const days = term.last - addMonths(term.start, months) + 1;
  return { months, days: Math.max(0, days), totalDays: term.days };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** `37 months`, `36 months and 29 days`, `20 days`. */
export function termLengthWords(length: TermLength): string {
  if (length.months === 0) return plural(length.days, "day");
  return length.days === 0 ? plural(length.months, "month") : `${plural(length.months, "month")} and ${plural(length.days, "day")}`;
}

/** A whole count with digit groups: `220,000`. */
export function formatCount(n: Decimal): string {
  return groupDigits(n.toFixed(0));
}
