/**
 * Review gates: the `policies` of `dealspec.config.yaml` checked against a
 * deal's or a portfolio's figures (value limits, `max` and `min`) and against
 * the same figures at a base revision (change limits, `max_increase` and
 * `max_decrease`). Pure: analyses in, breaches (diagnostics in the checked
 * file) out. Reading the policies is `config.ts`'s job; finding the files and
 * the base revision is the front ends'.
 *
 * A figure is taken as the figures JSON gives it (`figuresJson`,
 * `portfolioFiguresJson`): money in the currency's minor unit, `hhi` with two
 * decimals. Every comparison is exact (Decimal). A policy on a figure the
 * JSON marks incomplete (`complete: false`, a scenario with errors, a
 * portfolio leaving deals out) counts as breached: a gate that cannot check
 * does not pass.
 */
import type { Analysis } from "./analyze";
import type { IgnorePattern } from "./files/pattern";
import { diagnostic, type Diagnostic, type DiagnosticCode, type Severity, type Span } from "./diagnostics";
import { figuresJson, type FiguresJson } from "./json";
import { Decimal, formatMoney, formatPercent, ZERO } from "./money";
import { portfolioFiguresJson, SHARE_DECIMALS, type PortfolioAnalysis, type PortfolioFiguresJson } from "./portfolio";
import type { Path, SyntaxTree } from "./syntax";

/** What a limit on a figure is written in: money, a share of the total (a percentage), or index points. */
export type FigureUnit = "money" | "share" | "index";
export type SubjectKind = "deal" | "portfolio";

/** The figures a policy may limit, the kind of file each exists for, and its unit. */
export const POLICY_FIGURES = {
  total: { on: ["deal", "portfolio"], unit: "money", description: "the total contract value (a portfolio: the sum of its deals)" },
  run_rate: { on: ["deal"], unit: "money", description: "the yearly rate of the recurring fees in force on the term's last day" },
  peak_month: { on: ["deal"], unit: "money", description: "the largest sum paid in one calendar month" },
  npv: { on: ["deal"], unit: "money", description: "the net present value at `discount_rate` (deals without one are not checked)" },
  exit_exposure: { on: ["deal"], unit: "money", description: "the largest exit exposure over the termination clauses (deals without one are not checked)" },
  shortfall: { on: ["deal"], unit: "money", description: "how far the total falls below `commitment.minimum` (0 when it does not)" },
  per_gpu_hour: { on: ["deal"], unit: "money", description: "the total per GPU-hour (deals without `capacity.gpus` are not checked)" },
  per_mw_month: { on: ["deal"], unit: "money", description: "the peak month per MW (deals without `capacity.power` are not checked)" },
  assumed_share: { on: ["deal"], unit: "share", description: "the share of the total resting on fees whose basis is `assumed`" },
  hhi: { on: ["portfolio"], unit: "index", description: "the portfolio's concentration by provider (Herfindahl-Hirschman index, 0 to 10,000)" },
  firm_commitment: { on: ["portfolio"], unit: "money", description: "the least the buyer can pay across the portfolio's deals" },
} as const satisfies Record<string, { on: readonly SubjectKind[]; unit: FigureUnit; description: string }>;

export type PolicyFigure = keyof typeof POLICY_FIGURES;
export const POLICY_FIGURE_NAMES = Object.keys(POLICY_FIGURES) as PolicyFigure[];

export const LIMIT_KINDS = ["max", "min", "max_increase", "max_decrease"] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];

/** True for the limits that compare with the base revision. */
export function isChangeLimit(kind: LimitKind): boolean {
  return kind === "max_increase" || kind === "max_decrease";
}

export type LimitValue =
  /** An amount; `currency` when the text named one (`$100M`, `EUR 5M`). */
  | { readonly type: "money"; readonly amount: Decimal; readonly currency?: string }
  /** A percentage as a fraction (`5%` is 0.05): relative to the base value, or a share (points of a share, for changes). */
  | { readonly type: "percent"; readonly rate: Decimal }
  /** A plain number: index points. */
  | { readonly type: "number"; readonly value: Decimal };

export interface PolicyLimit {
  readonly kind: LimitKind;
  readonly value: LimitValue;
  /** As written in the configuration. */
  readonly text: string;
  /** The value's range in the configuration file. */
  readonly span: Span;
}

export interface Policy {
  /** 0-based position in `policies`. */
  readonly index: number;
  readonly figure: PolicyFigure;
  readonly limits: readonly PolicyLimit[];
  readonly severity: Severity;
  /** Globs (relative to the configuration's folder) of the files it applies to; empty: every file. */
  readonly files: readonly IgnorePattern[];
  /** Only deals, or only portfolios; absent: every file the figure exists for. */
  readonly kind?: SubjectKind;
  /** A scenario id, or `*` for the base figures and every scenario; absent: the base figures only. */
  readonly scenario?: string;
  /** The entry's range in the configuration file, and its 1-based line. */
  readonly span: Span;
  readonly line: number;
}

/** A deal or portfolio, analyzed. */
export type PolicySubject = { readonly kind: "deal"; readonly analysis: Analysis } | { readonly kind: "portfolio"; readonly analysis: PortfolioAnalysis };

export interface PolicyCheck {
  /** The file as it is now. */
  readonly subject: PolicySubject;
  /** The same file at the base revision: change limits are checked only when it is given. */
  readonly base?: PolicySubject;
  /** The file's path relative to the configuration's folder, with `/`, for `files`. */
  readonly path: string;
  /** The configuration file as messages name it (`dealspec.config.yaml`). */
  readonly configName?: string;
  /** The configuration file's location, for the related information pointing at the policy. */
  readonly configUri?: string;
}

export interface PolicyBreach {
  readonly policy: Policy;
  readonly limit: PolicyLimit;
  /** The scenario whose figures breached it; null: the base figures. */
  readonly scenario: string | null;
  /** The figure now, and at the base revision, as display text (null: not computed, or no base). */
  readonly value: string | null;
  readonly before: string | null;
  /** The change as display text (`+$1,750,000,000.00 (+3.89%)`), for change limits. */
  readonly change: string | null;
  /** In the checked file, with the policy's severity. */
  readonly diagnostic: Diagnostic;
}

// ---------------------------------------------------------------- figures

/** One set of figures a policy is checked on: the base figures or one scenario's. */
interface Case {
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

function casesOf(subject: PolicySubject): Map<string | null, Case> {
  return subject.kind === "deal" ? dealCases(subject.analysis) : portfolioCases(subject.analysis);
}

// ---------------------------------------------------------------- where a figure comes from

/** The plain value at a path of a value tree. */
function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const seg of path) {
    if (typeof seg === "number") v = Array.isArray(v) ? v[seg] : undefined;
    else v = typeof v === "object" && v !== null && !Array.isArray(v) && Object.hasOwn(v, seg) ? (v as Record<string, unknown>)[seg] : undefined;
    if (v === undefined) return undefined;
  }
  return v;
}

function exists(tree: SyntaxTree, path: Path): boolean {
  return valueAt(tree.root, path) !== undefined && tree.locate(path)?.key !== undefined;
}

/** The line a breach is reported on: the figure's source where one exists, the scenario's id for a scenario. */
function sourceSpan(subject: PolicySubject, figure: PolicyFigure, scenario: string | null): Span {
  const tree = subject.analysis.syntax;
  const first = (...paths: Path[]): Span | undefined => {
    for (const p of paths) if (exists(tree, p)) return tree.keySpanOf(p);
    return undefined;
  };
  const id = subject.kind === "deal" ? ["deal"] : ["portfolio"];
  if (scenario !== null) {
    const list = valueAt(tree.root, ["scenarios"]);
    const i = Array.isArray(list) ? list.findIndex((s) => (s as { id?: unknown } | null)?.id === scenario) : -1;
    if (i >= 0) return tree.spanOf(["scenarios", i, "id"]);
  }
  if (subject.kind === "portfolio") return first(["include"], id) ?? { start: 0, end: 0 };
  const fees = valueAt(tree.root, ["fees"]);
  let path: Path[] = [["fees"]];
  switch (figure) {
    case "npv":
      path = [["discount_rate"], ["fees"]];
      break;
    case "exit_exposure": {
      const exits = subject.analysis.figures?.exits ?? [];
      let worst = -1;
      exits.forEach((e, i) => {
        if (worst < 0 || e.exposure.gt(exits[worst]!.exposure)) worst = i;
      });
      path = worst >= 0 ? [["termination", worst, "by"], ["termination"]] : [["termination"]];
      break;
    }
    case "shortfall":
      path = [["commitment", "minimum"], ["commitment"]];
      break;
    case "per_gpu_hour":
      path = [["capacity", "gpus"], ["capacity"]];
      break;
    case "per_mw_month":
      path = [["capacity", "power"], ["capacity"]];
      break;
    case "assumed_share": {
      const i = Array.isArray(fees) ? fees.findIndex((f) => (f as { basis?: unknown } | null)?.basis === "assumed") : -1;
      if (i >= 0) path = [["fees", i, "basis"], ["fees"]];
      break;
    }
    default:
      break;
  }
  return first(...path, ["fees"], id) ?? { start: 0, end: 0 };
}

// ---------------------------------------------------------------- display

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

function indexText(v: Decimal): string {
  const [int, frac] = v.toFixed(2).split(".");
  return `${group(int!)}.${frac}`;
}

function valueText(figure: PolicyFigure, v: Decimal, currency: string | null): string {
  const unit = POLICY_FIGURES[figure].unit;
  if (unit === "share") return formatPercent(v);
  if (unit === "index") return indexText(v);
  return currency ? formatMoney(v, currency) : v.toFixed();
}

/** The change with its sign, and relative to the base value where that means something. */
function changeText(figure: PolicyFigure, before: Decimal, after: Decimal, currency: string | null): string {
  const d = after.minus(before);
  const sign = d.gt(0) ? "+" : d.lt(0) ? "-" : "±";
  const unit = POLICY_FIGURES[figure].unit;
  if (unit === "share") return `${sign}${d.abs().times(100).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toString()} points`;
  const abs = unit === "index" ? `${indexText(d.abs())} points` : valueText(figure, d.abs(), currency);
  const pct = before.isZero() ? "" : ` (${sign}${d.abs().div(before.abs()).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2)}%)`;
  return `${sign}${abs}${pct}`;
}

function figureName(figure: PolicyFigure, scenario: string | null): string {
  return scenario === null ? `\`${figure}\`` : `\`${figure}\` of scenario \`${scenario}\``;
}

// ---------------------------------------------------------------- checking

/** True when a path (relative to the configuration's folder, with `/`) is one a policy's `files` covers. */
export function policyCovers(policy: Pick<Policy, "files">, path: string): boolean {
  if (policy.files.length === 0) return true;
  const p = path.replace(/\\/g, "/").replace(/^\.\//, "");
  // The last entry that matches decides; `!glob` excludes.
  let covered = false;
  for (const g of policy.files) if (g.negated === covered && g.regex.test(p)) covered = !g.negated;
  return covered;
}

/** True when a policy is about a file of this kind at this path. */
export function policyApplies(policy: Policy, kind: SubjectKind, path: string): boolean {
  if (policy.kind !== undefined && policy.kind !== kind) return false;
  if (!(POLICY_FIGURES[policy.figure].on as readonly SubjectKind[]).includes(kind)) return false;
  return policyCovers(policy, path);
}

/** Checks every policy that applies to the file. Breaches come in policy order, then case order (base, then scenarios). */
export function checkPolicies(policies: readonly Policy[], check: PolicyCheck): PolicyBreach[] {
  const applicable = policies.filter((p) => policyApplies(p, check.subject.kind, check.path));
  if (applicable.length === 0) return [];
  const now = casesOf(check.subject);
  const then = check.base && check.base.kind === check.subject.kind ? casesOf(check.base) : undefined;
  const out: PolicyBreach[] = [];
  for (const policy of applicable) {
    const scenarios = policy.scenario === undefined ? [null] : policy.scenario === "*" ? [...now.keys()] : now.has(policy.scenario) ? [policy.scenario] : [];
    for (const scenario of scenarios) out.push(...checkCase(policy, now.get(scenario)!, then?.get(scenario), check));
  }
  return out;
}

function checkCase(policy: Policy, now: Case, then: Case | undefined, check: PolicyCheck): PolicyBreach[] {
  const figure = policy.figure;
  const limits = policy.limits.filter((l) => !isChangeLimit(l.kind) || then !== undefined);
  if (limits.length === 0) return [];
  const span = sourceSpan(check.subject, figure, now.scenario);
  const where = check.configName ? ` (${check.configName}:${policy.line})` : "";
  const related = check.configUri ? [{ uri: check.configUri, span: policy.span, message: `the policy on \`${figure}\`` }] : [];
  const breach = (limit: PolicyLimit, code: DiagnosticCode, message: string, value: string | null, before: string | null, change: string | null): PolicyBreach => ({
    policy,
    limit,
    scenario: now.scenario,
    value,
    before,
    change,
    diagnostic: diagnostic(code, span, message, { severity: policy.severity, related }),
  });
  const name = figureName(figure, now.scenario);
  const limitText = (l: PolicyLimit) => `\`${l.kind}\` of ${l.text}${where}`;

  // A gate that cannot check does not pass: one breach for the policy, naming its first limit.
  if (!now.complete) {
    const limit = limits[0]!;
    const rest = limits.length > 1 ? ` (and its ${limits.slice(1).map((l) => `\`${l.kind}\``).join(", ")})` : "";
    return [breach(limit, "DS822", `${name} cannot be checked against the policy's ${limitText(limit)}${rest}: ${now.why ?? "the figures are incomplete"}. The policy counts as breached until the file's errors are fixed (\`dealspec lint\`).`, null, null, null)];
  }
  const value = now.values[figure];
  // The figure does not apply to this file (no discount rate, no termination clause, no GPUs...).
  if (value === null || value === undefined) return [];
  const money = POLICY_FIGURES[figure].unit === "money";
  const currency = now.currency;
  const shown = valueText(figure, value, currency);
  const out: PolicyBreach[] = [];
  for (const limit of limits) {
    if (money && limit.value.type === "money" && limit.value.currency !== undefined && limit.value.currency !== currency) {
      out.push(
        breach(
          limit,
          "DS823",
          `${name}: the policy's ${limitText(limit)} is in ${limit.value.currency}, but the figures are in ${currency ?? "no currency"}, so the policy counts as breached. Write the limit without a currency marker, or limit the policy to the ${limit.value.currency} files with \`files\`.`,
          shown,
          null,
          null,
        ),
      );
      continue;
    }
    if (!isChangeLimit(limit.kind)) {
      const bound = boundOf(limit.value);
      const over = limit.kind === "max" ? value.gt(bound) : value.lt(bound);
      if (over) out.push(breach(limit, "DS820", `${name} is ${shown}, ${limit.kind === "max" ? "above" : "below"} the policy's ${limitText(limit)}.`, shown, null, null));
      continue;
    }
    // Change limits: the same figures at the base revision.
    if (!then || !then.complete) continue;
    const old = then.values[figure];
    if (old === null || old === undefined) continue;
    if (money && then.currency !== currency) {
      out.push(breach(limit, "DS823", `The currency changed from ${then.currency ?? "none"} to ${currency ?? "none"}, so the change of ${name} cannot be measured: the policy's ${limitText(limit)} counts as breached.`, shown, valueText(figure, old, then.currency), null));
      continue;
    }
    const delta = value.minus(old);
    const moved = limit.kind === "max_increase" ? delta : delta.neg();
    if (!moved.gt(0)) continue;
    // Money and index points are absolute; a percentage is relative to the base value, or points of a share.
    const allowed = limit.value.type === "percent" && POLICY_FIGURES[figure].unit !== "share" ? old.abs().times(limit.value.rate) : boundOf(limit.value);
    if (!moved.gt(allowed)) continue;
    const change = changeText(figure, old, value, currency);
    const before = valueText(figure, old, currency);
    out.push(
      breach(limit, "DS821", `${name} ${limit.kind === "max_increase" ? "rose" : "fell"} by ${change.slice(1)}, from ${before} to ${shown}: more than the policy's ${limitText(limit)}.`, shown, before, change),
    );
  }
  return out;
}

function boundOf(v: LimitValue): Decimal {
  return v.type === "money" ? v.amount : v.type === "percent" ? v.rate : v.value;
}
