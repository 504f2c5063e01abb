/** The figures as JSON, in the stable shape of the language specification. */
import { formatDay } from "./dates";
import type { Analysis } from "./analyze";
import type { Figures } from "./evaluate/figures";
import type { DealModel, TermModel } from "./model/types";
import { ordinary, userKeyed, valueAt } from "./syntax";
import { plain, type Decimal } from "./money";
import { feesComplete, dealScenarioDelta } from "./scenarios";
import type { Sensitivity, SensitivityVariant } from "./sensitivity";

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
  /** Only where the file has options. */
  options?: Record<string, { deadline: string; exercised: boolean; value: string | null }>;
  /** Whenever the deal has termination clauses: one list per clause. */
  exit_curve?: { on: string; exposure: string }[][];
  /** Only where the file has scenarios: each one's figures (null when it has errors) and its difference from the base. */
  scenarios?: Record<string, (Omit<FiguresJson, "scenarios"> & { delta: { total: string | null; npv: string | null } }) | null>;
  /** True when every fee was evaluated. */
  complete: boolean;
  /** The fees left out, in file order (only when not complete). */
  excluded?: string[];
}

export function figuresJson(analysis: Analysis): FiguresJson {
  const base = figuresJsonOf(analysis.model, analysis.figures);
  if (analysis.scenarios.length === 0 && !Array.isArray(valueAt(analysis.syntax.root, ["scenarios"]))) return base;
  const scenarios: NonNullable<FiguresJson["scenarios"]> = userKeyed();
  for (const r of analysis.scenarios) {
    if (!r.figures || !r.model) {
      scenarios[r.id] = null;
      continue;
    }
    const m = r.figures.minor;
    const delta = dealScenarioDelta(analysis, r);
    scenarios[r.id] = { ...figuresJsonOf(r.model, r.figures), delta: { total: delta ? plain(delta.total, m) : null, npv: delta?.npv ? plain(delta.npv, m) : null } };
  }
  return { ...base, scenarios: ordinary(scenarios) };
}

/** Whether every fee was evaluated, and which were left out. */
export function completeness(model: DealModel | undefined, figures: Figures | undefined): { complete: boolean; excluded: string[] } {
  if (model && figures && feesComplete(model)) return { complete: true, excluded: [] };
  if (model && figures && model.feesRead) return { complete: false, excluded: [...model.excluded] };
  // No figures at all: every fee the file names is left out.
  return { complete: false, excluded: model ? [...model.fees.map((f) => f.id), ...model.excluded] : [] };
}

/** The JSON of one model and its figures (the deal's, or a scenario's). */
function figuresJsonOf(model: DealModel | undefined, f: Figures | undefined): FiguresJson {
  const m = f?.minor ?? 2;
  const money = (v: Parameters<typeof plain>[0] | undefined) => (v === undefined ? null : plain(v, m));
  const fees: FiguresJson["fees"] = userKeyed();
  if (f && model) {
    f.feeModels.forEach((fee, i) => {
      const ff = f.fees[i]!;
      if (ff.dropped) return;
      fees[fee.id] = { total: plain(ff.total, m), periods: ff.periods, first: ff.first === undefined ? null : formatDay(ff.first), last: ff.last === undefined ? null : formatDay(ff.last) };
    });
  }
  const out: Omit<FiguresJson, "complete"> & Partial<Pick<FiguresJson, "complete">> = {
    deal: model?.id ?? null,
    currency: model?.currency ?? null,
    term: (f?.term ?? model?.term) ? termJson((f?.term ?? model?.term)!) : null,
    total: money(f?.total),
    years: Object.fromEntries([...(f?.years ?? new Map())].map(([y, v]) => [String(y), plain(v, m)])),
    peak_month: money(f?.peakMonth?.amount),
    run_rate: money(f?.runRate.amount),
    fees: ordinary(fees),
    exit_exposure: f ? f.exits.map((e) => plain(e.exposure, m)) : [],
    per_gpu_hour: money(f?.perGpuHour?.amount),
    per_mw_month: money(f?.perMwMonth?.amount),
    npv: money(f?.npv?.amount),
    by_basis: Object.fromEntries((f?.byBasis ?? []).map(([b, v]) => [b, plain(v, m)])),
    shortfall: money(f?.shortfall),
  };
  if (model && model.options.length > 0) {
    out.options = Object.fromEntries(
      model.options.map((o, i) => {
        const of = f?.options[i];
        return [o.id, { deadline: of ? formatDay(of.step.deadline) : null, exercised: of ? of.exercised : o.exercised, value: of?.value === undefined ? null : plain(of.value, m) }];
      }),
    ) as FiguresJson["options"];
  }
  if (model && model.termination.length > 0 && f) {
    out.exit_curve = f.exitCurves.map((points) => points.map((p) => ({ on: formatDay(p.on), exposure: plain(p.exposure, m) })));
  }
  const { complete, excluded } = completeness(model, f);
  return complete ? { ...out, complete } : { ...out, complete, excluded };
}

function termJson(t: TermModel): FiguresJson["term"] {
  return { start: formatDay(t.start), end: formatDay(t.last), days: t.days };
}

/** One column of `dealspec scenarios`: the base deal or a scenario, with its headline figures. */
export interface ScenarioColumnJson {
  id: string;
  label: string | null;
  total: string | null;
  years: Record<string, string>;
  run_rate: string | null;
  npv: string | null;
  exit_exposure: (string | null)[];
  complete: boolean;
  /** Scenario minus base; null for the base, and for a side without complete figures. */
  delta: { total: string | null; npv: string | null } | null;
}

/** The base and every scenario side by side: the data of `dealspec scenarios` and the cash-flow view's picker. */
export function scenariosJson(analysis: Analysis): { deal: string | null; currency: string | null; scenarios: ScenarioColumnJson[] } {
  const all = figuresJson(analysis);
  const column = (id: string, label: string | null, f: Omit<FiguresJson, "scenarios"> | null, delta: ScenarioColumnJson["delta"]): ScenarioColumnJson => ({
    id,
    label,
    total: f?.total ?? null,
    years: f?.years ?? {},
    run_rate: f?.run_rate ?? null,
    npv: f?.npv ?? null,
    exit_exposure: f?.exit_exposure ?? [],
    complete: f?.complete ?? false,
    delta,
  });
  const columns = [column("base", analysis.model?.title ?? null, all, null)];
  for (const r of analysis.scenarios) {
    const s = all.scenarios?.[r.id] ?? null;
    columns.push(column(r.id, r.label ?? null, s, s ? s.delta : { total: null, npv: null }));
  }
  return { deal: all.deal, currency: all.currency, scenarios: columns };
}

/** The sensitivity as JSON (`dealspec sensitivity --format json`, the tornado chart). */
export function sensitivityJson(analysis: Analysis, s: Sensitivity): SensitivityJson {
  const m = analysis.figures?.minor ?? 2;
  const money = (v: Decimal | undefined) => (v === undefined ? null : plain(v, m));
  const variant = (v: SensitivityVariant) => ({ label: v.label, scenario: v.scenario, total: money(v.total), npv: money(v.npv), delta_total: money(v.deltaTotal), delta_npv: money(v.deltaNpv) });
  return {
    deal: analysis.model?.id ?? null,
    currency: analysis.model?.currency ?? null,
    measure: s.measure,
    step: `${s.step.times(100).toString()}%`,
    drivers: s.drivers.map((d) => ({ driver: d.driver, kind: d.kind, low: variant(d.low), high: d.high ? variant(d.high) : null, swing: plain(d.swing, m) })),
  };
}

export interface SensitivityVariantJson {
  label: string;
  scenario: Record<string, unknown>;
  total: string | null;
  npv: string | null;
  delta_total: string | null;
  delta_npv: string | null;
}

export interface SensitivityJson {
  deal: string | null;
  currency: string | null;
  measure: "npv" | "total";
  step: string;
  drivers: { driver: string; kind: string; low: SensitivityVariantJson; high: SensitivityVariantJson | null; swing: string }[];
}
