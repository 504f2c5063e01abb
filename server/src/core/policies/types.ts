/**
 * What a policy is: the figures it may limit, its limits, and what a check
 * takes and gives (the module header of `index.ts` says what policies do).
 */
import type { Analysis } from "../analyze";
import type { Diagnostic, Severity, Span } from "../diagnostics";
import type { IgnorePattern } from "../files/pattern";
import type { Decimal } from "../money";
import type { PortfolioAnalysis } from "../portfolio";

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
