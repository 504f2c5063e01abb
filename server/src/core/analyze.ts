/**
 * The engine's entry point: text in, an immutable analysis out (diagnostics,
 * model, schedule and figures). Never throws on user input.
 */
import { diagnostic, type Diagnostic } from "./diagnostics";
import { evaluate, type Figures } from "./evaluate";
import { ChargeMemo } from "./evaluate/memo";
import { moneyLiteral } from "./literals";
import { formatMoney, roundMinor, ZERO, Decimal } from "./money";
import { lowerDeal } from "./model/lower";
import { LoweringMemo } from "./model/memo";
import type { DealModel, ExpectationModel } from "./model/types";
import { analyzeScenarios, type ScenarioResult } from "./scenarios";
import { parseSyntax, readable, valueAt, type SyntaxTree } from "./syntax";
import { firstLineSpan, syntaxTree } from "./syntax/spans";

export interface ExpectationResult {
  readonly expectation: ExpectationModel;
  readonly computed: Decimal;
  readonly difference: Decimal;
  readonly holds: boolean;
}

export interface Analysis {
  readonly text: string;
  readonly syntax: SyntaxTree;
  /** Sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  readonly model?: DealModel;
  readonly figures?: Figures;
  readonly expectations: readonly ExpectationResult[];
  /** The deal's scenarios, in file order (those with a readable, unique id). */
  readonly scenarios: readonly ScenarioResult[];
  /** Each scenario's checked expectations, aligned with `scenarios`. */
  readonly scenarioExpectations: readonly (readonly ExpectationResult[])[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** The computed value an expectation compares against. */
export function computedFor(e: ExpectationModel, figures: Figures): Decimal | undefined {
  switch (e.figure) {
    case "total":
      return figures.total;
    case "run_rate":
      return figures.runRate.amount;
    case "peak_month":
      return figures.peakMonth?.amount ?? ZERO;
    case "exit_exposure":
      return figures.exits[e.index ?? 0]?.exposure;
    case "year":
      return figures.years.get(e.index ?? 0) ?? ZERO;
  }
}

/** What a money expectation needs: the expected amount, its tolerance, where it is written and how to name it. */
export type AmountExpectation = Pick<ExpectationModel, "expected" | "tolerance" | "valueSpan" | "label">;

/**
 * Checks one money expectation against a computed figure: the difference at
 * the minor unit, within the tolerance or exact. A failed check gives DS400 on
 * the expected amount, with a fix that writes the computed figure instead.
 */
export function checkAmount(e: AmountExpectation, computed: Decimal, currency: string, minor: number): { difference: Decimal; holds: boolean; diagnostic?: Diagnostic } {
  const fmt = (v: Decimal) => formatMoney(v, currency);
  const difference = roundMinor(computed, minor).minus(roundMinor(e.expected, minor));
  let allowed = ZERO;
  if (e.tolerance?.kind === "percent") allowed = e.expected.abs().times(e.tolerance.rate);
  else if (e.tolerance?.kind === "money") allowed = e.tolerance.amount;
  const holds = difference.abs().lte(allowed);
  if (holds) return { difference, holds };
  const sign = difference.isNegative() ? "" : "+";
  const tol = e.tolerance ? `, beyond the tolerance of ${e.tolerance.kind === "percent" ? `${e.tolerance.rate.times(100).toString()}%` : fmt(e.tolerance.amount)}` : "";
  return {
    difference,
    holds,
    diagnostic: diagnostic(
      "DS400",
      e.valueSpan,
      `Expected ${e.label} ${fmt(e.expected)}, computed ${fmt(computed)} (difference ${sign}${fmt(difference)}${tol}). Update the expectation or the terms.`,
      { fixes: [{ title: `Update the expected ${e.label} to ${moneyLiteral(computed, currency)}`, edits: [{ span: e.valueSpan, newText: moneyLiteral(computed, currency) }] }] },
    ),
  };
}

function checkExpectations(expectations: readonly ExpectationModel[], figures: Figures, diagnostics: Diagnostic[]): ExpectationResult[] {
  const out: ExpectationResult[] = [];
  for (const e of expectations) {
    const computed = computedFor(e, figures);
    if (computed === undefined) continue;
    const { difference, holds, diagnostic: d } = checkAmount(e, computed, figures.currency, figures.minor);
    out.push({ expectation: e, computed, difference, holds });
    if (d) diagnostics.push(d);
  }
  return out;
}

export function analyze(text: string): Analysis {
  return analyzeSyntax(parseSyntax(text));
}

/** DS199 on the first line of `text`: its analysis threw `error`, a bug in Dealspec. */
export function analysisFailed(text: string, error: unknown): Diagnostic {
  const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 200);
  return diagnostic(
    "DS199",
    firstLineSpan(text),
    `Dealspec could not analyse this text: an internal error (${reason}). No figures are shown for it; edit the file to analyse it again. This is a bug in Dealspec: please report it with the file.`,
  );
}

/**
 * What a caller that must answer for every text (the language server) shows
 * when the analysis threw, which is a bug in Dealspec: the text, no model and
 * no figures (so nothing computed from an earlier version stands in for them),
 * and one DS199 on the first line that says so. The error itself goes to the
 * caller's log.
 */
export function failedAnalysis(text: string, error: unknown): Analysis {
  return { ...failedParts(text, error), scenarioExpectations: [] };
}

/** What a deal's or a portfolio's failed analysis has of its text: no tree, one DS199, nothing checked, no scenarios. */
export function failedParts(text: string, error: unknown): { text: string; syntax: SyntaxTree; diagnostics: Diagnostic[]; expectations: never[]; scenarios: never[] } {
  return { text, syntax: syntaxTree(text, undefined, [], () => undefined), diagnostics: [analysisFailed(text, error)], expectations: [], scenarios: [] };
}

/**
 * The analysis of a parsed deal file: what `analyze` does after the parse. A
 * charge memo (owned by the caller, as an `AnalysisSession` holds one) reuses
 * the charges of fees scheduled before, and a lowering memo the shape check
 * and the lowering of unchanged fees; the analysis is the same without them.
 * Without them, a deal with scenarios or options gets memos of its own for
 * this analysis, since it evaluates (and lowers) the deal more than once.
 */
export function analyzeSyntax(syntax: SyntaxTree, given?: ChargeMemo, givenLowering?: LoweringMemo): Analysis {
  const text = syntax.text;
  // A scenario's `set` lowers the deal again: one memo for the analysis reuses what it leaves unchanged.
  const hasScenarios = valueAt(syntax.root, ["scenarios"]) !== undefined;
  const lowering = givenLowering ?? (hasScenarios ? new LoweringMemo() : undefined);
  const diagnostics: Diagnostic[] = [...syntax.diagnostics];
  let model: DealModel | undefined;
  let figures: Figures | undefined;
  let expectations: ExpectationResult[] = [];
  let scenarios: ScenarioResult[] = [];
  let scenarioExpectations: ExpectationResult[][] = [];
  if (readable(syntax)) {
    const lowered = lowerDeal(syntax, lowering);
    model = lowered.model;
    diagnostics.push(...lowered.diagnostics);
    // Scenarios and options' values evaluate the deal again: one memo for the analysis reuses the fees they leave unchanged.
    const memo = given ?? (hasScenarios || model.options.length > 0 ? new ChargeMemo() : undefined);
    const evaluation = evaluate(model, {}, memo);
    diagnostics.push(...evaluation.diagnostics);
    figures = evaluation.figures;
    if (figures && model.commitment && figures.shortfall) {
      diagnostics.push(
        diagnostic(
          "DS310",
          model.commitment.span,
          `The fees total ${formatMoney(figures.total, figures.currency)}, ${formatMoney(figures.shortfall, figures.currency)} below the committed minimum of ${formatMoney(model.commitment.minimum, figures.currency)}: the buyer pays the shortfall or the terms need a look.`,
        ),
      );
    }
    if (figures && model.expectations.length > 0) {
      if (hasErrors(diagnostics) || !model.complete) {
        const first = model.expectations[0]!;
        diagnostics.push(diagnostic("DS401", first.keySpan, "Expectations are checked once the deal has no errors: fix the errors above first."));
      } else {
        expectations = checkExpectations(model.expectations, figures, diagnostics);
      }
    }
    if (hasScenarios) {
      const s = analyzeScenarios(syntax, model, diagnostics, { ...(memo ? { memo } : {}), ...(lowering ? { lowering } : {}) });
      scenarios = s.results;
      diagnostics.push(...s.diagnostics);
      scenarioExpectations = scenarios.map((r) => {
        if (r.expectations.length === 0) return [];
        if (!r.figures || !r.model?.complete) {
          diagnostics.push(diagnostic("DS401", r.expectations[0]!.keySpan, `Scenario \`${r.id}\`'s expectations are checked once it has figures: fix the errors in the deal and the scenario first.`));
          return [];
        }
        // A scenario that exits has no exit exposure left to check.
        for (const e of r.expectations) {
          if (e.figure === "exit_exposure" && r.figures.exits.length === 0) {
            diagnostics.push(diagnostic("DS402", e.keySpan, `Scenario \`${r.id}\` exits, so it has no exit exposure: remove this expectation (pin the scenario's \`total\` instead).`));
          }
        }
        return checkExpectations(
          r.expectations.map((e) => ({ ...e, label: `${e.label} of scenario \`${r.id}\`` })),
          r.figures,
          diagnostics,
        );
      });
    }
  }
  // An option's value is null when the deal has errors (the language specification, "Options to extend"). Only
  // `step` and `exercised` are read here: a value is computed when first read (evaluate.ts).
  if (figures && figures.options.length > 0 && hasErrors(diagnostics)) {
    (figures as { options: Figures["options"] }).options = figures.options.map((o) => ({ step: o.step, exercised: o.exercised }));
  }
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const out: { -readonly [K in keyof Analysis]: Analysis[K] } = { text, syntax, diagnostics, expectations, scenarios, scenarioExpectations };
  if (model) out.model = model;
  if (figures) out.figures = figures;
  return out;
}
