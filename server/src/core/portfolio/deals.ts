/**
 * Which of the deals a portfolio reaches count in its figures, and in which
 * currency: the portfolio's currency (DS507), each deal's status (errors
 * DS504, a duplicate id DS502, no rate DS503) and its conversion, and the
 * rates no deal uses (DS508, DS509).
 */
import { hasErrors, type Analysis } from "../analyze";
import { CODES, diagnostic, type Diagnostic, type RelatedInfo, type Span } from "../diagnostics";
import { LineIndex } from "../lines";
import { insertKeyFix } from "../model/quickFixes";
import { ONE, type Decimal } from "../money";
import type { SyntaxTree } from "../syntax";
import type { ConvertedDeal } from "./figures";
import type { PortfolioMemo } from "./memo";
import type { PortfolioModel } from "./model";
import type { Loaded } from "./session";
import type { DealStatus, PortfolioDeal } from "./types";
import { relativeLocation } from "./uri";

/** A deal an include reaches, directly or through nested portfolios (`via`, outermost first). */
export interface Reached {
  readonly location: string;
  readonly analysis: Analysis;
  /** The index of the include entry (in this file) that brought the deal in. */
  readonly include: number;
  readonly via: readonly string[];
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * The errors of another file, for the message that points at it: how many,
 * where the first is (`line 3, DS210 Invalid date`, the first inside `within`
 * when there is one there) and related information at it. `where` is empty
 * when there is no error.
 */
export function errorSummary(a: Pick<Analysis, "diagnostics" | "text">, location: string, within?: Span): { count: number; related: RelatedInfo[]; where: string } {
  const errors = a.diagnostics.filter((d) => d.severity === "error");
  const inside = within ? errors.filter((d) => d.span.start >= within.start && d.span.end <= within.end) : [];
  const first = inside[0] ?? errors[0];
  if (!first) return { count: 0, related: [], where: "" };
  const line = new LineIndex(a.text).position(first.span.start).line + 1;
  return {
    count: errors.length,
    related: [{ uri: location, span: first.span, message: `${first.code}: ${first.message}` }],
    where: `line ${line}, ${first.code} ${CODES[first.code].title}`,
  };
}

/** The portfolio's currency: written, or the one all deals without errors share (DS507 when they differ and none is written). */
export function portfolioCurrency(loaded: Loaded, reached: readonly Reached[], diagnostics: Diagnostic[]): string | undefined {
  const model = loaded.model;
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
  return currency;
}

export interface DealStatuses {
  /** Every deal reached, with its status. */
  readonly deals: PortfolioDeal[];
  /** The counted deals, converted to the portfolio's currency. */
  readonly counted: ConvertedDeal[];
  /** The currencies of the deals reached. */
  readonly usedCurrencies: ReadonlySet<string>;
}

/** Each reached deal's status in the portfolio, and the conversion of each counted one (DS504, DS502, DS503). */
export function dealStatuses(loaded: Loaded, reached: readonly Reached[], currency: string | undefined, minor: number, memo: PortfolioMemo, diagnostics: Diagnostic[]): DealStatuses {
  const model = loaded.model;
  const rel = (to: string) => relativeLocation(loaded.location, to);
  const ids = new Map<string, Reached>();
  const reportedRates = new Set<string>();
  const deals: PortfolioDeal[] = [];
  const counted: ConvertedDeal[] = [];
  const usedCurrencies = new Set<string>();
  const incSpan = (i: number) => loaded.includes[i]!.span;
  for (const r of reached) {
    const a = r.analysis;
    if (a.model?.currency) usedCurrencies.add(a.model.currency);
    const push = (status: DealStatus) => deals.push({ location: r.location, analysis: a, include: r.include, via: r.via, status });
    if (hasErrors(a.diagnostics) || !a.model || !a.figures || a.model.id === undefined) {
      if (r.via.length === 0) {
        const s = errorSummary(a, r.location);
        const count = Math.max(1, s.count);
        diagnostics.push(
          diagnostic(
            "DS504",
            incSpan(r.include),
            `\`${rel(r.location)}\` has ${plural(count, "error")}${s.where ? ` (first: ${s.where})` : ""}; it is left out of the portfolio's figures until ${count === 1 ? "it is" : "they are"} fixed.`,
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
    const converted = memo.convertDeal(r.location, a, rate, minor);
    if (!converted) {
      push("errors");
      continue;
    }
    counted.push(converted);
    push("counted");
  }
  return { deals, counted, usedCurrencies };
}

function hasFxKey(tree: SyntaxTree, currency: string): boolean {
  return tree.locate(["fx", currency]) !== undefined;
}

/** The rates: the portfolio's own currency is 1 (DS508); a rate no deal uses is worth a note (DS509). */
export function checkRates(model: PortfolioModel | undefined, currency: string | undefined, usedCurrencies: ReadonlySet<string>, diagnostics: Diagnostic[]): void {
  if (!model) return;
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
