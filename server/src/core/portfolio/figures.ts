/**
 * The portfolio's arithmetic, on deals that are already analyzed: each deal
 * figure converted at its rate and rounded half away from zero to the
 * portfolio currency's minor unit, then summed. Nothing here reads a file or
 * re-evaluates a deal, so editing one deal costs that deal's analysis plus
 * this aggregation.
 */
import type { Analysis } from "../analyze";
import { fromYmd, toYmd } from "../dates";
import type { Figures } from "../evaluate/figures";
import { capacityTimeline, maxOver } from "../evaluate/timeline";
import type { DealModel } from "../model/types";
import { Decimal, fromMinorUnits, roundMinor, toMinorUnits, ZERO } from "../money";

/** Where a deal's firm commitment comes from. */
export type FirmSource =
  /** No termination clause the buyer may invoke is cheaper than running the term: the whole total. */
  | { readonly kind: "total" }
  /** Leaving through this termination clause (index into the deal's `termination`) at its earliest notice day. */
  | { readonly kind: "clause"; readonly clause: number }
  /** The deal's `commitment.minimum`, which is above every other way out. */
  | { readonly kind: "minimum" };

export interface DealFirmCommitment {
  /** In the deal's currency, rounded to its minor unit. */
  readonly amount: Decimal;
  readonly source: FirmSource;
}

/**
 * The least the buyer can pay under a deal's terms: the smallest of the
 * deal's total and, for each termination clause the buyer may invoke, the
 * cost of leaving through it (the clause's fee plus every charge in
 * proportion to its days before the end of the notice window, the window
 * starting on the clause's earliest notice day and cut at the term's end;
 * a one-time fee counts whole when paid before the window ends), rounded once.
 * With notice allowed from the term's start (the default) that cost is the
 * clause's `exit_exposure`. A `commitment.minimum` above it takes its place.
 */
function dealFirmCommitment(model: DealModel, figures: Figures): DealFirmCommitment {
  let best: DealFirmCommitment = { amount: figures.total, source: { kind: "total" } };
  model.termination.forEach((clause, i) => {
    const exit = figures.exits[i];
    if (!exit || !clause.roles.includes("buyer")) return;
    let sum = clause.fee;
    for (const c of figures.schedule) {
      if (c.start >= exit.windowEnd) continue;
      const days = Math.min(c.coverEnd, exit.windowEnd - 1) - c.start + 1;
      if (days <= 0) continue;
      sum = sum.plus(days === c.coveredDays ? c.amount : c.amount.times(days).div(c.coveredDays));
    }
    const amount = roundMinor(sum, figures.minor);
    if (amount.lt(best.amount)) best = { amount, source: { kind: "clause", clause: i } };
  });
  const minimum = model.commitment?.minimum;
  if (minimum && minimum.gt(best.amount)) best = { amount: roundMinor(minimum, figures.minor), source: { kind: "minimum" } };
  return best;
}

/** One deal's figures in the portfolio's currency. */
export interface ConvertedDeal {
  readonly location: string;
  readonly id: string;
  readonly provider: string;
  readonly currency: string;
  /** One unit of the deal's currency in the portfolio's (1 for the same currency). */
  readonly rate: Decimal;
  /** The deal's total x rate, rounded. */
  readonly total: Decimal;
  /** Each year's sum x rate, rounded. */
  readonly years: ReadonlyMap<number, Decimal>;
  /** The deal's firm commitment x rate, rounded. */
  readonly firmCommitment: Decimal;
  readonly firm: DealFirmCommitment;
  readonly analysis: Analysis;
  /** The deal (or the picked scenario's deal) these figures come from. */
  readonly model: DealModel;
  /** The deal's figures, or the picked scenario's, in the deal's currency. */
  readonly figures: Figures;
  /** The id of the deal's scenario these figures are, in a portfolio scenario; absent for the deal's base. */
  readonly scenario?: string;
  /**
   * `total`, `firmCommitment` and each year's sum in minor units of the
   * portfolio's currency (each is rounded to it): what `aggregate` adds up,
   * exactly, for every deal again whenever one of them changes.
   */
  readonly units: { readonly total: bigint; readonly firm: bigint; readonly years: ReadonlyMap<number, bigint> };
  /** Each calendar year of the deal's term, when it states a capacity: the largest power (MW) and GPUs it has in force on a day of the year. */
  readonly capacityYears: readonly DealCapacityYear[];
}

/** A deal's capacity in one calendar year of its term (what the portfolio's `CapacityYear` sums). */
export interface DealCapacityYear {
  readonly year: number;
  /** Absent when the deal states no power. */
  readonly megawatts?: Decimal;
  /** Absent when the deal states no GPUs. */
  readonly gpus?: Decimal;
}

/** `value` x `rate`, rounded half away from zero to `minor` decimals. */
export function convert(value: Decimal, rate: Decimal, minor: number): Decimal {
  return roundMinor(value.times(rate), minor);
}

/** Converts one deal's figures; the deal must have a model and figures (a deal without errors does). */
export function convertDeal(location: string, analysis: Analysis, rate: Decimal, minor: number): ConvertedDeal | undefined {
  const model = analysis.model;
  const f = analysis.figures;
  if (!model || !f || model.id === undefined) return undefined;
  return convertFigures(location, analysis, model, f, rate, minor);
}

/**
 * Converts a model and its figures (a deal's base, or one of its scenarios,
 * named by `scenario`) at `rate`: total, years and firm commitment, each
 * converted and rounded on its own. The deal id is the base deal's.
 */
export function convertFigures(location: string, analysis: Analysis, model: DealModel, f: Figures, rate: Decimal, minor: number, scenario?: string): ConvertedDeal {
  const firm = dealFirmCommitment(model, f);
  const years = new Map<number, Decimal>();
  const yearUnits = new Map<number, bigint>();
  for (const [y, v] of f.years) {
    const converted = convert(v, rate, minor);
    years.set(y, converted);
    yearUnits.set(y, toMinorUnits(converted, minor));
  }
  const total = convert(f.total, rate, minor);
  const firmCommitment = convert(firm.amount, rate, minor);
  const out: { -readonly [K in keyof ConvertedDeal]: ConvertedDeal[K] } = {
    location,
    id: analysis.model?.id ?? model.id ?? "",
    provider: providerOf(model),
    currency: f.currency,
    rate,
    total,
    years,
    firmCommitment,
    firm,
    analysis,
    model,
    figures: f,
    units: { total: toMinorUnits(total, minor), firm: toMinorUnits(firmCommitment, minor), years: yearUnits },
    capacityYears: capacityYears(model, f),
  };
  if (scenario !== undefined) out.scenario = scenario;
  return out;
}

/** The capacity of the figures' term (a scenario's exit ends it early), year by year; none when the deal states no capacity. */
function capacityYears(model: DealModel, f: Figures): DealCapacityYear[] {
  const cap = model.capacity;
  const term = f.term;
  if (!term || !cap || (cap.megawatts === undefined && cap.gpus === undefined && cap.steps.length === 0)) return [];
  // The capacity in force changes with the steps (and its last state goes on through an extension): each year counts the largest.
  const power = capacityTimeline(cap, term.start, "megawatts");
  const gpus = capacityTimeline(cap, term.start, "gpus");
  const out: DealCapacityYear[] = [];
  for (let y = toYmd(term.start).year, last = toYmd(term.last).year; y <= last; y++) {
    const from = Math.max(term.start, fromYmd(y, 1, 1));
    const to = Math.min(term.last, fromYmd(y, 12, 31));
    const year: { -readonly [K in keyof DealCapacityYear]: DealCapacityYear[K] } = { year: y };
    if (power) year.megawatts = maxOver(power, from, to);
    if (gpus) year.gpus = maxOver(gpus, from, to);
    out.push(year);
  }
  return out;
}

/** The provider's name as the portfolio groups it: the deal's `parties.provider`, trimmed. */
export function providerOf(model: DealModel): string {
  return (model.parties.provider ?? "").trim();
}

export interface ProviderFigures {
  readonly name: string;
  readonly total: Decimal;
  /** total / portfolio total, unrounded (60 significant digits); absent when the portfolio total is not above zero. */
  readonly share?: Decimal;
  readonly firmCommitment: Decimal;
  /** Deal ids, in portfolio order. */
  readonly deals: readonly string[];
}

export interface CapacityYear {
  readonly year: number;
  /** Sum over the deals in force in the year of the largest power each has in force on a day of the year (`capacity.power`, then its steps), in MW, exact. */
  readonly megawatts: Decimal;
  /** The same for `capacity.gpus` and the steps' `gpus`. */
  readonly gpus: Decimal;
  /** The deals in force in the year that state a capacity, in portfolio order. */
  readonly deals: readonly string[];
}

export interface PortfolioFigures {
  readonly currency: string;
  readonly minor: number;
  /** The deals counted, in portfolio order. */
  readonly deals: readonly ConvertedDeal[];
  /** Sum of the converted deal totals. */
  readonly total: Decimal;
  /** Calendar year to the sum of the converted year figures, ascending; years without payments absent. */
  readonly years: ReadonlyMap<number, Decimal>;
  /** By total, largest first (then by name). */
  readonly providers: readonly ProviderFigures[];
  /** Herfindahl-Hirschman index over provider shares, 0-10,000, rounded to 2 decimals; absent when shares are undefined or a provider's total is negative. */
  readonly hhi?: Decimal;
  /** The same, unrounded. */
  readonly hhiExact?: Decimal;
  /** Sum of the converted deal firm commitments. */
  readonly firmCommitment: Decimal;
  /** Capacity in force per calendar year, ascending; only years in which some counted deal that states a capacity is in force. */
  readonly capacity: readonly CapacityYear[];
  /** The rates used, by deal currency (the portfolio's own currency at 1 when a deal uses it). */
  readonly rates: ReadonlyMap<string, Decimal>;
}

const TEN_THOUSAND = new Decimal(10000);

/**
 * Aggregates converted deals into the portfolio's figures. The money sums
 * are of the deals' figures in minor units (`ConvertedDeal.units`): exact
 * integers, each made a Decimal once, the same values as Decimal sums.
 */
export function aggregate(currency: string, minor: number, deals: readonly ConvertedDeal[]): PortfolioFigures {
  let totalUnits = 0n;
  let firmUnits = 0n;
  const yearUnits = new Map<number, bigint>();
  const providers = new Map<string, { total: bigint; firm: bigint; deals: string[] }>();
  const capacity = new Map<number, { megawatts: Decimal; gpus: Decimal; deals: string[] }>();
  const rates = new Map<string, Decimal>();

  for (const d of deals) {
    const u = d.units;
    totalUnits += u.total;
    firmUnits += u.firm;
    for (const [y, v] of u.years) yearUnits.set(y, (yearUnits.get(y) ?? 0n) + v);
    const p = providers.get(d.provider) ?? { total: 0n, firm: 0n, deals: [] };
    p.total += u.total;
    p.firm += u.firm;
    p.deals.push(d.id);
    providers.set(d.provider, p);
    if (!rates.has(d.currency)) rates.set(d.currency, d.rate);
    for (const y of d.capacityYears) {
      const c = capacity.get(y.year) ?? { megawatts: ZERO, gpus: ZERO, deals: [] };
      if (y.megawatts) c.megawatts = c.megawatts.plus(y.megawatts);
      if (y.gpus) c.gpus = c.gpus.plus(y.gpus);
      c.deals.push(d.id);
      capacity.set(y.year, c);
    }
  }

  const total = fromMinorUnits(totalUnits, minor);
  const firmCommitment = fromMinorUnits(firmUnits, minor);
  const years = new Map<number, Decimal>();
  for (const [y, v] of yearUnits) years.set(y, fromMinorUnits(v, minor));
  const positive = total.gt(0);
  const providerList: ProviderFigures[] = [...providers.entries()]
    .map(([name, p]) => {
      const pTotal = fromMinorUnits(p.total, minor);
      const out: { -readonly [K in keyof ProviderFigures]: ProviderFigures[K] } = { name, total: pTotal, firmCommitment: fromMinorUnits(p.firm, minor), deals: p.deals };
      if (positive) out.share = pTotal.div(total);
      return out;
    })
    .sort((a, b) => b.total.comparedTo(a.total) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const figures: { -readonly [K in keyof PortfolioFigures]: PortfolioFigures[K] } = {
    currency,
    minor,
    deals,
    total,
    years: new Map([...years.entries()].sort((a, b) => a[0] - b[0])),
    providers: providerList,
    firmCommitment,
    capacity: [...capacity.entries()].sort((a, b) => a[0] - b[0]).map(([year, c]) => ({ year, ...c })),
    rates,
  };
  if (positive && providerList.every((p) => !p.total.isNegative())) {
    // Σ (T_p / T)² x 10,000 = 10,000 x Σ T_p² / T²: the squares are exact, one division.
    let squares = ZERO;
    for (const p of providerList) squares = squares.plus(p.total.times(p.total));
    const exact = squares.times(TEN_THOUSAND).div(total.times(total));
    figures.hhiExact = exact;
    figures.hhi = exact.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  }
  return figures;
}

/** A share as a percentage rounded half away from zero to `decimals` (2 for display): 0.43214 -> 43.21. */
export function sharePercent(share: Decimal, decimals = 2): Decimal {
  return share.times(100).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
}
