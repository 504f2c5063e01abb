/**
 * What one portfolio analysis may reuse from another: each deal's conversions
 * (memoized per deal analysis, which is immutable, location, rate and minor
 * unit), so that re-aggregating after one deal's edit converts that deal only.
 * The core keeps nothing between calls: the caller owns the memo.
 * `analyzePortfolio` uses the one it is given, else its host's (`cachingHost`
 * keeps one), else a new one for that call.
 */
import type { Analysis } from "../analyze";
import type { Decimal } from "../money";
import { convertDeal, convertFigures, type ConvertedDeal } from "./figures";

export class PortfolioMemo {
  private readonly conversions = new WeakMap<Analysis, Map<string, ConvertedDeal>>();

  private byKey(analysis: Analysis): Map<string, ConvertedDeal> {
    let byKey = this.conversions.get(analysis);
    if (!byKey) {
      byKey = new Map();
      this.conversions.set(analysis, byKey);
    }
    return byKey;
  }

  /** `convertDeal`, memoized. */
  convertDeal(location: string, analysis: Analysis, rate: Decimal, minor: number): ConvertedDeal | undefined {
    const byKey = this.byKey(analysis);
    const key = `${minor} ${rate.toString()} ${location}`;
    let c = byKey.get(key);
    if (c === undefined) {
      c = convertDeal(location, analysis, rate, minor);
      if (c) byKey.set(key, c);
    }
    return c;
  }

  /** One of a deal's scenarios converted (`convertFigures`), memoized; undefined when the scenario has no figures. */
  convertScenario(location: string, analysis: Analysis, scenario: string, rate: Decimal, minor: number): ConvertedDeal | undefined {
    const r = analysis.scenarios.find((s) => s.id === scenario);
    if (!r?.model || !r.figures || !r.model.complete) return undefined;
    const byKey = this.byKey(analysis);
    const key = `${minor} ${rate.toString()} ${location}\n${scenario}`;
    let c = byKey.get(key);
    if (c === undefined) {
      c = convertFigures(location, analysis, r.model, r.figures, rate, minor, scenario);
      byKey.set(key, c);
    }
    return c;
  }
}
