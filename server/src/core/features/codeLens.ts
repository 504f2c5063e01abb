/**
 * CodeLens on the deal line: the headline figures, and a lens that opens the
 * payment schedule. Returned fully resolved (titles included). Figures that
 * leave out a fee come after a lens that says so, each marked `(partial)`;
 * with no fee evaluated there is no figure, only `no figures: fix the errors`.
 */
import type { Analysis } from "../analyze";
import type { Span } from "../diagnostics";
import { formatMoney } from "../money";
import { scenarioLenses } from "./scenarios";
import { figuresStatus } from "./display";

export interface Lens {
  readonly span: Span;
  readonly title: string;
  /** `figure` lenses are read, not clicked; `schedule` opens the schedule, `cashflow` the cash-flow chart. */
  readonly kind: "figure" | "schedule" | "cashflow";
  /** The exact figures behind a compact title. */
  readonly tooltip?: string;
}

export function codeLenses(a: Analysis): Lens[] {
  const m = a.model;
  if (!m || a.syntax.locate(["deal"]) === undefined) return [];
  const span = a.syntax.keySpanOf(["deal"]);
  const f = a.figures;
  const out: Lens[] = [];
  const status = figuresStatus(a);
  if (status.label !== undefined) out.push({ span, title: status.label, kind: "figure" });
  if (f && status.kind !== "none") {
    const money = (v: Parameters<typeof formatMoney>[0]) => formatMoney(v, f.currency);
    const mark = status.kind === "partial" ? " (partial)" : "";
    out.push({ span, title: `Total ${money(f.total)}${mark}`, kind: "figure" });
    out.push({ span, title: `Run rate ${money(f.runRate.amount)}/yr${mark}`, kind: "figure" });
    if (f.exits.length > 0) out.push({ span, title: `Exit exposure ${f.exits.map((e) => money(e.exposure)).join(" · ")}${mark}`, kind: "figure" });
  }
  out.push({ span, title: "Show schedule", kind: "schedule" });
  out.push({ span, title: "Show cash flow", kind: "cashflow" });
  for (const l of scenarioLenses(a)) out.push({ span: l.span, title: l.title, kind: "figure", tooltip: l.tooltip });
  return out;
}
