/**
 * Unit prices and capacity for the editor features: the words for a price's
 * unit, quantities written as people write them, and the quantity a
 * unit-priced fee counts on each day as runs of equal values. The runs only
 * describe; every amount and every quantity-day sum shown comes from the
 * engine's charges (`Charge.units`, `Charge.amount`).
 */
import type { Day } from "../dates";
import { capacityTimeline, type Timeline } from "../evaluate/timeline";
import type { CapacityModel, FeeModel, StepModel, TermModel } from "../model/types";
import { Decimal, groupDigits } from "../money";
import { isGpuUnit, type PriceUnit } from "../values";

/** What one unit of a price counts: `MW`, `kW` or `GPUs`. */
function quantityUnit(unit: PriceUnit): string {
  return unit === "MW-month" ? "MW" : unit === "kW-month" ? "kW" : "GPUs";
}

/** The unit of a quantity summed over days: `MW-days`, `kW-days`, `GPU-days`. */
export function quantityDayUnit(unit: PriceUnit): string {
  return unit === "MW-month" ? "MW-days" : unit === "kW-month" ? "kW-days" : "GPU-days";
}

/** A quantity with digit groups and every decimal it has: `5,000`, `1,000`, `0.5`, `12,345.75`. */
export function formatQuantity(n: Decimal): string {
  return groupDigits(n.toFixed());
}

/** `20 MW`, `5,000 kW`, `4,096 GPUs`. */
export function quantityText(n: Decimal, unit: PriceUnit): string {
  return `${formatQuantity(n)} ${quantityUnit(unit)}`;
}

/** Power in MW as written in hovers: `300 MW`. */
export function powerText(megawatts: Decimal): string {
  return `${formatQuantity(megawatts)} MW`;
}

export function gpuText(gpus: Decimal): string {
  return `${formatQuantity(gpus)} GPUs`;
}

/** One run of days with the same quantity. */
export interface QuantityRun {
  readonly from: Day;
  /** Last day, inclusive. */
  readonly to: Day;
  readonly value: Decimal;
}

/** The quantity a unit-priced fee counts each day, in its price's unit: its own `quantity`, or the capacity in force. */
export function feeQuantityTimeline(fee: FeeModel, capacity: CapacityModel | undefined, term: TermModel): Timeline | undefined {
  const price = fee.price;
  if (!price) return undefined;
  if (price.quantity !== undefined) return { days: [fee.from], values: [price.quantity] };
  const t = capacityTimeline(capacity, term.start, isGpuUnit(price.unit) ? "gpus" : "megawatts");
  if (!t || price.unit !== "kW-month") return t;
  return { days: t.days, values: t.values.map((v) => v.times(1000)) };
}

/** The runs of equal quantity over the days a..b (0 where no value is in force yet). */
export function runsOver(t: Timeline | undefined, a: Day, b: Day): QuantityRun[] {
  const out: QuantityRun[] = [];
  const zero = new Decimal(0);
  const push = (from: Day, to: Day, value: Decimal) => {
    const last = out[out.length - 1];
    if (last && last.value.eq(value) && last.to + 1 === from) out[out.length - 1] = { ...last, to };
    else out.push({ from, to, value });
  };
  const days = t?.days ?? [];
  if (days.length === 0 || days[0]! > a) push(a, Math.min(b, (days[0] ?? b + 1) - 1), zero);
  for (let k = 0; k < days.length; k++) {
    const from = Math.max(a, days[k]!);
    const to = Math.min(b, k + 1 < days.length ? days[k + 1]! - 1 : b);
    if (to >= from) push(from, to, t!.values[k]!);
  }
  return out;
}

/** The sum of the runs' value x days: what the engine's `Charge.units` holds for the same days. */
export function runsTotal(runs: readonly QuantityRun[]): Decimal {
  return runs.reduce((s, r) => s.plus(r.value.times(r.to - r.from + 1)), new Decimal(0));
}

/** True when the step sets the kind of capacity the fee's unit counts, and the fee counts the capacity (no `quantity`). */
export function stepDrives(step: StepModel, fee: FeeModel): boolean {
  const price = fee.price;
  if (!price || price.quantity !== undefined) return false;
  return isGpuUnit(price.unit) ? step.gpus !== undefined : step.megawatts !== undefined;
}
