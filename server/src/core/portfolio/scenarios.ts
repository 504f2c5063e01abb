/**
 * Portfolio scenarios: each picks one scenario of some deals; the portfolio's
 * figures are computed again with the picked scenarios' figures in place of
 * those deals' base figures, converted at the portfolio's rates, the other
 * deals counting with their base figures. Nothing is re-evaluated: a deal's
 * scenarios are in its cached analysis, and their conversions are memoized
 * like the base's.
 *
 * A pick that cannot be counted (a deal the portfolio does not count, a
 * scenario the deal does not have, a scenario with errors) makes the
 * portfolio scenario incomplete: that deal is left out of its figures (never
 * counted as 0 or as its base), every tool says the figures are partial, and
 * the difference from the base is not computed.
 */
import type { Analysis } from "../analyze";
import { diagnostic, suggest, type Diagnostic, type Span } from "../diagnostics";
import { Decimal, ONE } from "../money";
import { isRecord, valueAt } from "../syntax";
import { errorSummary } from "./deals";
import { aggregate, type ConvertedDeal, type PortfolioFigures } from "./figures";
import type { PortfolioMemo } from "./memo";
import type { FxRate, PortfolioScenarioModel } from "./model";
import type { PortfolioDeal, PortfolioScenarioResult, ScenarioPick } from "./types";
import { relativeLocation } from "./uri";

/** Scenario minus base, for a complete scenario of a portfolio with figures. */
export interface ScenarioDelta {
  readonly total: Decimal;
  readonly firmCommitment: Decimal;
  /** Every year either side pays in, ascending. */
  readonly years: ReadonlyMap<number, Decimal>;
}

export function scenarioDelta(base: PortfolioFigures | undefined, s: PortfolioScenarioResult): ScenarioDelta | undefined {
  const f = s.figures;
  if (!base || !f || !s.complete) return undefined;
  const years = new Map<number, Decimal>();
  for (const y of [...new Set([...base.years.keys(), ...f.years.keys()])].sort((a, b) => a - b)) {
    years.set(y, (f.years.get(y) ?? new Decimal(0)).minus(base.years.get(y) ?? 0));
  }
  return { total: f.total.minus(base.total), firmCommitment: f.firmCommitment.minus(base.firmCommitment), years };
}

/** What the scenario evaluation needs from the portfolio's analysis. */
export interface ScenarioContext {
  readonly location: string;
  readonly scenarios: readonly PortfolioScenarioModel[];
  /** Every deal reached, in portfolio order. */
  readonly deals: readonly PortfolioDeal[];
  /** The base figures (absent when the portfolio has no currency). */
  readonly figures?: PortfolioFigures;
  readonly currency?: string;
  readonly minor: number;
  readonly fx: ReadonlyMap<string, FxRate>;
  /** Where the scenarios' conversions are memoized. */
  readonly memo: PortfolioMemo;
}

/** Ids in backquotes, the first `max` of them: `` `a`, `b` and 3 more ``. */
export function idList(ids: readonly string[], max = 6): string {
  const shown = ids.slice(0, max).map((id) => `\`${id}\``);
  return ids.length > max ? `${shown.join(", ")} and ${ids.length - max} more` : shown.join(", ");
}

/** The ids a deal file writes under `scenarios`, readable or not evaluated (a deal with errors may not have evaluated them). */
function writtenScenarioIds(a: Analysis): string[] {
  const raw = valueAt(a.syntax.root, ["scenarios"]);
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => (isRecord(item) && typeof item.id === "string" ? [item.id] : []));
}

const NOT_COUNTED: Readonly<Record<Exclude<PortfolioDeal["status"], "counted">, string>> = {
  errors: "it has errors",
  duplicate: "a deal included before has the same id",
  "no-rate": "`fx` has no rate for its currency",
  "no-currency": "the portfolio has no currency",
};

/**
 * Evaluates the portfolio's scenarios on the deals' cached analyses, and
 * reports DS520-DS524 into `diagnostics`. Duplicate ids (DS523) keep the
 * first; the others are not evaluated.
 */
export function evaluatePortfolioScenarios(ctx: ScenarioContext, diagnostics: Diagnostic[]): PortfolioScenarioResult[] {
  const rel = (to: string) => relativeLocation(ctx.location, to);
  // The deal a pick names: the counted one with that id, else the first reached one.
  const byId = new Map<string, PortfolioDeal>();
  for (const d of ctx.deals) {
    const id = d.analysis.model?.id;
    if (id === undefined) continue;
    const known = byId.get(id);
    if (!known || (known.status !== "counted" && d.status === "counted")) byId.set(id, d);
  }
  const dealIds = [...byId.keys()];
  const converted = new Map((ctx.figures?.deals ?? []).map((c) => [c.location, c]));
  const seen = new Map<string, Span>();
  const out: PortfolioScenarioResult[] = [];

  for (const s of ctx.scenarios) {
    const first = seen.get(s.id);
    if (first) {
      diagnostics.push(
        diagnostic("DS523", s.idSpan, `Another portfolio scenario already has the id \`${s.id}\`: scenario ids are unique. This one is not evaluated; rename it.`, {
          related: [{ span: first, message: `\`${s.id}\` is first used here` }],
        }),
      );
      continue;
    }
    seen.set(s.id, s.idSpan);
    const name = `portfolio scenario \`${s.id}\``;
    const incomplete = (deal: string) => `${name} is incomplete (its figures leave \`${deal}\` out, and its difference from the base is not computed)`;
    const picks: ScenarioPick[] = [];
    /** Deal location -> the converted scenario that replaces its base, or null: left out. */
    const replace = new Map<string, ConvertedDeal | null>();

    for (const p of s.picks) {
      const d = byId.get(p.deal);
      if (!d) {
        const guess = suggest(p.deal, dealIds);
        diagnostics.push(
          diagnostic(
            "DS520",
            p.dealSpan,
            `The portfolio includes no deal \`${p.deal}\`${guess ? `: did you mean \`${guess}\`?` : dealIds.length > 0 ? `; its deals are ${idList(dealIds)}.` : "."} Until then, ${name} is incomplete.`,
            guess ? { fixes: [{ title: `Change to \`${guess}\``, edits: [{ span: p.dealSpan, newText: guess }] }] } : undefined,
          ),
        );
        picks.push({ ...p, status: "unknown-deal", reason: "is not a deal of the portfolio" });
        continue;
      }
      const a = d.analysis;
      const file = rel(d.location);
      const evaluated = a.scenarios.find((r) => r.id === p.scenario);
      const written = writtenScenarioIds(a);
      if (!evaluated && !written.includes(p.scenario)) {
        const ids = a.scenarios.length > 0 ? a.scenarios.map((r) => r.id) : written;
        const guess = suggest(p.scenario, ids);
        const scenariosKey = a.syntax.locate(["scenarios"]) !== undefined ? a.syntax.keySpanOf(["scenarios"]) : a.model?.idSpan;
        diagnostics.push(
          diagnostic(
            "DS521",
            p.scenarioSpan,
            `\`${p.deal}\` (${file}) has no scenario \`${p.scenario}\`${guess ? `: did you mean \`${guess}\`?` : ids.length > 0 ? `; its scenarios are ${idList(ids)}.` : `: it has no scenarios (write them under \`scenarios:\` in ${file}).`} Until then, ${incomplete(p.deal)}.`,
            {
              ...(guess ? { fixes: [{ title: `Change to \`${guess}\``, edits: [{ span: p.scenarioSpan, newText: guess }] }] } : {}),
              ...(scenariosKey ? { related: [{ uri: d.location, span: scenariosKey, message: `The scenarios of \`${p.deal}\`` }] } : {}),
            },
          ),
        );
        picks.push({ ...p, status: "unknown-scenario", location: d.location, reason: `has no scenario \`${p.scenario}\` (left out)` });
        replace.set(d.location, null);
        continue;
      }
      if (!evaluated?.figures || !evaluated.model?.complete) {
        const e = errorSummary(a, d.location, evaluated?.itemSpan);
        diagnostics.push(
          diagnostic(
            "DS522",
            p.scenarioSpan,
            `Scenario \`${p.scenario}\` of \`${p.deal}\` (${file}) has no figures${e.where ? ` (first error: ${e.where})` : ""}: fix it there. Until then, ${incomplete(p.deal)}.`,
            e.where ? { related: e.related } : undefined,
          ),
        );
        picks.push({ ...p, status: "scenario-errors", location: d.location, reason: `has errors in its scenario \`${p.scenario}\` (left out)` });
        replace.set(d.location, null);
        continue;
      }
      if (d.status !== "counted") {
        if (d.status === "no-currency") {
          // No figures at all (DS507 says why): nothing to be incomplete against.
          picks.push({ ...p, status: "deal-not-counted", location: d.location, reason: `is not counted (${NOT_COUNTED[d.status]})` });
          continue;
        }
        diagnostics.push(
          diagnostic("DS524", p.dealSpan, `\`${p.deal}\` (${file}) is not counted in the portfolio (${NOT_COUNTED[d.status]}), so neither is its scenario \`${p.scenario}\`: ${incomplete(p.deal)}.`),
        );
        picks.push({ ...p, status: "deal-not-counted", location: d.location, reason: `is not counted (${NOT_COUNTED[d.status]})` });
        continue;
      }
      const base = converted.get(d.location);
      const currency = evaluated.figures.currency;
      const rate = !ctx.currency ? undefined : base && currency === base.currency ? base.rate : currency === ctx.currency ? ONE : ctx.fx.get(currency)?.rate;
      const c = rate === undefined || !ctx.currency ? undefined : ctx.memo.convertScenario(d.location, a, p.scenario, rate, ctx.minor);
      if (!c) {
        if (ctx.currency) {
          diagnostics.push(
            diagnostic("DS524", p.dealSpan, `Scenario \`${p.scenario}\` of \`${p.deal}\` is in ${currency}, and \`fx\` has no ${currency} rate: add one under \`fx\`. Until then, ${incomplete(p.deal)}.`),
          );
        }
        picks.push({ ...p, status: "deal-not-counted", location: d.location, reason: `is left out: \`fx\` has no rate for ${currency}, the currency of its scenario \`${p.scenario}\`` });
        replace.set(d.location, null);
        continue;
      }
      picks.push({ ...p, status: "applied", location: d.location });
      replace.set(d.location, c);
    }

    const result: { -readonly [K in keyof PortfolioScenarioResult]: PortfolioScenarioResult[K] } = {
      index: s.index,
      id: s.id,
      idSpan: s.idSpan,
      itemSpan: s.itemSpan,
      picks,
      complete: picks.every((p) => p.status === "applied"),
    };
    if (s.label !== undefined) result.label = s.label;
    if (s.note !== undefined) result.note = s.note;
    if (ctx.figures && ctx.currency) {
      const deals = ctx.figures.deals.flatMap((c) => {
        const r = replace.get(c.location);
        return r === undefined ? [c] : r === null ? [] : [r];
      });
      result.figures = aggregate(ctx.currency, ctx.minor, deals);
    }
    out.push(result);
  }
  return out;
}
