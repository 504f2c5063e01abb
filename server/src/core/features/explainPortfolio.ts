/**
 * The hovers of a portfolio file, as Markdown: the portfolio's figures (on its
 * id), an include and the deals it brought in, a rate, an expectation, a
 * portfolio scenario against the base, and one pick of a deal's scenario.
 * Other files are named relative to the portfolio.
 */
import type { Analysis } from "../analyze";
import { Decimal, formatCompact, formatMoney, formatMoneyExact, ZERO } from "../money";
import { providerOf, sharePercent, type ConvertedDeal, type PortfolioFigures } from "../portfolio/figures";
import { idList as ids, scenarioDelta } from "../portfolio/scenarios";
import type { DealStatus, ExpectationCheck, PortfolioAnalysis, PortfolioDeal, PortfolioScenarioResult, ScenarioPick } from "../portfolio/types";
import { baseName, relativeFolder, relativeLocation } from "../portfolio/uri";
import { formatCount, plural, spanContains } from "./common";
import { portfolioFiguresStatus } from "./display";
import { formatQuantity } from "./units";
import { capped, md, table } from "./markdown";

/** Why a deal is left out, in words. */
const STATUS_WORDS: Readonly<Record<Exclude<DealStatus, "counted">, string>> = {
  errors: "left out: the file has errors",
  duplicate: "left out: its id is used by a deal included before",
  "no-rate": "left out: no `fx` rate for its currency",
  "no-currency": "left out: the portfolio has no currency",
};

export function percentOf(part: Decimal, whole: Decimal): string | undefined {
  if (!whole.gt(0)) return undefined;
  return `${sharePercent(part.div(whole)).toFixed(2)}%`;
}

/** The deal's id, or its file name when it has none. */
export function dealName(d: { readonly location: string; readonly analysis: Analysis }): string {
  return d.analysis.model?.id ?? baseName(d.location);
}

export function convertedByLocation(f: PortfolioFigures | undefined): Map<string, ConvertedDeal> {
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
    const rows = f.providers.map((p) => [md(p.name || "(no provider)"), money(p.total), p.share ? `${sharePercent(p.share).toFixed(2)}%` : "–", money(p.firmCommitment), ids(p.deals, 5)]);
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
    const rows = f.capacity.map((c) => [String(c.year), c.megawatts.isZero() ? "–" : `${formatQuantity(c.megawatts)} MW`, c.gpus.isZero() ? "–" : formatCount(c.gpus), ids(c.deals, 5)]);
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
export function signedMoney(v: Decimal, currency: string): string {
  return `${v.isNegative() || v.isZero() ? "" : "+"}${formatMoney(v, currency)}`;
}

export function signedCompact(v: Decimal, currency: string): string {
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
export function explainRate(pa: PortfolioAnalysis, currency: string): string | undefined {
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

export function formatComputed(check: ExpectationCheck, f: PortfolioFigures): string {
  const e = check.expectation;
  if (e.kind === "amount") return formatMoney(check.computed, f.currency);
  if (e.kind === "share") return `${sharePercent(check.computed, Math.max(2, e.decimals)).toFixed()}%`;
  return check.computed.toDecimalPlaces(Math.max(2, e.decimals), Decimal.ROUND_HALF_UP).toFixed(Math.max(2, e.decimals));
}

export function explainExpectationCheck(pa: PortfolioAnalysis, offset: number): string | undefined {
  const f = pa.figures;
  if (!f) return undefined;
  const check = pa.expectations.find((c) => spanContains(c.expectation.keySpan, offset) || spanContains(c.expectation.valueSpan, offset));
  if (!check) return undefined;
  const e = check.expectation;
  const written = e.kind === "amount" ? formatMoneyExact(e.expected, f.currency) : e.text;
  return `**Expected ${md(e.label)}**: ${written}${e.tolerance ? " (with a tolerance)" : ""} · computed **${formatComputed(check, f)}** · ${check.holds ? "holds ✓" : "does not hold ✗"}`;
}
