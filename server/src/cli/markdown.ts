/**
 * `dealspec diff --format markdown`: the report as one pull-request comment.
 * A summary line, the breached policies first, then a table per changed deal
 * (its figures, its scenarios' figures, its terms) with the schedule's changes
 * folded in `<details>`; from MANY_DEALS changed deals on, a summary table
 * with every deal's tables folded. The comment never exceeds GitHub's limit
 * (COMMENT_LIMIT characters): what does not fit is left out, with a note.
 */
import { Decimal, formatDay, formatMoney, type Analysis, type Severity } from "../core";
import type { DealDiff, DiffReport, FigureChange } from "./diff";
import { plural } from "./io";
import type { ReportedBreach } from "./policies";

/** The first line of the comment, by which the workflow finds it again to update it. */
export const MARKER = "<!-- dealspec-diff -->";

/** GitHub's limit on the body of an issue or pull-request comment, in characters. */
const COMMENT_LIMIT = 65_536;

/** From this many changed, added or removed deals on, a summary table leads and each deal's tables are folded. */
const MANY_DEALS = 10;

/** At most this many changed payments are listed per deal. */
const MAX_PAYMENT_ROWS = 60;

export interface MarkdownInput {
  readonly report: DiffReport;
  readonly analyses: ReadonlyMap<DealDiff, { readonly old?: Analysis; readonly new?: Analysis }>;
  readonly breaches: readonly ReportedBreach[];
  /** How many policies the configurations hold (0: no line about policies). */
  readonly policies: number;
  /** The longest comment, in characters (`--max-chars`); default COMMENT_LIMIT. */
  readonly limit?: number;
}

// ---------------------------------------------------------------- cells

function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** Text for an HTML element's content (`<summary>`): no markup gets through. */
function html(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function moneyText(v: string | null, currency: string | null): string {
  if (v === null) return "—";
  return currency ? formatMoney(new Decimal(v), currency) : v;
}

function deltaText(f: Pick<FigureChange, "old" | "new" | "delta">, currency: string | null): string {
  if (f.delta === null) return f.old === null ? "new" : f.new === null ? "gone" : "—";
  const d = new Decimal(f.delta);
  const sign = d.isPositive() && !d.isZero() ? "+" : "";
  const old = f.old === null ? undefined : new Decimal(f.old);
  const pct = old && !old.isZero() ? ` (${sign}${d.div(old.abs()).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2)}%)` : "";
  return `${sign}${moneyText(f.delta, currency)}${pct}`;
}

function headline(a: Analysis | undefined): string {
  const f = a?.figures;
  const m = a?.model;
  if (!f || !m) return "no figures (the deal has errors)";
  const money = (v: Decimal) => formatMoney(v, f.currency);
  const parts = [`total ${money(f.total)}`, `run rate ${money(f.runRate.amount)} a year`, `term ${formatDay(f.term.start)} to ${formatDay(f.term.last)}`];
  if (f.perGpuHour) parts.push(`${money(f.perGpuHour.amount)} per GPU-hour`);
  return parts.join(", ");
}

function dealName(d: DealDiff): string {
  return d.deal ? `\`${d.deal}\`` : "(no deal id)";
}

function where(d: DealDiff): string {
  return d.old_file && d.old_file !== d.file ? `\`${d.old_file}\` → \`${d.file}\`` : `\`${d.file}\``;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function countText(breaches: readonly ReportedBreach[]): string {
  const n = { error: 0, warning: 0, info: 0 };
  for (const b of breaches) n[b.severity]++;
  return (["error", "warning", "info"] as const).filter((s) => n[s] > 0).map((s) => `${n[s]} ${s === "error" ? "error" : s === "warning" ? "warning" : "info"}${n[s] > 1 && s !== "info" ? "s" : ""}`).join(", ");
}

// ---------------------------------------------------------------- a deal's tables

/** A scenario's figure row: `scenario \`id\` total` -> [id, total]. */
function scenarioRow(name: string): [string, string] | undefined {
  const m = /^scenario `([^`]+)` (.+)$/.exec(name);
  return m ? [m[1]!, m[2]!] : undefined;
}

interface PaymentChange {
  readonly paid: string;
  readonly fee: string;
  readonly old: Decimal | null;
  readonly new: Decimal | null;
}

/** The payments whose amount changed, appeared or went: by fee and payment day. */
function paymentChanges(old: Analysis | undefined, now: Analysis | undefined): PaymentChange[] {
  const sums = (a: Analysis | undefined) => {
    const out = new Map<string, { paid: string; fee: string; amount: Decimal }>();
    const f = a?.figures;
    if (!f) return out;
    for (const c of f.schedule) {
      const fee = f.feeModels[c.fee]?.id ?? String(c.fee);
      const paid = formatDay(c.paid);
      const key = `${paid}\u0000${fee}`;
      const prev = out.get(key);
      out.set(key, { paid, fee, amount: prev ? prev.amount.plus(c.amount) : c.amount });
    }
    return out;
  };
  const o = sums(old);
  const n = sums(now);
  const out: PaymentChange[] = [];
  for (const key of new Set([...o.keys(), ...n.keys()])) {
    const a = o.get(key);
    const b = n.get(key);
    if (a && b && a.amount.eq(b.amount)) continue;
    out.push({ paid: (a ?? b)!.paid, fee: (a ?? b)!.fee, old: a?.amount ?? null, new: b?.amount ?? null });
  }
  return out.sort((x, y) => x.paid.localeCompare(y.paid) || x.fee.localeCompare(y.fee));
}

/** The tables of one changed deal (without its heading). */
function dealBody(d: DealDiff, analyses: MarkdownInput["analyses"]): string[] {
  const lines: string[] = [];
  const a = analyses.get(d);
  if (d.status === "added" || d.status === "removed") {
    lines.push("", headline(d.status === "added" ? a?.new : a?.old));
  } else {
    const cur = d.currency;
    const figures = d.figures.filter((f) => !f.name.startsWith("year ") && !scenarioRow(f.name));
    // Each scenario's rows together, in the order total, NPV, difference from the base.
    const rank = (name: string) => ["total", "NPV", "delta total"].indexOf(name);
    const scenarios = d.figures
      .filter((f) => scenarioRow(f.name))
      .map((f) => ({ f, row: scenarioRow(f.name)! }))
      .sort((a, b) => a.row[0].localeCompare(b.row[0]) || rank(a.row[1]) - rank(b.row[1]))
      .map((x) => x.f);
    const years = d.figures.filter((f) => f.name.startsWith("year "));
    if (figures.length > 0) {
      lines.push("", "| figure | before | after | change |", "| --- | ---: | ---: | ---: |");
      for (const f of figures) lines.push(`| ${cell(f.name)} | ${moneyText(f.old, cur)} | ${moneyText(f.new, cur)} | ${deltaText(f, cur)} |`);
    }
    if (scenarios.length > 0) {
      lines.push("", "| scenario | figure | before | after | change |", "| --- | --- | ---: | ---: | ---: |");
      for (const f of scenarios) {
        const [id, name] = scenarioRow(f.name)!;
        lines.push(`| \`${cell(id)}\` | ${cell(name === "delta total" ? "total − base total" : name)} | ${moneyText(f.old, cur)} | ${moneyText(f.new, cur)} | ${deltaText(f, cur)} |`);
      }
    }
    if (d.terms.length > 0) {
      lines.push("", "| term | before | after |", "| --- | --- | --- |");
      for (const t of d.terms) lines.push(`| ${cell(t.name)} | ${cell(t.old ?? "—")} | ${cell(t.new ?? "—")} |`);
    }
    const payments = d.currency !== null && a?.old?.figures?.currency === a?.new?.figures?.currency ? paymentChanges(a?.old, a?.new) : [];
    if (years.length > 0 || payments.length > 0) {
      const what = [years.length > 0 ? plural(years.length, "year") : "", payments.length > 0 ? plural(payments.length, "payment") : ""].filter((s) => s !== "").join(" and ");
      lines.push("", `<details><summary>Schedule: ${what} changed</summary>`);
      if (years.length > 0) {
        lines.push("", "| year | before | after | change |", "| --- | ---: | ---: | ---: |");
        for (const f of years) lines.push(`| ${f.name.slice(5)} | ${moneyText(f.old, cur)} | ${moneyText(f.new, cur)} | ${deltaText(f, cur)} |`);
      }
      if (payments.length > 0) {
        lines.push("", "| paid | fee | before | after | change |", "| --- | --- | ---: | ---: | ---: |");
        for (const p of payments.slice(0, MAX_PAYMENT_ROWS)) {
          const change = { old: p.old?.toFixed() ?? null, new: p.new?.toFixed() ?? null, delta: p.old && p.new ? p.new.minus(p.old).toFixed() : null };
          lines.push(`| ${p.paid} | \`${cell(p.fee)}\` | ${moneyText(change.old, cur)} | ${moneyText(change.new, cur)} | ${deltaText(change, cur)} |`);
        }
        if (payments.length > MAX_PAYMENT_ROWS) lines.push("", `… and ${plural(payments.length - MAX_PAYMENT_ROWS, "more changed payment")}: \`dealspec schedule ${d.file}\` lists them all.`);
      }
      lines.push("", "</details>");
    }
  }
  for (const n of d.notes) lines.push("", `> ${n}`);
  return lines;
}

/** The total's change of a deal, for the summary table. */
function totalCells(d: DealDiff, analyses: MarkdownInput["analyses"]): [string, string, string] {
  const a = analyses.get(d);
  const cur = d.currency;
  const total = (x: Analysis | undefined) => (x?.figures ? x.figures.total.toFixed(x.figures.minor) : null);
  const old = d.status === "added" ? null : total(a?.old);
  const now = d.status === "removed" ? null : total(a?.new);
  const f = d.figures.find((x) => x.name === "total");
  const change = f ? deltaText(f, cur) : d.status === "added" ? "new" : d.status === "removed" ? "gone" : "—";
  return [moneyText(old, cur), moneyText(now, cur), change];
}

// ---------------------------------------------------------------- the comment

/** Adds whole pieces while they fit; after the first one that does not, adds nothing more. */
class Budget {
  private readonly parts: string[] = [];
  private size = 0;
  cut = false;
  constructor(private readonly limit: number) {}
  add(piece: string): boolean {
    if (this.cut) return false;
    const cost = piece.length + (this.parts.length > 0 ? 1 : 0);
    if (this.size + cost > this.limit) {
      this.cut = true;
      return false;
    }
    this.parts.push(piece);
    this.size += cost;
    return true;
  }
  text(): string {
    return this.parts.join("\n");
  }
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The whole comment. Never throws on a report, and never returns more than the limit. */
export function markdownComment(input: MarkdownInput): string {
  const { report, analyses, breaches } = input;
  const limit = input.limit ?? COMMENT_LIMIT;
  const s = report.summary;
  const total = s.changed + s.added + s.removed + s.unchanged;
  const shown = report.deals.filter((d) => d.status !== "unchanged");
  const sorted = [...breaches].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.file.localeCompare(b.file) || a.line - b.line);

  const dealsLine = shown.length === 0 ? `No deal figures or terms changed (${plural(total, "deal")} compared).` : `${plural(total, "deal")} compared: ${s.changed} changed, ${s.added} added, ${s.removed} removed, ${s.unchanged} unchanged.`;
  const policyLine =
    breaches.length > 0 ? ` **${count(breaches.length, "policy breach", "policy breaches")}** (${countText(breaches)}).` : input.policies > 0 ? ` No policy breached (${count(input.policies, "policy", "policies")} checked).` : "";
  // Room kept for the note that says what was left out.
  const budget = new Budget(limit - 600);
  budget.add([MARKER, `### Dealspec: deal figures, ${report.base.how} → working tree`, "", `${dealsLine}${policyLine}`].join("\n"));
  const left = { breaches: 0, rows: 0, deals: 0 };

  if (sorted.length > 0 && budget.add("\n#### Policies breached\n")) {
    for (let i = 0; i < sorted.length; i++) {
      const b = sorted[i]!;
      if (!budget.add(`- **${b.severity}** \`${b.code}\` \`${b.file}:${b.line}\`: ${b.message.replace(/\r?\n/g, " ")}`)) {
        left.breaches = sorted.length - i;
        break;
      }
    }
  } else if (sorted.length > 0) left.breaches = sorted.length;

  const many = shown.length >= MANY_DEALS;
  if (many && budget.add("\n#### Deals\n\n| deal | file | status | total before | total after | change | policies |\n| --- | --- | --- | ---: | ---: | ---: | --- |")) {
    for (let i = 0; i < shown.length; i++) {
      const d = shown[i]!;
      const own = breaches.filter((b) => b.file === d.file);
      const [before, after, change] = totalCells(d, analyses);
      if (!budget.add(`| ${dealName(d)} | \`${cell(d.file)}\` | ${d.status} | ${before} | ${after} | ${change} | ${own.length > 0 ? countText(own) : "—"} |`)) {
        left.rows = shown.length - i;
        break;
      }
    }
  } else if (many) left.rows = shown.length;

  for (let i = 0; i < shown.length; i++) {
    const d = shown[i]!;
    const body = dealBody(d, analyses);
    let piece: string;
    if (many) {
      const summary = `${d.status === "added" ? "Added: " : d.status === "removed" ? "Removed: " : ""}${d.deal ?? "(no deal id)"} (${d.file})`;
      piece = ["", `<details><summary>${html(summary)}</summary>`, ...body, "", "</details>"].join("\n");
    } else {
      const title = d.status === "added" ? `Added: ${dealName(d)} (${where(d)})` : d.status === "removed" ? `Removed: ${dealName(d)} (${where(d)})` : `${dealName(d)} (${where(d)})`;
      piece = ["", `#### ${title}`, ...body].join("\n");
    }
    if (!budget.add(piece)) {
      left.deals = shown.length - i;
      break;
    }
  }

  let out = budget.text();
  if (budget.cut) {
    const parts = [
      left.breaches > 0 ? count(left.breaches, "policy breach", "policy breaches") : "",
      left.rows > 0 ? `${count(left.rows, "row", "rows")} of the summary table` : "",
      left.deals > 0 ? `the tables of ${count(left.deals, "deal", "deals")}` : "",
    ].filter((p) => p !== "");
    const which = limit === COMMENT_LIMIT ? `GitHub's limit of ${limit.toLocaleString("en-US")} characters for a comment` : `the limit of ${limit.toLocaleString("en-US")} characters (\`--max-chars\`)`;
    out += `\n\n> **This comment is cut short** to stay within ${which}${parts.length > 0 ? `; left out: ${parts.join(", ")}` : ""}. \`dealspec diff\` with a larger \`--max-chars\` prints the whole report, and \`--format json\` every figure.`;
  }
  return out.length <= limit ? out : out.slice(0, limit);
}
