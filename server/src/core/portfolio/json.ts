/** A portfolio's figures as JSON: the stable shape `dealspec totals --json` prints (docs/portfolio.md). */
import { Decimal, plain } from "../money";
import { ordinary, userKeyed, valueAt } from "../syntax";
import { sharePercent, type PortfolioFigures } from "./figures";
import { scenarioDelta } from "./scenarios";
import type { DealStatus, PickStatus, PortfolioAnalysis } from "./types";
import { relativeLocation } from "./uri";

export interface PortfolioFiguresJson {
  portfolio: string | null;
  title: string | null;
  currency: string | null;
  total: string | null;
  years: Record<string, string>;
  providers: Record<string, { total: string; share: string | null; percent: string | null; firm_commitment: string; deals: string[] }>;
  hhi: string | null;
  firm_commitment: string | null;
  capacity: Record<string, { mw: string; gpus: number; deals: string[] }>;
  fx: Record<string, string>;
  deals: Record<
    string,
    { file: string; provider: string; currency: string; rate: string; total: string; firm_commitment: string; firm_basis: string; years: Record<string, string> }
  >;
  excluded: { file: string; deal: string | null; reason: Exclude<DealStatus, "counted"> }[];
  /** Only where the portfolio has a `scenarios` list: each scenario's figures (the same object, without `scenarios`), by id. */
  scenarios?: Record<string, PortfolioScenarioJson>;
}

/** A portfolio scenario: the portfolio's figures with the picked deal scenarios in place of those deals' base figures. */
export type PortfolioScenarioJson = Omit<PortfolioFiguresJson, "scenarios" | "deals"> & {
  /** Each counted deal, `scenario` being the id of the deal scenario counted, or null for its base figures. */
  deals: Record<string, PortfolioFiguresJson["deals"][string] & { scenario: string | null }>;
  label: string | null;
  /** Deal id -> deal scenario id, as written. */
  picks: Record<string, string>;
  /** True when every pick is counted; false when the figures are partial (see `missing`). */
  complete: boolean;
  /** The picks that are not counted: each such deal is left out of the figures. Only when not complete. */
  missing?: { deal: string; scenario: string; reason: Exclude<PickStatus, "applied"> }[];
  /** Scenario minus base; null when the scenario is not complete, or the portfolio has no figures. */
  delta: { total: string | null; firm_commitment: string | null };
}

/** Decimal places of a share in JSON (a fraction: 0.432143 is 43.2143%). */
export const SHARE_DECIMALS = 6;

export function portfolioFiguresJson(analysis: PortfolioAnalysis): PortfolioFiguresJson {
  const base = figuresObject(analysis, analysis.figures);
  if (!Array.isArray(valueAt(analysis.syntax.root, ["scenarios"]))) return base;
  const scenarios: Record<string, PortfolioScenarioJson> = userKeyed();
  const m = analysis.figures?.minor ?? 2;
  for (const s of analysis.scenarios) {
    const full = figuresObject(analysis, s.figures);
    const picked = new Map((s.figures?.deals ?? []).map((d) => [d.id, d.scenario ?? null]));
    const delta = scenarioDelta(analysis.figures, s);
    const missing = s.picks.filter((p) => p.status !== "applied").map((p) => ({ deal: p.deal, scenario: p.scenario, reason: p.status as Exclude<PickStatus, "applied"> }));
    scenarios[s.id] = {
      ...full,
      deals: Object.fromEntries(Object.entries(full.deals).map(([id, d]) => [id, { ...d, scenario: picked.get(id) ?? null }])),
      label: s.label ?? null,
      picks: Object.fromEntries(s.picks.map((p) => [p.deal, p.scenario])),
      complete: s.complete,
      ...(s.complete ? {} : { missing }),
      delta: { total: delta ? plain(delta.total, m) : null, firm_commitment: delta ? plain(delta.firmCommitment, m) : null },
    };
  }
  return { ...base, scenarios: ordinary(scenarios) };
}

/** The figures object of the portfolio's base figures, or of a scenario's. */
function figuresObject(analysis: PortfolioAnalysis, f: PortfolioFigures | undefined): PortfolioFiguresJson {
  const m = f?.minor ?? 2;
  const rel = (to: string) => relativeLocation(analysis.location, to);
  const providers: PortfolioFiguresJson["providers"] = userKeyed();
  for (const p of f?.providers ?? []) {
    providers[p.name] = {
      total: plain(p.total, m),
      share: p.share === undefined ? null : p.share.toDecimalPlaces(SHARE_DECIMALS, Decimal.ROUND_HALF_UP).toFixed(SHARE_DECIMALS),
      percent: p.share === undefined ? null : sharePercent(p.share).toFixed(2),
      firm_commitment: plain(p.firmCommitment, m),
      deals: [...p.deals],
    };
  }
  const deals: PortfolioFiguresJson["deals"] = userKeyed();
  for (const d of f?.deals ?? []) {
    deals[d.id] = {
      file: rel(d.location),
      provider: d.provider,
      currency: d.currency,
      rate: d.rate.toFixed(),
      total: plain(d.total, m),
      firm_commitment: plain(d.firmCommitment, m),
      firm_basis: d.firm.source.kind === "clause" ? `termination ${d.firm.source.clause + 1}` : d.firm.source.kind,
      years: Object.fromEntries([...d.years].map(([y, v]) => [String(y), plain(v, m)])),
    };
  }
  return {
    portfolio: analysis.model?.id ?? null,
    title: analysis.model?.title ?? null,
    currency: f?.currency ?? null,
    total: f ? plain(f.total, m) : null,
    years: Object.fromEntries([...(f?.years ?? new Map())].map(([y, v]) => [String(y), plain(v, m)])),
    providers: ordinary(providers),
    hhi: f?.hhi === undefined ? null : f.hhi.toFixed(2),
    firm_commitment: f ? plain(f.firmCommitment, m) : null,
    capacity: Object.fromEntries((f?.capacity ?? []).map((c) => [String(c.year), { mw: c.megawatts.toFixed(), gpus: c.gpus.toNumber(), deals: [...c.deals] }])),
    fx: Object.fromEntries([...(f?.rates ?? new Map())].filter(([c]) => c !== f?.currency).map(([c, r]) => [c, r.toFixed()])),
    deals: ordinary(deals),
    excluded: analysis.deals
      .filter((d) => d.status !== "counted")
      .map((d) => ({ file: rel(d.location), deal: d.analysis.model?.id ?? null, reason: d.status as Exclude<DealStatus, "counted"> })),
  };
}
