/**
 * CodeLens on the deal line: the headline figures (compact, exact in the
 * tooltip), and lenses that open the payment schedule and the cash flow. Returned fully resolved (titles included). Figures that
 * leave out a fee come after a lens that says so, each marked `(partial)`;
 * with no fee evaluated there is no figure, only `no figures: fix the errors`.
 * On a portfolio file (`portfolioCodeLenses`): the portfolio's headline figures.
 */
import type { Analysis } from "../analyze";
import type { Span } from "../diagnostics";
import { formatCompact, formatMoney, type Decimal } from "../money";
import { scenarioDelta } from "../portfolio/scenarios";
import type { PortfolioAnalysis } from "../portfolio/types";
import { plural } from "./common";
import { percentOf, signedMoney } from "./explainPortfolio";
import { scenarioLenses } from "./scenarios";
import { figuresStatus, portfolioFiguresStatus } from "./display";

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

/**
 * CodeLens on the `portfolio:` line: total, concentration, firm commitment.
 * Fully resolved. When deals are left out, a first lens says which and the
 * figures are marked `(partial)`; with no deal counted, only that lens.
 */
export function portfolioCodeLenses(pa: PortfolioAnalysis): Lens[] {
  const f = pa.figures;
  if (pa.syntax.locate(["portfolio"]) === undefined) return [];
  const span = pa.syntax.keySpanOf(["portfolio"]);
  const status = portfolioFiguresStatus(pa);
  const out: Lens[] = status.label === undefined ? [] : [{ span, title: status.label, kind: "figure" }];
  if (!f || status.kind === "none") return out;
  // Compact in the title (`$2.04T`), exact in the tooltip, as on a deal.
  const money = (v: Decimal) => formatMoney(v, f.currency);
  const compact = (v: Decimal) => formatCompact(v, f.currency);
  const mark = status.kind === "partial" ? ", partial" : "";
  const deals = `(${plural(f.deals.length, "deal")}${mark})`;
  out.push({ span, title: `Total ${compact(f.total)} ${deals}`, kind: "figure", tooltip: `Total ${money(f.total)} ${deals}` });
  if (f.hhi) out.push({ span, title: `HHI ${f.hhi.toFixed(2)}${mark ? " (partial)" : ""}`, kind: "figure" });
  const share = percentOf(f.firmCommitment, f.total);
  const firm = `${share ? ` (${share}${mark})` : mark ? " (partial)" : ""}`;
  out.push({ span, title: `Firm commitment ${compact(f.firmCommitment)}${firm}`, kind: "figure", tooltip: `Firm commitment ${money(f.firmCommitment)}${firm}` });
  for (const sc of pa.scenarios) {
    const sf = sc.figures;
    if (!sf || pa.syntax.locate(["scenarios", sc.index, "id"]) === undefined) continue;
    const at = pa.syntax.keySpanOf(["scenarios", sc.index, "id"]);
    const d = scenarioDelta(f, sc);
    out.push({ span: at, title: `Total ${money(sf.total)} ${d ? `(${signedMoney(d.total, f.currency)})` : "(partial)"}`, kind: "figure" });
    out.push({ span: at, title: `Firm commitment ${money(sf.firmCommitment)} ${d ? `(${signedMoney(d.firmCommitment, f.currency)})` : "(partial)"}`, kind: "figure" });
  }
  return out;
}
