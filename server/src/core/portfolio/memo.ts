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
import type { IncludedFile } from "./types";

/** Most include globs whose matches a memo keeps (each with its folder's listing): a pattern being typed leaves one per keystroke. */
const MAX_GLOBS = 256;

export class PortfolioMemo {
  private readonly conversions = new WeakMap<Analysis, Map<string, ConvertedDeal>>();
  /** By portfolio and include pattern: the folder's listing the glob was matched against, and the files it held. */
  private readonly globs = new Map<string, { readonly listing: string; readonly files: readonly IncludedFile[] }>();

  /**
   * The files an include glob of the portfolio at `base` holds among `listing`
   * (its folder's files), worked out by `match` the first time and again
   * whenever the listing differs: the same pattern over the same files holds
   * the same files (a workspace's edit to one deal leaves both as they were).
   */
  globFiles(base: string, pattern: string, listing: readonly string[], match: () => readonly IncludedFile[]): readonly IncludedFile[] {
    const key = `${base}\n${pattern}`;
    const joined = listing.join("\n");
    const kept = this.globs.get(key);
    if (kept && kept.listing === joined) return kept.files;
    if (!kept && this.globs.size >= MAX_GLOBS) this.globs.clear();
    const files = match();
    this.globs.set(key, { listing: joined, files });
    return files;
  }

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
