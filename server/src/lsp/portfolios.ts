/**
 * One portfolio analysis per portfolio file, kept until a file it depends on
 * changes. The engine is handed the workspace index as its host, so a
 * re-analysis after a deal edit re-analyzes that deal only (the index and the
 * document cache hold every other deal's analysis) and re-aggregates.
 *
 * Each portfolio has a generation, bumped whenever its analysis is dropped:
 * the diagnostics scheduler uses it as the "version" of a portfolio, open or
 * not, so a pending publication is cancelled by a newer change.
 *
 * An analysis that throws (a bug in Dealspec) gives the core's
 * `failedPortfolioAnalysis` (one DS199, no figures), which is not kept: the
 * next request analyses the portfolio again.
 */
import { analyzePortfolio, canonicalLocation, failedPortfolioAnalysis, LineIndex, PortfolioMemo, portfolioDependsOn, type PortfolioAnalysis, type PortfolioHost } from "../core";

export interface PortfolioSnapshot {
  readonly location: string;
  readonly generation: number;
  readonly analysis: PortfolioAnalysis;
  readonly lines: LineIndex;
}

export class PortfolioCache {
  private readonly analyses = new Map<string, PortfolioSnapshot>();
  private readonly generations = new Map<string, number>();
  /** How long each portfolio's last analysis took, in ms (the deals it analysed anew included): what its diagnostics pause follows. */
  private readonly costs = new Map<string, number>();
  /** What each re-analysis reuses from the ones before: each deal's conversion. */
  private readonly memo = new PortfolioMemo();

  constructor(
    private readonly host: PortfolioHost,
    /** The portfolio file's text: the editor's buffer, else the disk's. */
    private readonly textOf: (location: string) => string | undefined,
    /**
     * Whether changes on disk are reported (watched files). When they are not,
     * a cached analysis is not reused by `get`: each request analyses anew,
     * the host checking every file against the disk (deal analyses are still
     * reused while a file is unchanged).
     */
    private readonly changesReported: () => boolean = () => true,
    /** Where an analysis that threw is reported (the server's log): what failed, and the error. */
    private readonly log?: (what: string, error: unknown) => void,
  ) {}

  generation(location: string): number {
    return this.generations.get(location) ?? 0;
  }

  /** The analysis of the portfolio at a canonical location, computed now if it is not cached. */
  get(location: string): PortfolioSnapshot | undefined {
    const hit = this.analyses.get(location);
    if (hit && this.changesReported()) return hit;
    const started = performance.now();
    const text = this.textOf(location);
    if (text === undefined) return undefined;
    let analysis: PortfolioAnalysis;
    try {
      analysis = analyzePortfolio(text, location, this.host, this.memo);
    } catch (e) {
      this.log?.(`The analysis of the portfolio ${location}`, e);
      return { location, generation: this.generation(location), analysis: failedPortfolioAnalysis(text, location, e), lines: new LineIndex(text) };
    }
    const snapshot: PortfolioSnapshot = { location, generation: this.generation(location), analysis, lines: new LineIndex(text) };
    this.analyses.set(location, snapshot);
    this.costs.set(location, performance.now() - started);
    return snapshot;
  }

  /** The time the portfolio's last analysis took (ms), if it has had one. */
  cost(location: string): number | undefined {
    return this.costs.get(location);
  }

  /** The analyses computed and still current. */
  cached(): PortfolioSnapshot[] {
    return [...this.analyses.values()];
  }

  /**
   * A file changed, appeared or disappeared (`location`, canonical). Drops
   * the analyses it may change, including its own when it is a portfolio
   * (`isPortfolio`), and returns the portfolios affected.
   */
  changed(location: string, isPortfolio: boolean): string[] {
    const loc = canonicalLocation(location);
    const out = new Set<string>();
    for (const [p, s] of this.analyses) if (p === loc || portfolioDependsOn(s.analysis, loc)) out.add(p);
    if (isPortfolio) out.add(loc);
    for (const p of out) this.drop(p);
    return [...out];
  }

  /** Drops every analysis (after a new walk of the workspace). */
  clear(): void {
    for (const p of [...this.analyses.keys()]) this.drop(p);
  }

  /** Forgets a portfolio that is gone. */
  forget(location: string): void {
    this.drop(location);
    this.costs.delete(location);
  }

  private drop(location: string): void {
    this.analyses.delete(location);
    this.generations.set(location, this.generation(location) + 1);
  }
}
