/**
 * `dealspec/cashflow`: the handler's whole work is the core's `cashFlowOf`.
 * Typed against the protocol, so that the core's shape and the protocol's
 * cannot drift apart without a compile error.
 */
import type { Analysis } from "../core/analyze";
import type { PortfolioAnalysis } from "../core/portfolio/analyze";
import { cashFlowOf, portfolioCashFlowOf } from "../core/features/cashflow";
import type { CashFlowResult, PortfolioCashFlowResult } from "./protocol";

/** The answer to `dealspec/cashflow` for a deal file's analysis (`null`: no figures). */
export function cashFlowFor(analysis: Analysis): CashFlowResult | null {
  return cashFlowOf(analysis);
}

/** The same for a portfolio file (to be wired when the server serves portfolio files). */
export function portfolioCashFlowFor(analysis: PortfolioAnalysis): PortfolioCashFlowResult | null {
  return portfolioCashFlowOf(analysis);
}
