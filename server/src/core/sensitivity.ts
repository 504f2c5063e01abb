/**
 * Sensitivity: how much each assumption moves the deal's total and NPV. Each
 * variant is a generated scenario, written in the scenario language and
 * evaluated by the scenario engine, so a row's figures are exactly what the
 * same scenario written by hand in the file gives (`scenario` holds it).
 */
import type { Analysis } from "./analyze";
import type { Diagnostic } from "./diagnostics";
import type { Figures } from "./evaluate/figures";
import { Decimal, ZERO } from "./money";
import { analyzeScenarios } from "./scenarios";
import type { Path, SyntaxTree } from "./syntax";
import type { Node, Scalar } from "yaml";
import type { Span } from "./diagnostics";

/** One generated scenario: its changes, as they would be written under `scenarios:`. */
export type GeneratedScenario = Record<string, unknown> & { readonly id: string };

export interface SensitivityVariant {
  /** The scenario that gives this variant's figures. */
  readonly scenario: GeneratedScenario;
  readonly label: string;
  readonly total?: Decimal;
  readonly npv?: Decimal;
  /** Variant minus base; undefined when a side has no figures. */
  readonly deltaTotal?: Decimal;
  readonly deltaNpv?: Decimal;
}

export interface SensitivityDriver {
  /** What is varied: `fee base (assumed)`, `discount rate`, `capacity steps`, `option extend-2y`. */
  readonly driver: string;
  readonly kind: "amount" | "escalation" | "discount_rate" | "capacity" | "option";
  readonly low: SensitivityVariant;
  /** Absent for options (exercised or not is one variant). */
  readonly high?: SensitivityVariant;
  /** The spread between the variants' deltas (or the one variant's |delta|), in the measure the ranking uses. */
  readonly swing: Decimal;
}

export interface Sensitivity {
  /** `npv` when the deal has a discount rate, else `total`. */
  readonly measure: "npv" | "total";
  readonly step: Decimal;
  readonly drivers: readonly SensitivityDriver[];
}

function percentText(rate: Decimal): string {
  return `${rate.times(100).toString()}%`;
}

function signedPercentText(rate: Decimal): string {
  return `${rate.isNegative() ? "-" : "+"}${percentText(rate.abs())}`;
}

/** A tree with generated scenarios in place of the file's: their values are read as written here, never from the file. */
class GeneratedTree implements SyntaxTree {
  readonly diagnostics: readonly Diagnostic[] = [];
  readonly root: unknown;

  constructor(
    readonly base: SyntaxTree,
    scenarios: readonly GeneratedScenario[],
  ) {
    this.root = { ...(base.root as Record<string, unknown>), scenarios };
  }

  get text(): string {
    return this.base.text;
  }

  private generated(path: Path): boolean {
    return path[0] === "scenarios";
  }

  locate(path: Path): { node?: Node; key?: Scalar } | undefined {
    return this.generated(path) ? undefined : this.base.locate(path);
  }

  spanOf(path: Path, prefer?: "value" | "key"): Span {
    return this.generated(path) ? this.base.spanOf([]) : this.base.spanOf(path, prefer);
  }

  keySpanOf(path: Path): Span {
    return this.generated(path) ? this.base.spanOf([]) : this.base.keySpanOf(path);
  }

  scalarText(path: Path): string | undefined {
    return this.generated(path) ? undefined : this.base.scalarText(path);
  }
}

/** The generated scenarios of a deal, in pairs (low, high) per driver, options alone. */
function generate(a: Analysis, step: Decimal): { driver: string; kind: SensitivityDriver["kind"]; variants: { scenario: GeneratedScenario; label: string }[] }[] {
  const model = a.model!;
  const out: ReturnType<typeof generate> = [];
  for (const fee of model.fees) {
    if (fee.basis !== "assumed") continue;
    const what = fee.price ? "price" : "amount";
    out.push({
      driver: `${fee.id} ${what}`,
      kind: "amount",
      variants: [
        { scenario: { id: `${fee.id}-${what}-down`, change: { [fee.id]: signedPercentText(step.neg()) } }, label: `${what} ${signedPercentText(step.neg())}` },
        { scenario: { id: `${fee.id}-${what}-up`, change: { [fee.id]: signedPercentText(step) } }, label: `${what} ${signedPercentText(step)}` },
      ],
    });
    if (fee.escalate) {
      const rate = fee.escalate.rate;
      const down = Decimal.max(ZERO, rate.minus("0.01"));
      const up = rate.plus("0.01");
      out.push({
        driver: `${fee.id} escalation`,
        kind: "escalation",
        variants: [
          { scenario: { id: `${fee.id}-escalation-down`, set: { [`fees.${fee.id}.escalate.rate`]: percentText(down) } }, label: `rate ${percentText(down)}` },
          { scenario: { id: `${fee.id}-escalation-up`, set: { [`fees.${fee.id}.escalate.rate`]: percentText(up) } }, label: `rate ${percentText(up)}` },
        ],
      });
    }
  }
  if (model.discountRate) {
    const rate = model.discountRate.rate;
    const down = Decimal.max(ZERO, rate.minus("0.01"));
    const up = rate.plus("0.01");
    out.push({
      driver: "discount rate",
      kind: "discount_rate",
      variants: [
        { scenario: { id: "discount-rate-down", set: { discount_rate: percentText(down) } }, label: percentText(down) },
        { scenario: { id: "discount-rate-up", set: { discount_rate: percentText(up) } }, label: percentText(up) },
      ],
    });
  }
  if ((model.capacity?.steps.length ?? 0) > 0) {
    out.push({
      driver: "capacity steps",
      kind: "capacity",
      variants: [
        { scenario: { id: "capacity-early", shift: { capacity: "-3 months" } }, label: "3 months earlier" },
        { scenario: { id: "capacity-late", shift: { capacity: "3 months" } }, label: "3 months later" },
      ],
    });
  }
  for (const option of model.options) {
    out.push({
      driver: `option ${option.id}`,
      kind: "option",
      variants: [
        option.exercised
          ? { scenario: { id: `${option.id}-not-exercised`, set: { [`options.${option.id}.exercised`]: false } }, label: "not exercised" }
          : { scenario: { id: `${option.id}-exercised`, exercise: [option.id] }, label: "exercised" },
      ],
    });
  }
  return out;
}

/** How many scenarios the sensitivity of a deal generates (what computing it costs, in evaluations of the deal). */
export function sensitivityScenarioCount(a: Analysis, step: Decimal = new Decimal("0.1")): number {
  return a.model ? generate(a, step).reduce((n, g) => n + g.variants.length, 0) : 0;
}

/**
 * The sensitivity of a deal without errors: each assumed fee's amount or
 * price -/+ `step`, its escalation rate -/+ 1 point (not below 0), the
 * discount rate -/+ 1 point, the capacity steps 3 months earlier and later,
 * and each option the other way; sorted by swing, largest first.
 */
export function sensitivity(a: Analysis, step: Decimal = new Decimal("0.1")): Sensitivity | undefined {
  const model = a.model;
  const base = a.figures;
  if (!model || !base || !model.feesRead || model.excluded.length > 0) return undefined;
  const measure = base.npv ? "npv" : "total";
  const groups = generate(a, step);
  const scenarios = groups.flatMap((g) => g.variants.map((v) => v.scenario));
  const tree = new GeneratedTree(a.syntax, scenarios);
  // A row needs the total and the NPV only: no exit exposures, curves or option values for each variant.
  const { results } = analyzeScenarios(tree, model, a.diagnostics, { totalsOnly: true });
  const byId = new Map(results.map((r) => [r.id, r.figures]));
  const variant = (v: { scenario: GeneratedScenario; label: string }): SensitivityVariant => {
    const f: Figures | undefined = byId.get(v.scenario.id);
    const out: { -readonly [K in keyof SensitivityVariant]: SensitivityVariant[K] } = { scenario: v.scenario, label: v.label };
    if (!f) return out;
    out.total = f.total;
    out.deltaTotal = f.total.minus(base.total);
    if (f.npv && base.npv) {
      out.npv = f.npv.amount;
      out.deltaNpv = f.npv.amount.minus(base.npv.amount);
    }
    return out;
  };
  const deltaOf = (v: SensitivityVariant | undefined) => (measure === "npv" ? v?.deltaNpv : v?.deltaTotal) ?? ZERO;
  const drivers: SensitivityDriver[] = groups.map((g) => {
    const low = variant(g.variants[0]!);
    const high = g.variants[1] ? variant(g.variants[1]) : undefined;
    const swing = high ? deltaOf(high).minus(deltaOf(low)).abs() : deltaOf(low).abs();
    return high ? { driver: g.driver, kind: g.kind, low, high, swing } : { driver: g.driver, kind: g.kind, low, swing };
  });
  // Largest swing first; equal swings keep the order of the file.
  drivers.sort((x, y) => y.swing.comparedTo(x.swing));
  return { measure, step, drivers };
}
