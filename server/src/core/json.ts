/** The figures as JSON, in the stable shape of the language specification. */
import { formatDay } from "./dates";
import type { Analysis } from "./analyze";
import { plain } from "./money";

export interface FiguresJson {
  deal: string | null;
  currency: string | null;
  term: { start: string; end: string; days: number } | null;
  total: string | null;
  years: Record<string, string>;
  peak_month: string | null;
  run_rate: string | null;
  fees: Record<string, { total: string; periods: number; first: string | null; last: string | null }>;
  exit_exposure: (string | null)[];
  per_gpu_hour: string | null;
  per_mw_month: string | null;
  npv: string | null;
  by_basis: Record<string, string>;
  shortfall: string | null;
}

export function figuresJson(analysis: Analysis): FiguresJson {
  const model = analysis.model;
  const f = analysis.figures;
  const m = f?.minor ?? 2;
  const money = (v: Parameters<typeof plain>[0] | undefined) => (v === undefined ? null : plain(v, m));
  const fees: FiguresJson["fees"] = {};
  if (f && model) {
    model.fees.forEach((fee, i) => {
      const ff = f.fees[i]!;
      fees[fee.id] = { total: plain(ff.total, m), periods: ff.periods, first: ff.first === undefined ? null : formatDay(ff.first), last: ff.last === undefined ? null : formatDay(ff.last) };
    });
  }
  return {
    deal: model?.id ?? null,
    currency: model?.currency ?? null,
    term: model?.term ? { start: formatDay(model.term.start), end: formatDay(model.term.last), days: model.term.days } : null,
    total: money(f?.total),
    years: Object.fromEntries([...(f?.years ?? new Map())].map(([y, v]) => [String(y), plain(v, m)])),
    peak_month: money(f?.peakMonth?.amount),
    run_rate: money(f?.runRate.amount),
    fees,
    exit_exposure: f ? f.exits.map((e) => plain(e.exposure, m)) : [],
    per_gpu_hour: money(f?.perGpuHour?.amount),
    per_mw_month: money(f?.perMwMonth?.amount),
    npv: money(f?.npv?.amount),
    by_basis: Object.fromEntries((f?.byBasis ?? []).map(([b, v]) => [b, plain(v, m)])),
    shortfall: money(f?.shortfall),
  };
}
