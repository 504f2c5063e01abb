/** A portfolio's figures as JSON: the stable shape `dealspec totals --json` prints (docs/portfolio.md). */
import { Decimal, plain } from "../money";
import type { PortfolioAnalysis, DealStatus } from "./analyze";
import { sharePercent } from "./figures";
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
}

/** Decimal places of a share in JSON (a fraction: 0.432143 is 43.2143%). */
export const SHARE_DECIMALS = 6;

export function portfolioFiguresJson(analysis: PortfolioAnalysis): PortfolioFiguresJson {
  const f = analysis.figures;
  const m = f?.minor ?? 2;
  const rel = (to: string) => relativeLocation(analysis.location, to);
  const providers: PortfolioFiguresJson["providers"] = {};
  for (const p of f?.providers ?? []) {
    providers[p.name] = {
      total: plain(p.total, m),
      share: p.share === undefined ? null : p.share.toDecimalPlaces(SHARE_DECIMALS, Decimal.ROUND_HALF_UP).toFixed(SHARE_DECIMALS),
      percent: p.share === undefined ? null : sharePercent(p.share).toFixed(2),
      firm_commitment: plain(p.firmCommitment, m),
      deals: [...p.deals],
    };
  }
  const deals: PortfolioFiguresJson["deals"] = {};
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
    providers,
    hhi: f?.hhi === undefined ? null : f.hhi.toFixed(2),
    firm_commitment: f ? plain(f.firmCommitment, m) : null,
    capacity: Object.fromEntries((f?.capacity ?? []).map((c) => [String(c.year), { mw: c.megawatts.toFixed(), gpus: c.gpus.toNumber(), deals: [...c.deals] }])),
    fx: Object.fromEntries([...(f?.rates ?? new Map())].filter(([c]) => c !== f?.currency).map(([c, r]) => [c, r.toFixed()])),
    deals,
    excluded: analysis.deals
      .filter((d) => d.status !== "counted")
      .map((d) => ({ file: rel(d.location), deal: d.analysis.model?.id ?? null, reason: d.status as Exclude<DealStatus, "counted"> })),
  };
}
