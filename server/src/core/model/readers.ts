/**
 * Reading one value of the tree exactly, from its source text: dates, money,
 * currencies, percentages, durations and provenance. A value that cannot be
 * read is reported on its own range (with a fix when there is one) and left
 * out; nothing here throws.
 */
import { diagnostic, suggest, type Diagnostic, type Fix, type Span } from "../diagnostics";
import { parseIsoDate, type DateParse, type Day } from "../dates";
import { isKnownCurrency, knownCurrencyCodes, type Decimal } from "../money";
import { BASES } from "../schema";
import { isRecord, valueAt, type Path, type SyntaxTree } from "../syntax";
import { readDuration, readMoney, readPercent, readSignedMoney, type DurationValue, type Read } from "../values";
import type { Basis, Mutable, Provenance } from "./types";

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

/** A date at `path` (YYYY-MM-DD, on the calendar; DS210 otherwise). */
export function readDateAt(l: Lowering, path: Path): Day | undefined {
  const raw = valueAt(l.tree.root, path);
  if (typeof raw !== "string") return undefined;
  const r = parseIsoDate(raw.trim());
  if (r.ok) return r.day;
  l.diagnostics.push(dateDiagnostic(l.tree, raw, l.tree.spanOf(path), r));
  return undefined;
}

/** Money at `path` in the deal's currency (`signed`: a leading sign is allowed); DS215 with a fix for a marker of another currency. */
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

/** A rate at `path` (`3%` or a fraction; DS217 on a plain number above 1, which is likely a percentage without `%`). */
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

/** A duration at `path` (`90 days`, `6 months`). */
export function readDurationAt(l: Lowering, path: Path): DurationValue | undefined {
  const t = text(valueAt(l.tree.root, path));
  if (t === undefined) return undefined;
  const r = readDuration(t);
  if (r.ok) return r.value;
  reportRead(l, path, r);
  return undefined;
}

/** The `basis`, `source` and `note` of the mapping at `path` (basis `contract` when not written). */
export function provenance(l: Lowering, path: Path): Provenance {
  const raw = valueAt(l.tree.root, path);
  const rec = isRecord(raw) ? raw : {};
  const b = rec.basis;
  const out: Mutable<Provenance> = { basis: typeof b === "string" && (BASES as readonly string[]).includes(b) ? (b as Basis) : "contract" };
  if (typeof rec.source === "string") out.source = rec.source;
  if (typeof rec.note === "string") out.note = rec.note;
  return out;
}
