/**
 * Scenarios: the deal with changes, evaluated by the same engine into a full
 * set of figures. The changes apply in the language's order: `set` on the
 * value tree (an overlay of the file, so each value is read and checked
 * exactly as if written at its place), then `change`, `shift`, `exercise`
 * and `exit` on the model. Problems are reported on the scenario's own
 * lines; the base deal is never changed.
 */
import { diagnostic, type Diagnostic, type Span } from "./diagnostics";
import { evaluate, type Figures } from "./evaluate";
import type { ChargeMemo } from "./evaluate/memo";
import type { Decimal } from "./money";
import { lowerExpectations } from "./model/expectations";
import type { LoweringMemo } from "./model/memo";
import type { Lowering } from "./model/readers";
import type { DealModel, ExpectationModel, Mutable } from "./model/types";
import { applyExercise, applyExit, changeAndShift } from "./scenarios/changes";
import { setValues } from "./scenarios/set";
import { isRecord, valueAt, type Path, type SyntaxTree } from "./syntax";
import { isId } from "./values";

/** What every scenario entry has, of a deal or of a portfolio: where it is and what it is called. */
export interface ScenarioEntry {
  /** Position in the file's `scenarios` list. */
  readonly index: number;
  readonly id: string;
  readonly label?: string;
  readonly note?: string;
  readonly idSpan: Span;
  readonly itemSpan: Span;
}

export interface ScenarioResult extends ScenarioEntry {
  /** The scenario's deal after `set`, `change` and `shift`. */
  readonly model?: DealModel;
  /** Its figures; absent when the scenario has errors. */
  readonly figures?: Figures;
  /** What the scenario changes, one line each, in the order applied. */
  readonly applied: readonly string[];
  readonly expectations: readonly ExpectationModel[];
}

/** True when every fee of the model was evaluated: the figures JSON's `complete`. */
export function feesComplete(model: DealModel | undefined): boolean {
  return model !== undefined && model.feesRead && model.excluded.length === 0;
}

/**
 * A scenario's difference from the base: scenario minus base, for the total
 * and (when both have one) the NPV; undefined when either side's figures are
 * missing or incomplete (the specification's `delta` is then null).
 */
export function dealScenarioDelta(
  base: { readonly model?: DealModel; readonly figures?: Figures },
  r: Pick<ScenarioResult, "model" | "figures">,
): { readonly total: Decimal; readonly npv?: Decimal } | undefined {
  if (!base.figures || !r.figures || !feesComplete(base.model) || !feesComplete(r.model)) return undefined;
  const total = r.figures.total.minus(base.figures.total);
  return r.figures.npv && base.figures.npv ? { total, npv: r.figures.npv.amount.minus(base.figures.npv.amount) } : { total };
}

/**
 * Evaluates every scenario of a deal against its lowered base model (`totalsOnly`: only what totals and NPV need).
 * `memo` reuses charges between evaluations, `lowering` (the memo that lowered the base) the shape check and
 * fee lowerings a scenario's `set` leaves unchanged; the results are the same without them.
 */
export function analyzeScenarios(
  tree: SyntaxTree,
  base: DealModel,
  baseDiagnostics: readonly Diagnostic[],
  options: { readonly totalsOnly?: boolean; readonly memo?: ChargeMemo; readonly lowering?: LoweringMemo } = {},
): { results: ScenarioResult[]; diagnostics: Diagnostic[] } {
  const raw = valueAt(tree.root, ["scenarios"]);
  const diagnostics: Diagnostic[] = [];
  const results: ScenarioResult[] = [];
  if (!Array.isArray(raw)) return { results, diagnostics };
  const ids = new Map<string, Span>();
  raw.forEach((item, k) => {
    const at: Path = ["scenarios", k];
    if (!isRecord(item) || !isId(item.id)) return;
    const id = item.id;
    const idSpan = tree.spanOf([...at, "id"]);
    const itemSpan = tree.spanOf(at);
    const first = ids.get(id);
    if (first) {
      diagnostics.push(diagnostic("DS600", idSpan, `Another scenario already has the id \`${id}\`: scenario ids are unique.`, { related: [{ span: first, message: `\`${id}\` is first used here` }] }));
      return;
    }
    ids.set(id, idSpan);
    const l: Lowering = { tree, diagnostics: [], complete: true };
    const applied: string[] = [];
    const result: Mutable<ScenarioResult> = { index: k, id, idSpan, itemSpan, applied, expectations: [] };
    if (typeof item.label === "string") result.label = item.label;
    if (typeof item.note === "string") result.note = item.note;
    results.push(result);

    // The changes in the language's order: set on the value tree, then change and shift, exercise and exit on the model.
    const set = setValues(l, at, id, itemSpan, base, baseDiagnostics, applied, options.lowering);
    const changed = changeAndShift(l, at, item, set, applied, id);
    const model = changed.model;
    result.model = model;
    const exercise = applyExercise(l, at, item.exercise, model, applied, baseDiagnostics);
    const { exercised } = exercise;
    const { exit, ...exited } = applyExit(l, at, item.exit, model, exercised, applied);

    // The scenario's own expectations, read from its lines.
    const clauseCount = model.termination.length;
    result.expectations = item.expect !== undefined ? lowerExpectations(l, model.currency, clauseCount, [...at, "expect"]) : [];

    const errors = changed.errors || exercise.errors || exited.errors || l.diagnostics.some((d) => d.severity === "error");
    diagnostics.push(...l.diagnostics);
    if (errors) return;
    // `totalsOnly`: the schedule and its sums (total, years, NPV) without exit exposures, curves or option values.
    // Each scenario's months are kept apart (evaluated again, most of its fees are as they were; the other scenarios' are not).
    const evaluation = evaluate(
      model,
      { exercised, ledger: `scenario ${id}`, ...(exit ? { exit } : {}), ...(options.totalsOnly ? { totalsOnly: true, optionValues: false } : {}) },
      options.memo,
    );
    for (const d of evaluation.diagnostics) diagnostics.push(diagnostic("DS609", idSpan, `In scenario \`${id}\`: ${d.message}`));
    if (evaluation.figures && evaluation.diagnostics.length === 0) result.figures = evaluation.figures;
  });
  return { results, diagnostics };
}
