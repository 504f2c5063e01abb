/**
 * CodeLens on the deal line: the headline figures (compact, exact in the
 * tooltip), and lenses that open the payment schedule and the cash flow. Returned fully resolved (titles included). Figures that
 * leave out a fee come after a lens that says so, each marked `(partial)`;
 * with no fee evaluated there is no figure, only `no figures: fix the errors`.
 */
import type { Analysis } from "../analyze";
import type { Span } from "../diagnostics";
import { formatCompact, formatMoney } from "../money";
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
    // Compact in the title (`$45B`), exact in the tooltip (`$45,000,000,000.00`).
    const money = (v: Parameters<typeof formatMoney>[0]) => formatMoney(v, f.currency);
    const compact = (v: Parameters<typeof formatCompact>[0]) => formatCompact(v, f.currency);
    const mark = status.kind === "partial" ? " (partial)" : "";
    out.push({ span, title: `Total ${compact(f.total)}${mark}`, kind: "figure", tooltip: `Total ${money(f.total)}${mark}` });
    out.push({ span, title: `Run rate ${compact(f.runRate.amount)}/yr${mark}`, kind: "figure", tooltip: `Run rate ${money(f.runRate.amount)} a year${mark}` });
    if (f.exits.length > 0) {
      out.push({
        span,
        title: `Exit exposure ${f.exits.map((e) => compact(e.exposure)).join(" · ")}${mark}`,
        kind: "figure",
        tooltip: `Exit exposure ${f.exits.map((e) => money(e.exposure)).join(" · ")}${mark}`,
      });
    }
  }
  out.push({ span, title: "Show schedule", kind: "schedule" });
  out.push({ span, title: "Show cash flow", kind: "cashflow" });
  for (const l of scenarioLenses(a)) out.push({ span: l.span, title: l.title, kind: "figure", tooltip: l.tooltip });
  return out;
}
