/**
 * The editor features of portfolio files (`*.portfolio.yaml`): pure functions
 * from a `PortfolioAnalysis` and an offset to offset-based results, like the
 * deal features. Hover on the portfolio id gives the aggregate figures; on an
 * include, the deals it brought in; inlay hints write the converted totals
 * after each include and the total after the id; CodeLens shows the headline
 * figures; definitions lead from an include, a deal id or a provider name to
 * the deal files. A portfolio scenario's hover puts base and scenario side by
 * side, per year; its lenses and hint give its total against the base. Other
 * files' offsets (a deal's id) come with that file's text, so the edge can
 * turn them into positions. Nothing here knows LSP.
 */
import type { Analysis } from "../analyze";
import type { Span } from "../diagnostics";
import { Decimal, formatCompact, formatMoney, formatMoneyExact, ZERO } from "../money";
import type { DealStatus, ExpectationCheck, PortfolioAnalysis, PortfolioDeal, PortfolioScenarioResult, ScenarioPick } from "../portfolio/types";
import { providerOf, sharePercent, type ConvertedDeal, type PortfolioFigures } from "../portfolio/figures";
import { scenarioDelta } from "../portfolio/scenarios";
import { portfolioSchema } from "../portfolio/schema";
import { baseName, relativeFolder, relativeLocation } from "../portfolio/uri";
import { keysAt } from "../schema";
import { formatCount, hitAt, plural, spanContains, type Hit } from "./common";
import { md, MAX_TABLE_ROWS } from "./explain";
import type { HoverResult } from "./hover";
import type { Lens } from "./codeLens";
import { portfolioFiguresStatus } from "./display";

/** Why a deal is left out, in words. */
const STATUS_WORDS: Readonly<Record<Exclude<DealStatus, "counted">, string>> = {
  errors: "left out: the file has errors",
  duplicate: "left out: its id is used by a deal included before",
  "no-rate": "left out: no `fx` rate for its currency",
  "no-currency": "left out: the portfolio has no currency",
};

const STATUS_SHORT: Readonly<Record<Exclude<DealStatus, "counted">, string>> = {
  errors: "errors",
  duplicate: "duplicate id",
  "no-rate": "no fx rate",
  "no-currency": "no currency",
};

function table(header: readonly string[], align: readonly ("l" | "r")[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(" | ")} |`, `|${align.map((x) => (x === "r" ? " ---: " : " --- ")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

/** At most MAX_TABLE_ROWS rows; the rest summarised in one row. */
function capped(rows: (readonly string[])[], width: number, what: string): (readonly string[])[] {
  if (rows.length <= MAX_TABLE_ROWS) return rows;
  const rest = rows.length - MAX_TABLE_ROWS + 1;
  return [...rows.slice(0, MAX_TABLE_ROWS - 1), [`… ${plural(rest, `more ${what}`)}`, ...Array<string>(width - 1).fill("")]];
}

function idList(ids: readonly string[], max = 5): string {
  const shown = ids.slice(0, max).map((id) => `\`${id}\``);
  return ids.length > max ? `${shown.join(", ")} and ${ids.length - max} more` : shown.join(", ");
}

/** An exact decimal with digit groups: `10,300`, `1,500.5`. */
function grouped(v: Decimal): string {
  const [int, frac] = v.toFixed().split(".");
  const body = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return frac === undefined ? body : `${body}.${frac}`;
}

function percentOf(part: Decimal, whole: Decimal): string | undefined {
  if (!whole.gt(0)) return undefined;
  return `${sharePercent(part.div(whole)).toFixed(2)}%`;
}

/** The deal's id, or its file name when it has none. */
export function dealName(d: { readonly location: string; readonly analysis: Analysis }): string {
  return d.analysis.model?.id ?? baseName(d.location);
}

function convertedByLocation(f: PortfolioFigures | undefined): Map<string, ConvertedDeal> {
  return new Map((f?.deals ?? []).map((d) => [d.location, d]));
}

/** The hover of the portfolio id: totals, years, providers with shares, HHI, firm commitment against the headline total, capacity. */
export function explainPortfolio(pa: PortfolioAnalysis): string {
  const m = pa.model;
  const f = pa.figures;
  const out = [`### Portfolio \`${m?.id ?? "?"}\`${m?.title ? ` · ${md(m.title)}` : ""}`, ""];
  const counted = pa.deals.filter((d) => d.status === "counted").length;
  const errors = pa.diagnostics.filter((d) => d.severity === "error").length;
  out.push(`${plural(counted, "deal")} counted of ${plural(pa.deals.length, "deal")} reached by ${plural(pa.includes.length, "include")}${f ? `, in ${f.currency}` : ""}.`, "");
  if (errors > 0) out.push(`_This portfolio has ${plural(errors, "error")}: the figures count only the deals listed as counted._`, "");
  if (!f) {
    out.push("No figures: the portfolio's currency is not known (write `currency:`, or include deals that share one).");
    return out.join("\n");
  }
  const money = (v: Decimal) => formatMoney(v, f.currency);
  const rates = [...f.rates].filter(([c]) => c !== f.currency);
  const status = portfolioFiguresStatus(pa);
  if (status.label !== undefined) out.push(`**⚠ ${status.label}**: ${status.detail!}`, "");
  out.push(
    `**Total ${money(f.total)}**${status.kind === "partial" ? " (partial)" : ""}: each deal's total converted at its rate${rates.length > 0 ? ` (${rates.map(([c, r]) => `${c} ${r.toFixed()}`).join(", ")})` : ""}, rounded to the currency's minor unit, then summed.`,
    "",
  );
  const share = percentOf(f.firmCommitment, f.total);
  const walkable = f.total.minus(f.firmCommitment);
  out.push(
    `**Firm commitment ${money(f.firmCommitment)}**${share ? ` (${share} of the headline total)` : ""}: the least the buyer can pay, each deal's cheapest way out through a termination clause it may invoke (or its whole total, or its committed minimum).${walkable.gt(0) ? ` The other ${money(walkable)} of the headline ${money(f.total)} can be walked away from.` : ""}`,
    "",
  );
  if (f.years.size > 0) {
    const rows = [...f.years].map(([y, v]) => [String(y), money(v)]);
    out.push(...table(["Year", "Paid"], ["l", "r"], [...capped(rows, 2, "year"), ["**Total**", `**${money(f.total)}**`]]), "");
  }
  if (f.providers.length > 0) {
    const rows = f.providers.map((p) => [md(p.name || "(no provider)"), money(p.total), p.share ? `${sharePercent(p.share).toFixed(2)}%` : "–", money(p.firmCommitment), idList(p.deals)]);
    out.push(...table(["Provider", "Total", "Share", "Firm commitment", "Deals"], ["l", "r", "r", "r", "l"], capped(rows, 5, "provider")), "");
  }
  if (f.hhi) {
    const terms = f.providers.filter((p) => p.share).slice(0, 6).map((p) => `${sharePercent(p.share!).toFixed(2)}²`);
    out.push(`- Concentration (HHI): **${f.hhi.toFixed(2)}**, the sum of the squared shares in percent (${terms.join(" + ")}${f.providers.length > 6 ? " + …" : ""}, computed from the exact shares): from 0 to 10,000, one provider alone being 10,000`);
  } else {
    out.push("- Concentration (HHI): none (the total is not above zero, or a provider's total is negative)");
  }
  if (f.capacity.length > 0) {
    out.push("", "Capacity in force (deals whose term has a day in the year):", "");
    const rows = f.capacity.map((c) => [String(c.year), c.megawatts.isZero() ? "–" : `${grouped(c.megawatts)} MW`, c.gpus.isZero() ? "–" : formatCount(c.gpus), idList(c.deals)]);
    out.push(...table(["Year", "Power", "GPUs", "Deals"], ["l", "r", "r", "l"], capped(rows, 4, "year")));
  }
  const excluded = pa.deals.filter((d) => d.status !== "counted");
  if (excluded.length > 0) {
    out.push("", "Not counted:", "");
    for (const d of excluded.slice(0, 10)) out.push(`- \`${md(dealName(d))}\` (${md(relativeLocation(pa.location, d.location))}): ${STATUS_WORDS[d.status as Exclude<DealStatus, "counted">]}`);
    if (excluded.length > 10) out.push(`- … and ${excluded.length - 10} more`);
  }
  if (pa.scenarios.length > 0) {
    out.push("", "Scenarios (hover one for its years):", "");
    const rows = pa.scenarios.map((sc) => {
      const d = scenarioDelta(f, sc);
      return [`\`${sc.id}\`${sc.label ? ` · ${md(sc.label)}` : ""}`, `${money(sc.figures!.total)}${sc.complete ? "" : " (partial)"}`, d ? signedMoney(d.total, f.currency) : "–"];
    });
    out.push(...table(["Scenario", "Total", "vs base"], ["l", "r", "r"], capped(rows, 3, "scenario")));
  }
  return out.join("\n");
}

/** A difference with its sign: `+$2,400,000.00`, `-$13,620,000.00`. */
function signedMoney(v: Decimal, currency: string): string {
  return `${v.isNegative() || v.isZero() ? "" : "+"}${formatMoney(v, currency)}`;
}

function signedCompact(v: Decimal, currency: string): string {
  return `${v.isNegative() || v.isZero() ? "" : "+"}${formatCompact(v, currency)}`;
}

/** What a pick counts, in words. */
function pickWords(p: ScenarioPick): string {
  return `\`${md(p.deal)}\` → \`${md(p.scenario)}\`${p.status === "applied" ? "" : " ✗"}`;
}

function partialNote(sc: PortfolioScenarioResult): string | undefined {
  const missing = sc.picks.filter((p) => p.status !== "applied");
  if (missing.length === 0) return undefined;
  return `_Partial: ${missing.map((p) => `\`${md(p.deal)}\` ${p.reason ?? p.status}`).join("; ")}. A deal whose pick cannot be counted is left out of these figures (never counted as 0), and the difference from the base is not computed._`;
}

/** The hover of a portfolio scenario: base and scenario side by side, per year and for each headline figure, and what each pick counts. */
export function explainPortfolioScenario(pa: PortfolioAnalysis, index: number): string | undefined {
  const sc = pa.scenarios.find((x) => x.index === index);
  if (!sc) return undefined;
  const f = pa.figures;
  const out = [`### Portfolio scenario \`${sc.id}\`${sc.label ? ` · ${md(sc.label)}` : ""}`, ""];
  if (sc.note) out.push(md(sc.note), "");
  out.push(
    sc.picks.length > 0
      ? `Picks ${sc.picks.map(pickWords).join(", ")}; the other deals count with their base figures.`
      : "Picks no deal scenario: the base figures.",
    "",
  );
  const partial = partialNote(sc);
  if (partial) out.push(partial, "");
  const sf = sc.figures;
  if (!f || !sf) {
    out.push("No figures: the portfolio's currency is not known (write `currency:`, or include deals that share one).");
    return out.join("\n");
  }
  const money = (v: Decimal) => formatMoney(v, f.currency);
  const d = scenarioDelta(f, sc);
  const delta = (v: Decimal | undefined) => (v === undefined ? "–" : signedMoney(v, f.currency));
  const head = `\`${sc.id}\`${sc.complete ? "" : " (partial)"}`;
  const years = [...new Set([...f.years.keys(), ...sf.years.keys()])].sort((a, b) => a - b);
  const rows = years.map((y) => [String(y), money(f.years.get(y) ?? ZERO), money(sf.years.get(y) ?? ZERO), delta(d?.years.get(y))]);
  out.push(
    ...table(["Year", "Base", head, "Difference"], ["l", "r", "r", "r"], [
      ...capped(rows, 4, "year"),
      ["**Total**", `**${money(f.total)}**`, `**${money(sf.total)}**`, `**${delta(d?.total)}**`],
      ["Firm commitment", money(f.firmCommitment), money(sf.firmCommitment), delta(d?.firmCommitment)],
      ["HHI", f.hhi?.toFixed(2) ?? "–", sf.hhi?.toFixed(2) ?? "–", ""],
    ]),
    "",
  );
  const names = [...new Set([...f.providers.map((p) => p.name), ...sf.providers.map((p) => p.name)])];
  if (names.length > 0) {
    const base = new Map(f.providers.map((p) => [p.name, p]));
    const scen = new Map(sf.providers.map((p) => [p.name, p]));
    const cell = (p: (typeof f.providers)[number] | undefined) => (p ? `${money(p.total)}${p.share ? ` (${sharePercent(p.share).toFixed(2)}%)` : ""}` : "–");
    const prows = names.map((n) => [md(n || "(no provider)"), cell(base.get(n)), cell(scen.get(n))]);
    out.push(...table(["Provider (share)", "Base", head], ["l", "r", "r"], capped(prows, 3, "provider")), "");
  }
  const byLocation = new Map(f.deals.map((c) => [c.location, c]));
  const picked = new Map(sf.deals.map((c) => [c.location, c]));
  const prows = sc.picks.map((p) => {
    const b = p.location ? byLocation.get(p.location) : undefined;
    const c = p.location ? picked.get(p.location) : undefined;
    return [`\`${md(p.deal)}\``, `\`${md(p.scenario)}\``, b ? money(b.total) : "–", p.status === "applied" && c ? money(c.total) : `✗ ${p.reason ?? p.status}`];
  });
  if (prows.length > 0) out.push(...table(["Deal", "Scenario", "Base total", "Scenario total"], ["l", "l", "r", "r"], capped(prows, 4, "deal")));
  return out.join("\n").trimEnd();
}

/** The hover of one pick: the deal's base and the picked scenario, converted, per year. */
export function explainPick(pa: PortfolioAnalysis, index: number, deal: string): string | undefined {
  const sc = pa.scenarios.find((x) => x.index === index);
  const p = sc?.picks.find((x) => x.deal === deal);
  if (!sc || !p) return undefined;
  const f = pa.figures;
  const label = p.location ? pa.deals.find((d) => d.location === p.location)?.analysis.scenarios.find((r) => r.id === p.scenario)?.label : undefined;
  const out = [`**\`${md(p.deal)}\` → scenario \`${md(p.scenario)}\`**${label ? ` (${md(label)})` : ""}, in portfolio scenario \`${sc.id}\``, ""];
  if (p.status !== "applied") {
    out.push(`✗ \`${md(p.deal)}\` ${p.reason ?? p.status}: portfolio scenario \`${sc.id}\` is partial.`);
    return out.join("\n");
  }
  const b = f?.deals.find((c) => c.location === p.location);
  const c = sc.figures?.deals.find((x) => x.location === p.location);
  if (!f || !b || !c) return out.join("\n").trimEnd();
  const money = (v: Decimal) => formatMoney(v, f.currency);
  const years = [...new Set([...b.years.keys(), ...c.years.keys()])].sort((x, y) => x - y);
  const rows = years.map((y) => {
    const bv = b.years.get(y) ?? ZERO;
    const cv = c.years.get(y) ?? ZERO;
    return [String(y), money(bv), money(cv), signedMoney(cv.minus(bv), f.currency)];
  });
  out.push(
    ...table(["Year", "Base", `\`${md(p.scenario)}\``, "Difference"], ["l", "r", "r", "r"], [
      ...capped(rows, 4, "year"),
      ["**Total**", `**${money(b.total)}**`, `**${money(c.total)}**`, `**${signedMoney(c.total.minus(b.total), f.currency)}**`],
      ["Firm commitment", money(b.firmCommitment), money(c.firmCommitment), signedMoney(c.firmCommitment.minus(b.firmCommitment), f.currency)],
    ]),
  );
  if (c.currency !== f.currency) out.push("", `Converted at ${c.currency} ${c.rate.toFixed()}, each figure rounded on its own.`);
  return out.join("\n");
}

/** The deals one include brought in (directly, or through the nested portfolio it names), in portfolio order. */
export function dealsOfInclude(pa: PortfolioAnalysis, index: number): PortfolioDeal[] {
  return pa.deals.filter((d) => d.include === index);
}

function dealRow(pa: PortfolioAnalysis, d: PortfolioDeal, converted: Map<string, ConvertedDeal>, currency: string | undefined): string[] {
  const c = converted.get(d.location);
  const a = d.analysis;
  const provider = a.model ? md(providerOf(a.model) || "–") : "–";
  const file = md(relativeLocation(pa.location, d.location));
  if (c && currency) {
    const own = c.currency === currency ? "" : ` (${formatMoney(a.figures!.total, c.currency)} × ${c.rate.toFixed()})`;
    return [`\`${md(c.id)}\` (${file})`, provider, `${formatMoney(c.total, currency)}${own}`, formatMoney(c.firmCommitment, currency)];
  }
  const own = a.figures ? formatMoney(a.figures.total, a.figures.currency) : "–";
  return [`\`${md(dealName(d))}\` (${file})`, provider, `${own}: ${STATUS_WORDS[d.status as Exclude<DealStatus, "counted">] ?? d.status}`, "–"];
}

/** The hover of an include entry: what it matched and the deals it brought in, with their converted totals. */
export function explainInclude(pa: PortfolioAnalysis, index: number): string | undefined {
  const inc = pa.includes.find((i) => i.index === index);
  if (!inc) return undefined;
  const f = pa.figures;
  const deals = dealsOfInclude(pa, index);
  const out = [`**Include \`${md(inc.pattern)}\`**${inc.glob ? ` (a glob under \`${md(relativeFolder(pa.location, inc.glob.folder))}\`)` : ""}: ${plural(inc.files.length, "file")} matched, ${plural(deals.length, "deal")} brought in.`, ""];
  const nested = inc.files.filter((x) => x.kind === "portfolio");
  if (nested.length > 0) out.push(`Through ${nested.map((n) => `\`${md(relativeLocation(pa.location, n.location))}\``).join(", ")}: its deals count here, at this portfolio's rates.`, "");
  if (deals.length > 0) {
    const converted = convertedByLocation(f);
    const rows = deals.map((d) => dealRow(pa, d, converted, f?.currency));
    out.push(...table(["Deal", "Provider", `Total${f ? ` (${f.currency})` : ""}`, "Firm commitment"], ["l", "l", "r", "r"], capped(rows, 4, "deal")));
    const counted = deals.map((d) => converted.get(d.location)).filter((c): c is ConvertedDeal => c !== undefined);
    if (f && counted.length > 1) {
      const sum = counted.reduce((s, c) => s.plus(c.total), new Decimal(0));
      out.push("", `Counted: ${plural(counted.length, "deal")}, **${formatMoney(sum, f.currency)}**${percentOf(sum, f.total) ? ` (${percentOf(sum, f.total)} of the portfolio total)` : ""}.`);
    }
  }
  const brought = new Set(deals.map((d) => d.location));
  const earlier = inc.files.filter((x) => x.kind === "deal" && !brought.has(x.location) && pa.deals.some((d) => d.location === x.location));
  if (earlier.length > 0) out.push("", `Also matches ${earlier.map((x) => `\`${md(relativeLocation(pa.location, x.location))}\``).join(", ")}, already brought in by an earlier include (each file counts once).`);
  return out.join("\n");
}

/** The hover of a rate under `fx`: the deals converted at it. */
function explainRate(pa: PortfolioAnalysis, currency: string): string | undefined {
  const rate = pa.model?.fx.get(currency);
  const f = pa.figures;
  if (!rate) return undefined;
  const out = [`**${currency} ${rate.text}**: one ${currency} is ${rate.rate.toFixed()} ${f?.currency ?? "in the portfolio's currency"}.`];
  const using = (f?.deals ?? []).filter((d) => d.currency === currency);
  if (f && using.length > 0) {
    out.push("", ...table(["Deal", `Total (${currency})`, `Total (${f.currency})`], ["l", "r", "r"], capped(using.map((d) => [`\`${md(d.id)}\``, formatMoney(d.analysis.figures!.total, currency), formatMoney(d.total, f.currency)]), 3, "deal")));
    out.push("", "Each figure is converted on its own (amount × rate, rounded half away from zero to the minor unit), then summed.");
  }
  return out.join("\n");
}

function formatComputed(check: ExpectationCheck, f: PortfolioFigures): string {
  const e = check.expectation;
  if (e.kind === "amount") return formatMoney(check.computed, f.currency);
  if (e.kind === "share") return `${sharePercent(check.computed, Math.max(2, e.decimals)).toFixed()}%`;
  return check.computed.toDecimalPlaces(Math.max(2, e.decimals), Decimal.ROUND_HALF_UP).toFixed(Math.max(2, e.decimals));
}

function explainExpectationCheck(pa: PortfolioAnalysis, offset: number): string | undefined {
  const f = pa.figures;
  if (!f) return undefined;
  const check = pa.expectations.find((c) => spanContains(c.expectation.keySpan, offset) || spanContains(c.expectation.valueSpan, offset));
  if (!check) return undefined;
  const e = check.expectation;
  const written = e.kind === "amount" ? formatMoneyExact(e.expected, f.currency) : e.text;
  return `**Expected ${md(e.label)}**: ${written}${e.tolerance ? " (with a tolerance)" : ""} · computed **${formatComputed(check, f)}** · ${check.holds ? "holds ✓" : "does not hold ✗"}`;
}

function keyDoc(hit: Hit): string | undefined {
  const key = hit.path[hit.path.length - 1];
  const info = keysAt(hit.path.slice(0, -1), portfolioSchema).find((k) => k.key === key);
  return info ? `**\`${info.key}\`**${info.required ? " (required)" : ""}: ${info.description}` : undefined;
}

/** The hover at `offset` in a portfolio file. */
export function portfolioHover(pa: PortfolioAnalysis, offset: number): HoverResult | undefined {
  const hit = hitAt(pa.syntax, offset);
  if (!hit) return undefined;
  const [top, second] = hit.path;
  let markdown: string | undefined;
  if (top === "portfolio" || (top === "currency" && hit.part === "value")) markdown = explainPortfolio(pa);
  else if (top === "include" && typeof second === "number") markdown = explainInclude(pa, second);
  else if (top === "fx" && typeof second === "string") markdown = explainRate(pa, second);
  else if (top === "expect") markdown = explainExpectationCheck(pa, offset);
  else if (top === "scenarios" && typeof second === "number") {
    const [, , key, deal] = hit.path;
    if (key === "deals" && typeof deal === "string") markdown = explainPick(pa, second, deal);
    else if (hit.path.length === 2 || key === "id" || (hit.part === "value" && (key === "label" || key === "note"))) markdown = explainPortfolioScenario(pa, second);
  }
  markdown ??= keyDoc(hit);
  return markdown ? { span: hit.span, markdown } : undefined;
}

// ---------------------------------------------------------------------------
// Inlay hints and CodeLens

export type PortfolioHintGroup = "includes" | "total" | "expectations" | "scenarios";

export interface PortfolioHint {
  readonly offset: number;
  readonly label: string;
  readonly tooltip: string;
  readonly group: PortfolioHintGroup;
}

/** Deals an include hint names one by one; more are summarised as a count and a sum. */
const HINT_DEALS = 3;

function includeHint(pa: PortfolioAnalysis, index: number, converted: Map<string, ConvertedDeal>): { label: string; tooltip: string } | undefined {
  const deals = dealsOfInclude(pa, index);
  if (deals.length === 0) return undefined;
  const f = pa.figures;
  const compact = (v: Decimal) => (f ? formatCompact(v, f.currency) : v.toFixed());
  const one = (d: PortfolioDeal) => {
    const c = converted.get(d.location);
    return c ? `${c.id} ${compact(c.total)}` : `${dealName(d)} ✗ ${STATUS_SHORT[d.status as Exclude<DealStatus, "counted">] ?? d.status}`;
  };
  const counted = deals.map((d) => converted.get(d.location)).filter((c): c is ConvertedDeal => c !== undefined);
  const excluded = deals.length - counted.length;
  let label: string;
  if (deals.length <= HINT_DEALS) label = `→ ${deals.map(one).join(" · ")}`;
  else {
    const sum = counted.reduce((s, c) => s.plus(c.total), new Decimal(0));
    label = `→ ${plural(counted.length, "deal")} ${compact(sum)}${excluded > 0 ? ` · ${excluded} left out` : ""}`;
  }
  const tooltip = explainInclude(pa, index) ?? "";
  return { label, tooltip };
}

export interface PortfolioHintOptions {
  readonly range?: Span;
  readonly off?: ReadonlySet<PortfolioHintGroup>;
}

export function portfolioInlayHints(pa: PortfolioAnalysis, options: PortfolioHintOptions = {}): PortfolioHint[] {
  const out: PortfolioHint[] = [];
  const on = (g: PortfolioHintGroup) => !options.off?.has(g);
  const inRange = (offset: number) => !options.range || spanContains(options.range, offset);
  const f = pa.figures;
  const m = pa.model;
  const status = portfolioFiguresStatus(pa);
  if (on("total") && m?.idSpan && inRange(m.idSpan.end) && status.kind === "none") {
    out.push({ offset: m.idSpan.end, label: status.label!, tooltip: status.detail!, group: "total" });
  } else if (on("total") && f && m?.idSpan && inRange(m.idSpan.end)) {
    out.push({
      offset: m.idSpan.end,
      label: `total ${formatCompact(f.total, f.currency)}${status.kind === "partial" ? " (partial)" : ""}`,
      tooltip: `${status.kind === "partial" ? `${status.label!}. ${status.detail!}\n\n` : ""}Portfolio total ${formatMoney(f.total, f.currency)} over ${plural(f.deals.length, "counted deal")}. Hover the id for the years, providers and firm commitment.`,
      group: "total",
    });
  }
  if (on("includes")) {
    const converted = convertedByLocation(f);
    for (const inc of pa.includes) {
      if (!inRange(inc.span.end)) continue;
      const h = includeHint(pa, inc.index, converted);
      if (h) out.push({ offset: inc.span.end, ...h, group: "includes" });
    }
  }
  if (on("expectations") && f) {
    for (const c of pa.expectations) {
      const at = c.expectation.valueSpan.end;
      if (!inRange(at)) continue;
      const computed = formatComputed(c, f);
      out.push({
        offset: at,
        label: c.holds ? "✓" : `✗ computed ${c.expectation.kind === "amount" ? formatCompact(c.computed, f.currency) : computed}`,
        tooltip: c.holds ? `Holds: computed ${computed}.` : `Does not hold: computed ${computed}.`,
        group: "expectations",
      });
    }
  }
  if (on("scenarios") && f) {
    for (const sc of pa.scenarios) {
      if (!inRange(sc.idSpan.end) || !sc.figures) continue;
      const d = scenarioDelta(f, sc);
      out.push({
        offset: sc.idSpan.end,
        label: d ? `${signedCompact(d.total, f.currency)} vs base` : `partial ${formatCompact(sc.figures.total, f.currency)}`,
        tooltip: d
          ? `Portfolio total ${formatMoney(sc.figures.total, f.currency)} in this scenario, ${signedMoney(d.total, f.currency)} against the base ${formatMoney(f.total, f.currency)}. Hover the id for each year.`
          : `Partial: ${sc.picks.filter((p) => p.status !== "applied").map((p) => `${p.deal} ${p.reason ?? p.status}`).join("; ")}. The figures leave those deals out; no difference from the base.`,
        group: "scenarios",
      });
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/**
 * CodeLens on the `portfolio:` line: total, concentration, firm commitment.
 * Fully resolved. When deals are left out, a first lens says which and the
 * figures are marked `(partial)`; with no deal counted, only that lens.
 */
export function portfolioCodeLenses(pa: PortfolioAnalysis): Lens[] {
  const f = pa.figures;
  if (pa.syntax.locate(["portfolio"]) === undefined) return [];
  const span = pa.syntax.keySpanOf(["portfolio"]);
  const status = portfolioFiguresStatus(pa);
  const out: Lens[] = status.label === undefined ? [] : [{ span, title: status.label, kind: "figure" }];
  if (!f || status.kind === "none") return out;
  const money = (v: Decimal) => formatMoney(v, f.currency);
  const mark = status.kind === "partial" ? ", partial" : "";
  out.push({ span, title: `Total ${money(f.total)} (${plural(f.deals.length, "deal")}${mark})`, kind: "figure" });
  if (f.hhi) out.push({ span, title: `HHI ${f.hhi.toFixed(2)}${mark ? " (partial)" : ""}`, kind: "figure" });
  const share = percentOf(f.firmCommitment, f.total);
  out.push({ span, title: `Firm commitment ${money(f.firmCommitment)}${share ? ` (${share}${mark})` : mark ? " (partial)" : ""}`, kind: "figure" });
  for (const sc of pa.scenarios) {
    const sf = sc.figures;
    if (!sf || pa.syntax.locate(["scenarios", sc.index, "id"]) === undefined) continue;
    const at = pa.syntax.keySpanOf(["scenarios", sc.index, "id"]);
    const d = scenarioDelta(f, sc);
    out.push({ span: at, title: `Total ${money(sf.total)} ${d ? `(${signedMoney(d.total, f.currency)})` : "(partial)"}`, kind: "figure" });
    out.push({ span: at, title: `Firm commitment ${money(sf.firmCommitment)} ${d ? `(${signedMoney(d.firmCommitment, f.currency)})` : "(partial)"}`, kind: "figure" });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Navigation

/** A place in another file: its location, and a span in its text when known (else the file's start). */
export interface FileTarget {
  readonly location: string;
  /** Offsets in `text`. */
  readonly span?: Span;
  readonly text?: string;
}

export interface PortfolioDefinition {
  /** What was clicked, in the portfolio file. */
  readonly origin: Span;
  readonly targets: readonly FileTarget[];
}

/** Where a deal file shows its id (the `deal:` value), for definitions and references. */
export function dealTarget(location: string, analysis: Analysis | undefined): FileTarget {
  const span = analysis?.model?.idSpan;
  return span && analysis ? { location, span, text: analysis.text } : { location };
}

const WORD = /[A-Za-z0-9_-]/;

/** The id-like word around `offset` (letters, digits, `-`, `_`), with its span. */
function wordAt(text: string, offset: number): { word: string; span: Span } | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && WORD.test(text[start - 1]!)) start--;
  while (end < text.length && WORD.test(text[end]!)) end++;
  return end > start ? { word: text.slice(start, end), span: { start, end } } : undefined;
}

/**
 * Go to definition in a portfolio file: from an include entry to the file(s)
 * it matched (a deal at its id); from a scenario picked under a portfolio
 * scenario's `deals` to that scenario in the deal file (at its id); from a
 * provider named under `expect.provider` to that provider's deals; from a
 * deal id written anywhere in the file (a comment, the notes, a key under
 * `deals`) to that deal's file.
 */
export function portfolioDefinition(pa: PortfolioAnalysis, offset: number): PortfolioDefinition | undefined {
  const hit = hitAt(pa.syntax, offset);
  const byLocation = new Map(pa.deals.map((d) => [d.location, d]));
  if (hit && hit.path[0] === "include" && typeof hit.path[1] === "number") {
    const inc = pa.includes.find((i) => i.index === hit.path[1]);
    if (!inc || inc.files.length === 0) return undefined;
    return { origin: inc.span, targets: inc.files.map((file) => (file.kind === "deal" ? dealTarget(file.location, byLocation.get(file.location)?.analysis) : { location: file.location })) };
  }
  if (hit && hit.part === "value" && hit.path[0] === "scenarios" && hit.path[2] === "deals" && hit.path.length === 4) {
    // A picked scenario id: to that scenario in the deal file.
    const pick = pa.scenarios.find((x) => x.index === hit.path[1])?.picks.find((x) => x.deal === hit.path[3]);
    const d = pick?.location ? byLocation.get(pick.location) : undefined;
    const r = d?.analysis.scenarios.find((x) => x.id === pick!.scenario);
    if (d && r) return { origin: hit.span, targets: [{ location: d.location, span: r.idSpan, text: d.analysis.text }] };
  }
  if (hit && hit.part === "key" && hit.path[0] === "expect" && hit.path[1] === "provider" && hit.path.length === 3) {
    const name = String(hit.path[2]);
    const deals = pa.deals.filter((d) => d.analysis.model && providerOf(d.analysis.model) === name);
    if (deals.length > 0) return { origin: hit.span, targets: deals.map((d) => dealTarget(d.location, d.analysis)) };
  }
  const w = wordAt(pa.text, offset);
  if (!w) return undefined;
  const deals = pa.deals.filter((d) => d.analysis.model?.id === w.word);
  return deals.length > 0 ? { origin: w.span, targets: deals.map((d) => dealTarget(d.location, d.analysis)) } : undefined;
}

/** The include entries of a portfolio that bring in the file at `location` (a deal, directly or through a nested portfolio, or a nested portfolio itself). */
export function includesOf(pa: PortfolioAnalysis, location: string): Span[] {
  const indexes = new Set<number>();
  for (const d of pa.deals) if (d.location === location) indexes.add(d.include);
  for (const inc of pa.includes) if (inc.files.some((x) => x.location === location && x.kind === "portfolio")) indexes.add(inc.index);
  return pa.includes.filter((i) => indexes.has(i.index)).map((i) => i.span);
}

/**
 * Whether a workspace-symbol query matches a name: its characters appear in
 * order in the name (case-insensitive), as editors filter symbols. An empty
 * query matches everything.
 */
export function symbolQueryMatches(query: string, name: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === "") return true;
  const n = name.toLowerCase();
  let i = 0;
  for (const c of n) if (c === q[i]) i++;
  return i === q.length;
}
