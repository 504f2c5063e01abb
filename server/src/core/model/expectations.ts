/** Lowering `expect`: the figures a deal (or a scenario) expects, each with its tolerance. */
import { diagnostic } from "../diagnostics";
import type { Decimal } from "../money";
import { isRecord, valueAt, type Path } from "../syntax";
import { readPercent } from "../values";
import { readMoneyAt, reportRead, scalarAt, type Lowering } from "./readers";
import type { ExpectationModel, ExpectedFigure, Mutable, Tolerance } from "./types";

/** An expected amount: `$45B`, or `{value: $45B, tolerance: 1%}` (a percentage or money). */
export function readExpectedAmount(
  l: Lowering,
  path: Path,
  currency: string | undefined,
): { readonly expected: Decimal; readonly tolerance?: Tolerance; readonly valuePath: Path } | undefined {
  const v = valueAt(l.tree.root, path);
  const valuePath = isRecord(v) ? [...path, "value"] : path;
  const expected = readMoneyAt(l, valuePath, currency, true);
  if (expected === undefined) return undefined;
  if (!isRecord(v) || v.tolerance === undefined) return { expected, valuePath };
  const t = scalarAt(l, [...path, "tolerance"]);
  if (t === undefined) return undefined;
  if (/%\s*$/.test(t)) {
    const p = readPercent(t);
    if (!p.ok) {
      reportRead(l, [...path, "tolerance"], p);
      return undefined;
    }
    return { expected, valuePath, tolerance: { kind: "percent", rate: p.value.rate } };
  }
  const m = readMoneyAt(l, [...path, "tolerance"], currency);
  return m === undefined ? undefined : { expected, valuePath, tolerance: { kind: "money", amount: m } };
}

/** Reads the expectations at `at` (the deal's `expect`, or a scenario's). */
export function lowerExpectations(l: Lowering, currency: string | undefined, clauses: number, at: Path = ["expect"]): ExpectationModel[] {
  const raw = valueAt(l.tree.root, at);
  if (!isRecord(raw)) return [];
  const out: ExpectationModel[] = [];
  const one = (path: Path, figure: ExpectedFigure, label: string, index?: number) => {
    const read = readExpectedAmount(l, path, currency);
    if (read === undefined) return;
    const { expected, tolerance, valuePath } = read;
    const e: Mutable<ExpectationModel> = { figure, expected, valueSpan: l.tree.spanOf(valuePath), keySpan: l.tree.keySpanOf(path), label };
    if (index !== undefined) e.index = index;
    if (tolerance) e.tolerance = tolerance;
    out.push(e);
  };
  if (raw.total !== undefined) one([...at, "total"], "total", "total");
  if (raw.run_rate !== undefined) one([...at, "run_rate"], "run_rate", "run rate");
  if (raw.peak_month !== undefined) one([...at, "peak_month"], "peak_month", "peak month");
  const ee = raw.exit_exposure;
  if (ee !== undefined) {
    const items: Path[] = Array.isArray(ee) ? ee.map((_, j) => [...at, "exit_exposure", j]) : [[...at, "exit_exposure"]];
    items.forEach((p, j) => {
      if (j >= clauses) {
        l.diagnostics.push(diagnostic("DS402", l.tree.spanOf(p), `There ${clauses === 1 ? "is 1 termination clause" : `are ${clauses} termination clauses`}, so there is no exit exposure number ${j + 1}: remove this value.`));
        return;
      }
      one(p, "exit_exposure", clauses > 1 ? `exit exposure of clause ${j + 1}` : "exit exposure", j);
    });
  }
  const years = raw.year;
  if (isRecord(years)) {
    for (const y of Object.keys(years)) {
      if (!/^[0-9]{4}$/.test(y)) {
        l.diagnostics.push(diagnostic("DS402", l.tree.keySpanOf([...at, "year", y]), `\`${y}\` is not a calendar year: write a year such as \`2027\`.`));
        continue;
      }
      one([...at, "year", y], "year", `${y} payments`, Number(y));
    }
  }
  return out;
}
