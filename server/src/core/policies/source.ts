/** Where a breach is reported: the line of the figure's source in the checked file. */
import type { Span } from "../diagnostics";
import { valueAt, type Path, type SyntaxTree } from "../syntax";
import type { PolicyFigure, PolicySubject } from "./types";

function exists(tree: SyntaxTree, path: Path): boolean {
  return valueAt(tree.root, path) !== undefined && tree.locate(path)?.key !== undefined;
}

/** The line a breach is reported on: the figure's source where one exists, the scenario's id for a scenario. */
export function sourceSpan(subject: PolicySubject, figure: PolicyFigure, scenario: string | null): Span {
  const tree = subject.analysis.syntax;
  const first = (...paths: Path[]): Span | undefined => {
    for (const p of paths) if (exists(tree, p)) return tree.keySpanOf(p);
    return undefined;
  };
  const id = subject.kind === "deal" ? ["deal"] : ["portfolio"];
  if (scenario !== null) {
    const list = valueAt(tree.root, ["scenarios"]);
    const i = Array.isArray(list) ? list.findIndex((s) => (s as { id?: unknown } | null)?.id === scenario) : -1;
    if (i >= 0) return tree.spanOf(["scenarios", i, "id"]);
  }
  if (subject.kind === "portfolio") return first(["include"], id) ?? { start: 0, end: 0 };
  const fees = valueAt(tree.root, ["fees"]);
  let path: Path[] = [["fees"]];
  switch (figure) {
    case "npv":
      path = [["discount_rate"], ["fees"]];
      break;
    case "exit_exposure": {
      const exits = subject.analysis.figures?.exits ?? [];
      let worst = -1;
      exits.forEach((e, i) => {
        if (worst < 0 || e.exposure.gt(exits[worst]!.exposure)) worst = i;
      });
      path = worst >= 0 ? [["termination", worst, "by"], ["termination"]] : [["termination"]];
      break;
    }
    case "shortfall":
      path = [["commitment", "minimum"], ["commitment"]];
      break;
    case "per_gpu_hour":
      path = [["capacity", "gpus"], ["capacity"]];
      break;
    case "per_mw_month":
      path = [["capacity", "power"], ["capacity"]];
      break;
    case "assumed_share": {
      const i = Array.isArray(fees) ? fees.findIndex((f) => (f as { basis?: unknown } | null)?.basis === "assumed") : -1;
      if (i >= 0) path = [["fees", i, "basis"], ["fees"]];
      break;
    }
    default:
      break;
  }
  return first(...path, ["fees"], id) ?? { start: 0, end: 0 };
}

