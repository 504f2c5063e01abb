/**
 * The figures a policy is checked on, one case per set of figures (the base
 * figures and each scenario's), read from the figures JSON.
 */
import type { Analysis } from "../analyze";
import { figuresJson, type FiguresJson } from "../json";
import { Decimal, ZERO } from "../money";
import { portfolioFiguresJson, SHARE_DECIMALS, type PortfolioAnalysis, type PortfolioFiguresJson } from "../portfolio";
import type { PolicyFigure, PolicySubject } from "./types";

/** One set of figures a policy is checked on: the base figures or one scenario's. */
export interface Case {
  readonly scenario: string | null;
  readonly complete: boolean;
  readonly currency: string | null;
  /** Why the figures are incomplete, for messages. */
  readonly why?: string;
  readonly values: Partial<Record<PolicyFigure, Decimal | null>>;
}

const dec = (s: string | null | undefined): Decimal | null => (s === null || s === undefined ? null : new Decimal(s));

function dealValues(f: Omit<FiguresJson, "scenarios">): Case["values"] {
  const exposures = f.exit_exposure.filter((e): e is string => e !== null).map((e) => new Decimal(e));
  const total = dec(f.total);
  const assumed = dec(f.by_basis.assumed) ?? ZERO;
  return {
    total,
    run_rate: dec(f.run_rate),
    peak_month: dec(f.peak_month),
    npv: dec(f.npv),
    exit_exposure: exposures.length === 0 ? null : Decimal.max(...exposures),
    // No shortfall (null in the JSON) is a shortfall of 0, once there is a total.
    shortfall: dec(f.shortfall) ?? (total === null ? null : ZERO),
    per_gpu_hour: dec(f.per_gpu_hour),
    per_mw_month: dec(f.per_mw_month),
    // A fraction rounded like the portfolio's shares; defined for a positive total only.
    assumed_share: total !== null && total.gt(0) ? assumed.div(total).toDecimalPlaces(SHARE_DECIMALS, Decimal.ROUND_HALF_UP) : null,
  };
}

function incompleteWhy(f: Omit<FiguresJson, "scenarios">): string {
  return f.total === null ? "the file has errors and no figures" : `the figures leave out ${f.excluded && f.excluded.length > 0 ? `the fees ${f.excluded.map((id) => `\`${id}\``).join(", ")}` : "what could not be read"}`;
}

function dealCases(a: Analysis): Map<string | null, Case> {
  const j = figuresJson(a);
  const out = new Map<string | null, Case>();
  out.set(null, { scenario: null, complete: j.complete, currency: j.currency, values: dealValues(j), ...(j.complete ? {} : { why: incompleteWhy(j) }) });
  for (const [id, s] of Object.entries(j.scenarios ?? {})) {
    if (s === null) out.set(id, { scenario: id, complete: false, currency: j.currency, values: {}, why: `the scenario has errors` });
    else out.set(id, { scenario: id, complete: s.complete, currency: s.currency, values: dealValues(s), ...(s.complete ? {} : { why: incompleteWhy(s) }) });
  }
  return out;
}

function portfolioValues(f: Omit<PortfolioFiguresJson, "scenarios">): Case["values"] {
  return { total: dec(f.total), hhi: dec(f.hhi), firm_commitment: dec(f.firm_commitment) };
}

function portfolioWhy(f: Omit<PortfolioFiguresJson, "scenarios">, missing = 0): string | undefined {
  if (f.total === null) return "the portfolio has no figures";
  if (f.excluded.length > 0) return `the figures leave out ${f.excluded.length === 1 ? "a deal" : `${f.excluded.length} deals`} (${f.excluded.map((e) => `\`${e.file}\``).join(", ")})`;
  if (missing > 0) return `the scenario leaves out ${missing === 1 ? "a pick" : `${missing} picks`}`;
  return undefined;
}

function portfolioCases(a: PortfolioAnalysis): Map<string | null, Case> {
  const j = portfolioFiguresJson(a);
  const out = new Map<string | null, Case>();
  const why = portfolioWhy(j);
  out.set(null, { scenario: null, complete: why === undefined, currency: j.currency, values: portfolioValues(j), ...(why ? { why } : {}) });
  for (const [id, s] of Object.entries(j.scenarios ?? {})) {
    const w = portfolioWhy(s, s.complete ? 0 : (s.missing?.length ?? 1));
    out.set(id, { scenario: id, complete: w === undefined, currency: s.currency, values: portfolioValues(s), ...(w ? { why: w } : {}) });
  }
  return out;
}

export function casesOf(subject: PolicySubject): Map<string | null, Case> {
  return subject.kind === "deal" ? dealCases(subject.analysis) : portfolioCases(subject.analysis);
}

// ---------------------------------------------------------------- where a figure comes from
