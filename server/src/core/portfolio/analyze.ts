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
import { checkAmount, hasErrors, type Analysis } from "../analyze";
import { CODES, diagnostic, suggest, type Diagnostic, type RelatedInfo, type Span } from "../diagnostics";
import { LineIndex } from "../lines";
import { insertKeyFix } from "../model/quickFixes";
import { Decimal, formatMoney, minorUnits, ONE } from "../money";
import { parseSyntax, type SyntaxTree } from "../syntax";
import { aggregate, convertDealCached, sharePercent, type PortfolioFigures } from "./figures";
import type { PortfolioHost } from "./host";
import { evaluatePortfolioScenarios, type PortfolioScenarioResult } from "./scenarios";
import { lowerPortfolio, lowerPortfolioExpectations, type PortfolioExpectationModel, type PortfolioModel } from "./model";
import { baseName, canonicalLocation, compileGlob, fileKindOf, folderOf, globMatches, isGlob, relativeFolder, relativeLocation, resolveRelative, type IncludedKind, type IncludeGlob } from "./uri";

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

/** True when a change to (or the creation or deletion of) the file at `location` may change the analysis. */
export function portfolioDependsOn(analysis: PortfolioAnalysis, location: string): boolean {
  const loc = canonicalLocation(location);
  if (loc === analysis.location || analysis.dependencies.files.has(loc)) return true;
  return fileKindOf(loc) !== undefined && analysis.dependencies.globs.some((g) => globMatches(g, loc));
}

/** A portfolio file, parsed and lowered, its includes resolved: what the include graph is built from. */
interface Loaded {
  readonly location: string;
  readonly text: string;
  readonly syntax: SyntaxTree;
  readonly model?: PortfolioModel;
  readonly lowering?: ReturnType<typeof lowerPortfolio>["lowering"];
  /** Syntax, shape, value and include-resolution diagnostics. */
  readonly diagnostics: Diagnostic[];
  readonly includes: IncludeResult[];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function errorSummary(diagnostics: readonly Diagnostic[], text: string, location: string): { count: number; related: RelatedInfo[]; first: string } {
  const errors = diagnostics.filter((d) => d.severity === "error");
  const first = errors[0];
  if (!first) return { count: 0, related: [], first: "" };
  const line = new LineIndex(text).position(first.span.start).line + 1;
  return {
    count: errors.length,
    related: [{ uri: location, span: first.span, message: `${first.code}: ${first.message}` }],
    first: `first: line ${line}, ${first.code} ${CODES[first.code].title}`,
  };
}

/** One analysis run: the files read, the portfolios loaded and analyzed, memoized. */
class Session {
  private readonly loaded = new Map<string, Loaded | null>();
  private readonly analyses = new Map<string, PortfolioAnalysis>();
  private readonly deals = new Map<string, Analysis | null>();
  readonly files = new Set<string>();
  readonly globs: IncludeGlob[] = [];

  constructor(private readonly host: PortfolioHost) {}

  deal(location: string): Analysis | undefined {
    if (!this.deals.has(location)) {
      this.files.add(location);
      let a: Analysis | undefined;
      try {
        a = this.host.deal(location);
      } catch {
        a = undefined;
      }
      this.deals.set(location, a ?? null);
    }
    return this.deals.get(location) ?? undefined;
  }

  private portfolioText(location: string): string | undefined {
    this.files.add(location);
    try {
      return this.host.portfolioText(location);
    } catch {
      return undefined;
    }
  }

  private list(folder: string, depth: number): string[] {
    try {
      return [...this.host.listFiles(folder, depth)].map(canonicalLocation);
    } catch {
      return [];
    }
  }

  load(location: string, text?: string): Loaded | undefined {
    const hit = this.loaded.get(location);
    if (hit !== undefined) return hit ?? undefined;
    const source = text ?? this.portfolioText(location);
    if (source === undefined) {
      this.loaded.set(location, null);
      return undefined;
    }
    const syntax = parseSyntax(source, "portfolio");
    const diagnostics: Diagnostic[] = [...syntax.diagnostics];
    const out: { -readonly [K in keyof Loaded]: Loaded[K] } = { location, text: source, syntax, diagnostics, includes: [] };
    this.loaded.set(location, out);
    if (syntax.root === undefined || hasErrors(syntax.diagnostics)) return out;
    const lowered = lowerPortfolio(syntax);
    out.model = lowered.model;
    out.lowering = lowered.lowering;
    diagnostics.push(...lowered.lowering.diagnostics);
    out.includes = lowered.model.includes.map((inc) => this.resolve(location, inc.index, inc.pattern, inc.span, diagnostics));
    return out;
  }

  /** Resolves one include entry; reports DS500 (nothing there) and DS505 (not a deal or portfolio file). */
  private resolve(base: string, index: number, pattern: string, span: Span, diagnostics: Diagnostic[]): IncludeResult {
    if (pattern === "") {
      diagnostics.push(diagnostic("DS500", span, "This include is empty: write a path or glob relative to this file, such as `deals/*.deal.yaml`."));
      return { index, pattern, span, files: [] };
    }
    if (isGlob(pattern)) {
      const glob = compileGlob(base, pattern);
      this.globs.push(glob);
      const files = this.list(glob.folder, glob.depth)
        .filter((f) => f !== base && fileKindOf(f) !== undefined && globMatches(glob, f))
        .sort()
        .filter((f, i, all) => i === 0 || all[i - 1] !== f)
        .map((f) => ({ location: f, kind: fileKindOf(f)! }));
      if (files.length === 0) {
        diagnostics.push(
          diagnostic("DS500", span, `\`${pattern}\` matches no deal or portfolio file (*.deal.yaml, *.portfolio.yaml) under \`${relativeFolder(base, glob.folder)}\`: check the pattern, or remove it.`),
        );
      }
      return { index, pattern, span, glob, files };
    }
    const location = resolveRelative(base, pattern);
    const kind = fileKindOf(location);
    if (kind === undefined) {
      diagnostics.push(diagnostic("DS505", span, `\`${pattern}\` is neither a deal file (*.deal.yaml) nor a portfolio file (*.portfolio.yaml): a portfolio includes only those.`));
      return { index, pattern, span, files: [] };
    }
    const exists = kind === "deal" ? this.deal(location) !== undefined : this.load(location) !== undefined;
    if (!exists) {
      const siblings = this.list(folderOf(location), 1).filter((f) => fileKindOf(f) !== undefined).map(baseName);
      const guess = suggest(baseName(location), siblings);
      const fixed = guess ? pattern.slice(0, pattern.length - baseName(location).length) + guess : undefined;
      diagnostics.push(
        diagnostic("DS500", span, `No file \`${pattern}\` relative to this portfolio${guess ? `: did you mean \`${fixed}\`?` : "."}`, fixed ? { fixes: [{ title: `Change to \`${fixed}\``, edits: [{ span, newText: fixed }] }] } : undefined),
      );
      return { index, pattern, span, files: [] };
    }
    return { index, pattern, span, files: [{ location, kind }] };
  }

  /** A chain of portfolios from `from` to `target` along include edges (both ends included), if there is one. */
  private pathTo(from: string, target: string): string[] | undefined {
    const parent = new Map<string, string | null>([[from, null]]);
    const queue = [from];
    while (queue.length > 0) {
      const at = queue.shift()!;
      if (at === target) {
        const path: string[] = [];
        for (let p: string | null | undefined = at; p; p = parent.get(p)) path.unshift(p);
        return path;
      }
      for (const inc of this.load(at)?.includes ?? []) {
        for (const f of inc.files) {
          if (f.kind === "portfolio" && !parent.has(f.location)) {
            parent.set(f.location, at);
            queue.push(f.location);
          }
        }
      }
    }
    return undefined;
  }

  analyze(location: string, text?: string): PortfolioAnalysis {
    const memo = this.analyses.get(location);
    if (memo) return memo;
    const loaded = this.load(location, text);
    if (!loaded) {
      // Only reached for the root, whose text is given; kept total for safety.
      const syntax = parseSyntax(text ?? "", "portfolio");
      return { location, text: text ?? "", syntax, diagnostics: [...syntax.diagnostics], includes: [], deals: [], expectations: [], scenarios: [], dependencies: { files: this.files, globs: this.globs } };
    }
    const diagnostics = [...loaded.diagnostics];
    const model = loaded.model;
    const rel = (to: string) => relativeLocation(location, to);

    // 1. The deals each include reaches, each file once.
    type Reached = { location: string; analysis: Analysis; include: number; via: string[] };
    const reached: Reached[] = [];
    const seen = new Set<string>();
    for (const inc of loaded.includes) {
      for (const file of inc.files) {
        if (file.kind === "deal") {
          const analysis = this.deal(file.location);
          if (!analysis || seen.has(file.location)) continue;
          seen.add(file.location);
          reached.push({ location: file.location, analysis, include: inc.index, via: [] });
          continue;
        }
        const cycle = file.location === location ? [location, location] : (() => {
          const back = this.pathTo(file.location, location);
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
        const inner = this.analyze(file.location);
        const summary = errorSummary(inner.diagnostics, inner.text, file.location);
        if (summary.count > 0) {
          diagnostics.push(
            diagnostic(
              "DS504",
              inc.span,
              `The portfolio \`${rel(file.location)}\` has ${plural(summary.count, "error")} (${summary.first}); fix ${summary.count === 1 ? "it" : "them"} there. Its deals without errors still count here.`,
              { related: summary.related },
            ),
          );
        }
        for (const d of inner.deals) {
          if (seen.has(d.location)) continue;
          seen.add(d.location);
          reached.push({ location: d.location, analysis: d.analysis, include: inc.index, via: [file.location, ...d.via] });
        }
      }
    }

    // 2. The portfolio's currency: written, or the one all deals without errors share.
    const clean = reached.filter((r) => !hasErrors(r.analysis.diagnostics) && r.analysis.figures && r.analysis.model?.id !== undefined);
    const dealCurrencies = [...new Set(clean.map((r) => r.analysis.figures!.currency))];
    let currency = model?.currency;
    if (model && loaded.syntax.locate(["currency"]) === undefined) {
      if (dealCurrencies.length === 1) currency = dealCurrencies[0];
      else if (dealCurrencies.length > 1) {
        const span = model.idSpan ?? loaded.syntax.spanOf(["portfolio"], "key");
        const fixes = dealCurrencies
          .map((c) => {
            const f = insertKeyFix(loaded.syntax, [], "currency", undefined, c);
            return f ? { ...f, title: `Add \`currency: ${c}\`` } : undefined;
          })
          .filter((f) => f !== undefined);
        diagnostics.push(
          diagnostic(
            "DS507",
            span,
            `The included deals are in ${dealCurrencies.map((c) => `\`${c}\``).join(", ")}: add \`currency:\` to say which one the portfolio's figures are in, and \`fx:\` rates for the others.`,
            { fixes },
          ),
        );
      }
    }
    const minor = currency ? minorUnits(currency) : 2;

    // 3. Each deal's status in this portfolio.
    const ids = new Map<string, Reached>();
    const reportedRates = new Set<string>();
    const deals: PortfolioDeal[] = [];
    const counted: NonNullable<ReturnType<typeof convertDealCached>>[] = [];
    const usedCurrencies = new Set<string>();
    const incSpan = (i: number) => loaded.includes[i]!.span;
    for (const r of reached) {
      const a = r.analysis;
      if (a.model?.currency) usedCurrencies.add(a.model.currency);
      const push = (status: DealStatus) => deals.push({ location: r.location, analysis: a, include: r.include, via: r.via, status });
      if (hasErrors(a.diagnostics) || !a.model || !a.figures || a.model.id === undefined) {
        if (r.via.length === 0) {
          const s = errorSummary(a.diagnostics, a.text, r.location);
          const count = Math.max(1, s.count);
          diagnostics.push(
            diagnostic(
              "DS504",
              incSpan(r.include),
              `\`${rel(r.location)}\` has ${plural(count, "error")}${s.first ? ` (${s.first})` : ""}; it is left out of the portfolio's figures until ${count === 1 ? "it is" : "they are"} fixed.`,
              { related: s.related },
            ),
          );
        }
        push("errors");
        continue;
      }
      const id = a.model.id;
      const first = ids.get(id);
      if (first) {
        const sameNested = first.include === r.include && first.via.length > 0 && r.via.length > 0 && first.via[0] === r.via[0];
        if (!sameNested) {
          const related: RelatedInfo[] = [];
          if (first.include !== r.include) related.push({ span: incSpan(first.include), message: `\`${id}\` is first included here` });
          if (first.analysis.model?.idSpan) related.push({ uri: first.location, span: first.analysis.model.idSpan, message: `\`${id}\` in \`${rel(first.location)}\`` });
          if (a.model.idSpan) related.push({ uri: r.location, span: a.model.idSpan, message: `\`${id}\` in \`${rel(r.location)}\`` });
          diagnostics.push(
            diagnostic(
              "DS502",
              incSpan(r.include),
              `\`${rel(r.location)}\` has the deal id \`${id}\`, like \`${rel(first.location)}\`: deal ids are unique within a portfolio. Rename one of the deals; until then \`${rel(r.location)}\` is left out.`,
              { related },
            ),
          );
        }
        push("duplicate");
        continue;
      }
      ids.set(id, r);
      const dealCurrency = a.figures.currency;
      if (!currency) {
        push("no-currency");
        continue;
      }
      let rate: Decimal | undefined;
      if (dealCurrency === currency) rate = ONE;
      else rate = model?.fx.get(dealCurrency)?.rate;
      if (rate === undefined) {
        const key = `${r.include} ${dealCurrency}`;
        if (!reportedRates.has(key) && !hasFxKey(loaded.syntax, dealCurrency)) {
          reportedRates.add(key);
          const fix = insertKeyFix(loaded.syntax, ["fx"], dealCurrency, undefined, "RATE");
          diagnostics.push(
            diagnostic(
              "DS503",
              incSpan(r.include),
              `\`${rel(r.location)}\` is in ${dealCurrency}, and \`fx\` has no ${dealCurrency} rate: add \`${dealCurrency}: <rate>\` under \`fx\` (one ${dealCurrency} in ${currency}). Until then, deals in ${dealCurrency} are left out of the figures.`,
              fix ? { fixes: [{ ...fix, title: `Add a ${dealCurrency} rate under \`fx\`` }] } : undefined,
            ),
          );
        }
        push("no-rate");
        continue;
      }
      const converted = convertDealCached(r.location, a, rate, minor);
      if (!converted) {
        push("errors");
        continue;
      }
      counted.push(converted);
      push("counted");
    }

    // 4. Rates: the portfolio's own currency is 1; a rate no deal uses is worth a note.
    if (model) {
      for (const fx of model.fx.values()) {
        if (currency && fx.currency === currency && !fx.rate.eq(1)) {
          diagnostics.push(
            diagnostic("DS508", fx.span, `The portfolio is in ${currency}, so one ${currency} is 1 ${currency}: write \`1\` or remove this rate.`, {
              fixes: [{ title: "Change to `1`", edits: [{ span: fx.span, newText: "1" }] }],
            }),
          );
        } else if (currency && fx.currency !== currency && !usedCurrencies.has(fx.currency)) {
          diagnostics.push(diagnostic("DS509", fx.keySpan, `No included deal is in ${fx.currency}, so this rate is not used.`));
        }
      }
    }

    // 5. Figures and expectations.
    let figures: PortfolioFigures | undefined;
    if (currency) figures = aggregate(currency, minor, counted);
    let expectations: ExpectationCheck[] = [];
    if (loaded.lowering) {
      const lowering = { ...loaded.lowering, diagnostics: [] as Diagnostic[] };
      const models = lowerPortfolioExpectations(lowering, currency);
      diagnostics.push(...lowering.diagnostics);
      if (models.length > 0) {
        if (!figures || hasErrors(diagnostics)) {
          diagnostics.push(diagnostic("DS401", models[0]!.keySpan, "Expectations are checked once the portfolio has no errors: fix the errors above first."));
        } else {
          expectations = checkExpectations(models, figures, diagnostics);
        }
      }
    }

    // 6. Scenarios, after the expectations: a problem in a scenario does not stop the base's checks.
    const scenarios = model ? evaluatePortfolioScenarios({ location, scenarios: model.scenarios, deals, figures, currency, minor, fx: model.fx }, diagnostics) : [];

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
      dependencies: { files: this.files, globs: this.globs },
    };
    if (model) out.model = model;
    if (figures) out.figures = figures;
    this.analyses.set(location, out);
    return out;
  }
}

function hasFxKey(tree: SyntaxTree, currency: string): boolean {
  return tree.locate(["fx", currency]) !== undefined;
}

function checkExpectations(models: readonly PortfolioExpectationModel[], f: PortfolioFigures, diagnostics: Diagnostic[]): ExpectationCheck[] {
  const out: ExpectationCheck[] = [];
  const providers = new Map(f.providers.map((p) => [p.name, p]));
  const unknownProvider = (e: PortfolioExpectationModel & { provider?: string; providerSpan?: Span }): boolean => {
    if (e.provider === undefined || providers.has(e.provider)) return false;
    const names = [...providers.keys()];
    const guess = suggest(e.provider, names);
    diagnostics.push(
      diagnostic(
        "DS402",
        e.providerSpan ?? e.keySpan,
        `No counted deal has the provider \`${e.provider}\`${guess ? `: did you mean \`${guess}\`?` : names.length > 0 ? `; the providers are ${names.map((n) => `\`${n}\``).join(", ")}.` : "."}`,
      ),
    );
    return true;
  };
  for (const e of models) {
    if (e.kind === "amount") {
      if (e.figure === "provider_total" && unknownProvider(e)) continue;
      const computed =
        e.figure === "total" ? f.total : e.figure === "firm_commitment" ? f.firmCommitment : e.figure === "year" ? (f.years.get(e.year!) ?? new Decimal(0)) : providers.get(e.provider!)!.total;
      const r = checkAmount(e, computed, f.currency, f.minor);
      if (r.diagnostic) diagnostics.push(r.diagnostic);
      out.push({ expectation: e, computed, holds: r.holds });
    } else if (e.kind === "share") {
      if (unknownProvider(e)) continue;
      const share = providers.get(e.provider)!.share;
      if (share === undefined) {
        diagnostics.push(diagnostic("DS402", e.keySpan, `Shares exist only when the portfolio's total is above zero; it is ${formatMoney(f.total, f.currency)}.`));
        continue;
      }
      const holds = e.tolerance ? share.minus(e.expected).abs().lte(e.tolerance) : share.toDecimalPlaces(e.decimals, Decimal.ROUND_HALF_UP).eq(e.expected);
      out.push({ expectation: e, computed: share, holds });
      if (!holds) {
        const shown = `${sharePercent(share, Math.max(2, e.decimals)).toString()}%`;
        const written = e.text.includes("%") ? `${sharePercent(share, Math.max(0, e.decimals - 2)).toString()}%` : share.toDecimalPlaces(e.decimals, Decimal.ROUND_HALF_UP).toString();
        const expectedPct = `${e.expected.times(100).toString()}%`;
        diagnostics.push(
          diagnostic(
            "DS400",
            e.valueSpan,
            `Expected the ${e.label} to be ${expectedPct}${e.tolerance ? ` within ${e.tolerance.times(100).toString()} percentage ${e.tolerance.times(100).eq(1) ? "point" : "points"}` : " (as precise as written)"}, computed ${shown} (${formatMoney(providers.get(e.provider)!.total, f.currency)} of ${formatMoney(f.total, f.currency)}). Update the expectation or the deals.`,
            { fixes: [{ title: `Update the expected share to ${written}`, edits: [{ span: e.valueSpan, newText: written }] }] },
          ),
        );
      }
    } else {
      const hhi = f.hhiExact;
      if (hhi === undefined) {
        diagnostics.push(diagnostic("DS402", e.keySpan, "The concentration index exists only when the portfolio's total is above zero and no provider's total is negative."));
        continue;
      }
      const holds = e.tolerance ? hhi.minus(e.expected).abs().lte(e.tolerance) : hhi.toDecimalPlaces(e.decimals, Decimal.ROUND_HALF_UP).eq(e.expected);
      out.push({ expectation: e, computed: hhi, holds });
      if (!holds) {
        const written = hhi.toDecimalPlaces(e.decimals, Decimal.ROUND_HALF_UP).toFixed(e.decimals);
        diagnostics.push(
          diagnostic(
            "DS400",
            e.valueSpan,
            `Expected the ${e.label} ${e.text}${e.tolerance ? ` within ${e.tolerance.toString()} points` : ""}, computed ${f.hhi!.toFixed(2)}. Update the expectation or the deals.`,
            { fixes: [{ title: `Update the expected index to ${written}`, edits: [{ span: e.valueSpan, newText: written }] }] },
          ),
        );
      }
    }
  }
  return out;
}

/**
 * Analyzes a portfolio file. `location` is its URI or POSIX path (include
 * paths are relative to it); `text` is its current text (an editor's unsaved
 * buffer); `host` lists folders and gives the analyses of deal files and the
 * texts of nested portfolio files. One call reads each file at most once.
 */
export function analyzePortfolio(text: string, location: string, host: PortfolioHost): PortfolioAnalysis {
  const session = new Session(host);
  return session.analyze(canonicalLocation(location), text);
}
