/**
 * The editor's view of scenarios: a lens and an inlay hint with each
 * scenario's total and its difference from the base, a hover that sets the
 * scenario beside the base, and the ids a scenario names (fees, options,
 * clauses) for go to definition, find references and rename. Every figure
 * comes from the engine's scenario figures; nothing is recomputed here.
 */
import type { Analysis } from "../analyze";
import { formatDay } from "../dates";
import type { Span } from "../diagnostics";
import type { Figures } from "../evaluate/figures";
import { formatCompact, formatMoney, ZERO, type Decimal } from "../money";
import { isRecord, valueAt } from "../syntax";
import { feesComplete, dealScenarioDelta } from "../scenarios";
import type { Path } from "../syntax";
import { isId } from "../values";
import { md } from "./markdown";
import { spanContains } from "./common";

function signed(text: string, v: Decimal): string {
  return v.isNegative() ? text : `+${text}`;
}

export interface ScenarioLens {
  readonly span: Span;
  readonly title: string;
  /** The exact figures, for a tooltip. */
  readonly tooltip: string;
}

/** One lens per scenario, above its item: its total, the difference from the base, and its NPV (compact; exact in the tooltip). */
export function scenarioLenses(a: Analysis): ScenarioLens[] {
  const currency = a.model?.currency;
  if (!currency) return [];
  return a.scenarios.map((r) => {
    const span = a.syntax.keySpanOf(["scenarios", r.index]);
    const f = r.figures;
    if (!f) return { span, title: `Scenario ${r.id}: no figures (fix its errors)`, tooltip: `Scenario \`${r.id}\` has errors: see Problems.` };
    const delta = dealScenarioDelta(a, r);
    const partial = feesComplete(r.model) ? "" : " (partial)";
    const parts = [`Total ${formatCompact(f.total, currency)}${partial}${delta ? ` (${signed(formatCompact(delta.total, currency), delta.total)})` : ""}`];
    if (f.npv) parts.push(`NPV ${formatCompact(f.npv.amount, currency)}`);
    const tooltip = [
      `Scenario ${r.id}: total ${formatMoney(f.total, currency)}${partial}`,
      delta ? `difference from the base ${signed(formatMoney(delta.total, currency), delta.total)}` : "difference from the base: not available (a side is incomplete)",
      ...(f.npv ? [`NPV ${formatMoney(f.npv.amount, currency)}${delta?.npv ? ` (${signed(formatMoney(delta.npv, currency), delta.npv)})` : ""}`] : []),
    ].join("; ");
    return { span, title: `${r.id}: ${parts.join(" · ")}`, tooltip };
  });
}

export interface ScenarioHint {
  readonly offset: number;
  readonly label: string;
  readonly tooltip: string;
}

/** After each scenario's id: its difference from the base. */
export function scenarioHints(a: Analysis, range?: Span): ScenarioHint[] {
  const currency = a.model?.currency;
  if (!currency) return [];
  const out: ScenarioHint[] = [];
  for (const r of a.scenarios) {
    const offset = r.idSpan.end;
    if (range && !spanContains(range, offset)) continue;
    if (!r.figures) {
      out.push({ offset, label: "no figures", tooltip: `Scenario \`${r.id}\` has errors, so it has no figures.` });
      continue;
    }
    const delta = dealScenarioDelta(a, r);
    out.push(
      delta
        ? { offset, label: `Δ ${signed(formatCompact(delta.total, currency), delta.total)}`, tooltip: `Total ${formatMoney(r.figures.total, currency)}, ${signed(formatMoney(delta.total, currency), delta.total)} against the base.` }
        : { offset, label: "Δ —", tooltip: `Total ${formatMoney(r.figures.total, currency)} (partial: a side has fees left out, so there is no difference to show).` },
    );
  }
  return out;
}

/** The rows of a base-vs-scenario table. */
function comparison(base: Figures | undefined, f: Figures, currency: string): string[] {
  const money = (v: Decimal | undefined) => (v === undefined ? "—" : formatMoney(v, currency));
  const diff = (x: Decimal | undefined, y: Decimal | undefined) => (x === undefined || y === undefined ? "—" : signed(formatMoney(y.minus(x), currency), y.minus(x)));
  const rows: [string, Decimal | undefined, Decimal | undefined][] = [["Total", base?.total, f.total]];
  const years = [...new Set([...(base?.years.keys() ?? []), ...f.years.keys()])].sort((x, y) => x - y);
  // A year without payments on a side that has figures paid nothing that year.
  for (const y of years) rows.push([String(y), base ? (base.years.get(y) ?? ZERO) : undefined, f.years.get(y) ?? ZERO]);
  rows.push(["Run rate", base?.runRate.amount, f.runRate.amount]);
  if (base?.npv || f.npv) rows.push(["NPV", base?.npv?.amount, f.npv?.amount]);
  const clauses = Math.max(base?.exits.length ?? 0, f.exits.length);
  for (let i = 0; i < clauses; i++) rows.push([clauses > 1 ? `Exit exposure ${i + 1}` : "Exit exposure", base?.exits[i]?.exposure, f.exits[i]?.exposure]);
  return [
    "| | base | scenario | difference |",
    "| --- | ---: | ---: | ---: |",
    ...rows.map(([name, x, y]) => `| ${name} | ${money(x)} | ${money(y)} | ${diff(x, y)} |`),
  ];
}

/** The hover on a scenario: base and scenario side by side, and the changes applied. */
export function explainScenario(a: Analysis, index: number): string | undefined {
  const r = a.scenarios.find((s) => s.index === index);
  const currency = a.model?.currency;
  if (!r || !currency) return undefined;
  const out = [`**Scenario \`${md(r.id)}\`**${r.label ? `: ${md(r.label)}` : ""}`, ""];
  if (r.note) out.push(md(r.note), "");
  if (!r.figures) {
    out.push("No figures: the scenario has errors (see Problems). The base deal's figures are unaffected.");
  } else {
    if (!feesComplete(r.model) || !feesComplete(a.model)) out.push("Partial: fees with errors are left out, so the difference is not shown.");
    out.push(...comparison(a.figures, r.figures, currency));
    out.push("", `Term ${formatDay(r.figures.term.start)} to ${formatDay(r.figures.term.last)} (${r.figures.term.days.toLocaleString("en-US")} days).`);
  }
  if (r.applied.length > 0) out.push("", "Changes, in the order applied:", ...r.applied.map((c) => `- ${md(c)}`));
  else out.push("", "No changes: the scenario is the base deal.");
  return out.join("\n");
}

export type IdKind = "fee" | "option" | "clause";

/** A place where a fee, option or clause is named: its definition or a scenario's reference to it. */
export interface IdMention {
  readonly kind: IdKind;
  /** The fee or option id, or the clause's 1-based position. */
  readonly id: string;
  readonly span: Span;
  readonly definition: boolean;
}

/** The span of part `part` of a dotted `set` key (`fees.base.amount`), inside the key's source range. */
function partSpan(a: Analysis, keyPath: Path, key: string, part: number): Span | undefined {
  const span = a.syntax.keySpanOf(keyPath);
  const raw = a.syntax.text.slice(span.start, span.end);
  const at = raw.indexOf(key);
  if (at < 0) return undefined;
  const parts = key.split(".");
  const start = span.start + at + parts.slice(0, part).reduce((n, p) => n + p.length + 1, 0);
  return { start, end: start + parts[part]!.length };
}

/** Every mention of a fee, option or clause: their definitions, and each scenario's `set`, `change`, `shift`, `exercise` and `exit`. */
function idMentions(a: Analysis): IdMention[] {
  const m = a.model;
  if (!m) return [];
  const out: IdMention[] = [];
  for (const f of m.fees) out.push({ kind: "fee", id: f.id, span: f.idSpan, definition: true });
  for (const o of m.options) out.push({ kind: "option", id: o.id, span: o.idSpan, definition: true });
  for (const c of m.termination) out.push({ kind: "clause", id: String(c.index + 1), span: c.keySpan, definition: true });
  const feeIds = new Set(m.fees.map((f) => f.id));
  const scenarios = valueAt(a.syntax.root, ["scenarios"]);
  if (!Array.isArray(scenarios)) return out;
  scenarios.forEach((item, k) => {
    if (!isRecord(item)) return;
    const at: Path = ["scenarios", k];
    if (isRecord(item.set)) {
      for (const key of Object.keys(item.set)) {
        const parts = key.split(".");
        const kind: IdKind | undefined = parts[0] === "fees" ? "fee" : parts[0] === "options" ? "option" : parts[0] === "termination" ? "clause" : undefined;
        if (!kind || parts.length < 2) continue;
        const span = partSpan(a, [...at, "set", key], key, 1);
        if (span) out.push({ kind, id: parts[1]!, span, definition: false });
      }
    }
    // `all`, `assumed`, `term` and `capacity` are keywords there, whatever the fees are called.
    for (const [change, keywords] of [["change", ["all", "assumed"]], ["shift", ["term", "capacity"]]] as const) {
      const v = item[change];
      if (!isRecord(v)) continue;
      for (const key of Object.keys(v)) if (feeIds.has(key) && !(keywords as readonly string[]).includes(key)) out.push({ kind: "fee", id: key, span: a.syntax.keySpanOf([...at, change, key]), definition: false });
    }
    if (Array.isArray(item.exercise)) {
      item.exercise.forEach((id, j) => {
        if (typeof id === "string") out.push({ kind: "option", id, span: a.syntax.spanOf([...at, "exercise", j]), definition: false });
      });
    }
    if (isRecord(item.exit)) {
      const n = typeof item.exit.clause === "number" ? item.exit.clause : undefined;
      if (n !== undefined) out.push({ kind: "clause", id: String(n), span: a.syntax.spanOf([...at, "exit", "clause"]), definition: false });
    }
  });
  return out;
}

/** The mention under `offset`, if any. */
export function mentionAt(a: Analysis, offset: number): IdMention | undefined {
  return idMentions(a).find((x) => spanContains(x.span, offset));
}

/** The definition and every mention of the id under `offset`. */
export function mentionsOf(a: Analysis, offset: number): { definition?: IdMention; mentions: IdMention[] } | undefined {
  const at = mentionAt(a, offset);
  if (!at) return undefined;
  const all = idMentions(a).filter((x) => x.kind === at.kind && x.id === at.id);
  const definition = all.find((x) => x.definition);
  return definition ? { definition, mentions: all } : { mentions: all };
}

/** The edits that rename the fee or option under `offset` everywhere it is named; undefined when nothing renameable is there. */
export function renameEdits(a: Analysis, offset: number, newName: string): { edits: { span: Span; newText: string }[] } | { problem: string } | undefined {
  const found = mentionsOf(a, offset);
  if (!found) return undefined;
  const kind = found.mentions[0]!.kind;
  if (kind === "clause") return { problem: "Clauses are named by their position: move the clause instead." };
  if (!isId(newName)) return { problem: `\`${newName}\` is not an id: use lower-case letters, digits, \`-\` and \`_\`.` };
  const taken = idMentions(a).some((x) => x.kind === kind && x.definition && x.id === newName);
  if (taken) return { problem: `Another ${kind} already has the id \`${newName}\`.` };
  return { edits: found.mentions.map((x) => ({ span: x.span, newText: newName })) };
}
