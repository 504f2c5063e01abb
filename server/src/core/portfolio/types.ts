/**
 * What a portfolio analysis holds: the includes and what they matched, the
 * deals and why each is counted or not, the expectations checked and the
 * portfolio's scenarios. Shared by the steps of the analysis and the features
 * that read it.
 */
import type { Analysis } from "../analyze";
import type { Diagnostic, Span } from "../diagnostics";
import type { Decimal } from "../money";
import type { ScenarioEntry } from "../scenarios";
import type { SyntaxTree } from "../syntax";
import type { PortfolioFigures } from "./figures";
import type { PortfolioExpectationModel, PortfolioModel, ScenarioPickModel } from "./model";
import type { IncludedKind, IncludeGlob } from "./uri";

export interface IncludedFile {
  readonly location: string;
  readonly kind: IncludedKind;
}

/** One `include` entry and the files it matched (for go-to-definition, document links and hovers). */
export interface IncludeResult {
  readonly index: number;
  readonly pattern: string;
  /** The entry's value range in the portfolio file. */
  readonly span: Span;
  /** Set when the entry is a glob. */
  readonly glob?: IncludeGlob;
  /** Existing deal and portfolio files it matched, sorted by location; a glob never matches the portfolio itself. */
  readonly files: readonly IncludedFile[];
}

/** Why a deal reached by the portfolio is or is not in its figures. */
export type DealStatus =
  | "counted"
  /** The deal file has errors (DS504). */
  | "errors"
  /** Another file with the same deal id came first (DS502). */
  | "duplicate"
  /** No `fx` rate for the deal's currency (DS503). */
  | "no-rate"
  /** The portfolio has no currency (DS507). */
  | "no-currency";

export interface PortfolioDeal {
  readonly location: string;
  readonly analysis: Analysis;
  /** The index of the include entry (in this file) that brought the deal in. */
  readonly include: number;
  /** The nested portfolios between this file and the deal, outermost first; empty for a deal included directly. */
  readonly via: readonly string[];
  readonly status: DealStatus;
}

export interface ExpectationCheck {
  readonly expectation: PortfolioExpectationModel;
  /** In the expectation's own terms: money, a share fraction, or index points. */
  readonly computed: Decimal;
  readonly holds: boolean;
}

export interface PortfolioAnalysis {
  readonly location: string;
  readonly text: string;
  readonly syntax: SyntaxTree;
  /** In this file, sorted by position. Related information may point into other files (`uri`). */
  readonly diagnostics: readonly Diagnostic[];
  readonly model?: PortfolioModel;
  readonly includes: readonly IncludeResult[];
  /** Every deal the includes reach (each file once, first include wins), counted or not, in include order. */
  readonly deals: readonly PortfolioDeal[];
  /** Present when the portfolio's currency is known (written, or shared by all its deals). */
  readonly figures?: PortfolioFigures;
  readonly expectations: readonly ExpectationCheck[];
  /** The portfolio's scenarios with a unique id, in file order, each with its figures. */
  readonly scenarios: readonly PortfolioScenarioResult[];
  /**
   * Every location this analysis read or looked for, directly or through
   * nested portfolios (existing or not), and every glob it listed: a change to
   * any of them may change this analysis. See `portfolioDependsOn`.
   */
  readonly dependencies: { readonly files: ReadonlySet<string>; readonly globs: readonly IncludeGlob[] };
}

/** Why a pick is or is not counted. */
export type PickStatus =
  | "applied"
  /** The portfolio reaches no deal with that id (DS520). */
  | "unknown-deal"
  /** The deal has no scenario with that id (DS521). */
  | "unknown-scenario"
  /** The scenario has errors, so it has no figures (DS522). */
  | "scenario-errors"
  /** The deal is not counted in the portfolio (errors elsewhere in it, a duplicate id, no rate), or the scenario's currency has no rate (DS524). */
  | "deal-not-counted";

export interface ScenarioPick extends ScenarioPickModel {
  readonly status: PickStatus;
  /** The deal file the pick names, when the portfolio reaches a deal with that id. */
  readonly location?: string;
  /** Why the pick is not counted, in words following the deal id (`alpha has no scenario \`exit\` (left out)`); absent when it is. */
  readonly reason?: string;
}

export interface PortfolioScenarioResult extends ScenarioEntry {
  readonly picks: readonly ScenarioPick[];
  /**
   * Present when the portfolio has figures: the deals the base counts, each
   * with the picked scenario's figures where one is picked (`deals[].scenario`
   * says which), a deal whose pick cannot be counted left out.
   */
  readonly figures?: PortfolioFigures;
  /** True when every pick is counted: only then are the figures whole and the difference from the base defined. */
  readonly complete: boolean;
}
