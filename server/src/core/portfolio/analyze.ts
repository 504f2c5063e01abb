/**
 * The portfolio entry point: a portfolio file's text and location, and a host
 * that lists folders and hands over already-analyzed deals, in; an immutable
 * analysis out (diagnostics as offset spans in this file, the includes and
 * what they matched, every file it depends on, and the figures). Never throws
 * on user input.
 *
 * Nested portfolios are flattened: the deals of an included portfolio count
 * as this portfolio's, converted at this portfolio's rates. Include cycles are
 * found on the whole include graph, so each file's diagnostics depend on that
 * file and what it reaches, not on which file was opened first.
 */
import { failedParts } from "../analyze";
import { diagnostic, type Diagnostic } from "../diagnostics";
import { minorUnits } from "../money";
import { parseSyntax } from "../syntax";
import { checkRates, dealStatuses, errorSummary, plural, portfolioCurrency, type Reached } from "./deals";
import { portfolioExpectations } from "./expectations";
import { aggregate } from "./figures";
import type { PortfolioHost } from "./host";
import { PortfolioMemo } from "./memo";
import { evaluatePortfolioScenarios } from "./scenarios";
import { Session, type Loaded } from "./session";
import type { PortfolioAnalysis } from "./types";
import { globHolds } from "../files";
import { baseName, canonicalLocation, fileKindOf, isGlob, relativeLocation } from "./uri";

/** The analysis `analyzePortfolio` returns (with the other types of its parts in `types.ts`). */
export type { PortfolioAnalysis } from "./types";

/** True when a change to (or the creation or deletion of) the file at `location` may change the analysis. */
export function portfolioDependsOn(analysis: PortfolioAnalysis, location: string): boolean {
  const loc = canonicalLocation(location);
  if (loc === analysis.location || analysis.dependencies.files.has(loc)) return true;
  return fileKindOf(loc) !== undefined && analysis.dependencies.globs.some((g) => globHolds(g, loc));
}

/**
 * Analyzes a portfolio file. `location` is its URI or POSIX path (include
 * paths are relative to it); `text` is its current text (an editor's unsaved
 * buffer); `host` lists folders and gives the analyses of deal files and the
 * texts of nested portfolio files. One call reads each file at most once.
 * `memo` is what analyses may reuse from one another (default: the host's,
 * else none).
 */
export function analyzePortfolio(text: string, location: string, host: PortfolioHost, memo: PortfolioMemo = host.memo ?? new PortfolioMemo()): PortfolioAnalysis {
  const session = new Session(host, memo);
  return analyzeIn(session, canonicalLocation(location), text);
}

/**
 * What a caller that must answer for every portfolio (the language server)
 * shows when its analysis threw, a bug in Dealspec: no deals, no figures, one
 * DS199 on the first line. It depends on its own file only: the caller does
 * not keep it, and analyses the portfolio again when next asked.
 */
export function failedPortfolioAnalysis(text: string, location: string, error: unknown): PortfolioAnalysis {
  const loc = canonicalLocation(location);
  return { location: loc, ...failedParts(text, error), includes: [], deals: [], dependencies: { files: new Set([loc]), globs: [] } };
}

/** One portfolio of a run (the one asked for, or a nested one), analyzed once per run. */
function analyzeIn(session: Session, location: string, text?: string): PortfolioAnalysis {
  const done = session.analyses.get(location);
  if (done) return done;
  const loaded = session.load(location, text);
  // Only reached for the root, whose text is given; kept total for safety.
  if (!loaded) return unreadable(session, location, text ?? "");
  const diagnostics = [...loaded.diagnostics];
  const reached = reachDeals(session, loaded, diagnostics);
  const currency = portfolioCurrency(loaded, reached, diagnostics);
  const minor = currency ? minorUnits(currency) : 2;
  const { deals, counted, usedCurrencies } = dealStatuses(loaded, reached, currency, minor, session.memo, diagnostics);
  checkRates(loaded.model, currency, usedCurrencies, diagnostics);
  const figures = currency ? aggregate(currency, minor, counted) : undefined;
  const expectations = portfolioExpectations(loaded, figures, currency, diagnostics);
  // Scenarios after the expectations: a problem in a scenario does not stop the base's checks.
  const model = loaded.model;
  const scenarios = model ? evaluatePortfolioScenarios({ location, scenarios: model.scenarios, deals, figures, currency, minor, fx: model.fx, memo: session.memo }, diagnostics) : [];

  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const out: { -readonly [K in keyof PortfolioAnalysis]: PortfolioAnalysis[K] } = {
    location,
    text: loaded.text,
    syntax: loaded.syntax,
    diagnostics,
    includes: loaded.includes,
    deals,
    expectations,
    scenarios,
    dependencies: { files: session.files, globs: session.globs },
  };
  if (model) out.model = model;
  if (figures) out.figures = figures;
  session.analyses.set(location, out);
  return out;
}

function unreadable(session: Session, location: string, text: string): PortfolioAnalysis {
  const syntax = parseSyntax(text, "portfolio");
  return { location, text, syntax, diagnostics: [...syntax.diagnostics], includes: [], deals: [], expectations: [], scenarios: [], dependencies: { files: session.files, globs: session.globs } };
}

/**
 * The deals each include reaches, each file once, in include order: a nested
 * portfolio's deals through its own analysis (DS504 when it has errors), an
 * include that closes a cycle left out (DS501).
 */
function reachDeals(session: Session, loaded: Loaded, diagnostics: Diagnostic[]): Reached[] {
  const location = loaded.location;
  const rel = (to: string) => relativeLocation(location, to);
  const reached: Reached[] = [];
  const seen = new Set<string>();
  for (const inc of loaded.includes) {
    for (const file of inc.files) {
      if (file.kind === "deal") {
        const analysis = session.deal(file.location);
        if (!analysis || seen.has(session.identity(file.location))) continue;
        seen.add(session.identity(file.location));
        reached.push({ location: file.location, analysis, include: inc.index, via: [] });
        continue;
      }
      const cycle = file.location === location ? [location, location] : (() => {
        const back = session.pathTo(file.location, location);
        return back ? [location, ...back] : undefined;
      })();
      if (cycle) {
        const chain = cycle.map((p) => `\`${baseName(p)}\``).join(" → ");
        diagnostics.push(
          diagnostic(
            "DS501",
            inc.span,
            file.location === location
              ? `${isGlob(inc.pattern) ? `\`${inc.pattern}\` matches` : "This include is"} this portfolio itself: a portfolio cannot include itself. Remove it.`
              : `Including \`${rel(file.location)}\` makes a cycle (${chain}): a portfolio cannot include itself through other portfolios. Remove one of these includes.`,
          ),
        );
        continue;
      }
      const inner = analyzeIn(session, file.location);
      const summary = errorSummary(inner, file.location);
      if (summary.count > 0) {
        diagnostics.push(
          diagnostic(
            "DS504",
            inc.span,
            `The portfolio \`${rel(file.location)}\` has ${plural(summary.count, "error")} (first: ${summary.where}); fix ${summary.count === 1 ? "it" : "them"} there. Its deals without errors still count here.`,
            { related: summary.related },
          ),
        );
      }
      for (const d of inner.deals) {
        if (seen.has(session.identity(d.location))) continue;
        seen.add(session.identity(d.location));
        reached.push({ location: d.location, analysis: d.analysis, include: inc.index, via: [file.location, ...d.via] });
      }
    }
  }
  return reached;
}
