/**
 * The figures as display strings, for clients that show figures without
 * formatting money themselves (the VS Code status bar): exact strings with the
 * currency marker, and compact ones for tight spaces.
 */
import type { Analysis } from "../analyze";
import { formatCompact, formatMoney, type Decimal } from "../money";

/*
 * Mirrors FiguresDisplay of server/src/lsp/protocol.ts, which stays free of
 * imports so the client can share it; the `dealspec/figures` handler is typed
 * with the protocol's type, so the compiler checks that the two agree.
 */
export interface FiguresDisplay {
  readonly total?: string;
  readonly total_compact?: string;
  readonly run_rate?: string;
  readonly run_rate_compact?: string;
  readonly peak_month?: string;
  readonly npv?: string;
  readonly shortfall?: string;
  /** One per termination clause, in file order. */
  readonly exit_exposure: readonly string[];
}

export function figuresDisplay(analysis: Analysis): FiguresDisplay {
  const f = analysis.figures;
  if (!f) return { exit_exposure: [] };
  const exact = (v: Decimal | undefined) => (v === undefined ? undefined : formatMoney(v, f.currency));
  const out: { -readonly [K in keyof FiguresDisplay]: FiguresDisplay[K] } = {
    total: exact(f.total),
    total_compact: formatCompact(f.total, f.currency),
    run_rate: exact(f.runRate.amount),
    run_rate_compact: formatCompact(f.runRate.amount, f.currency),
    exit_exposure: f.exits.map((e) => formatMoney(e.exposure, f.currency)),
  };
  if (f.peakMonth) out.peak_month = exact(f.peakMonth.amount);
  if (f.npv) out.npv = exact(f.npv.amount);
  if (f.shortfall) out.shortfall = exact(f.shortfall);
  return out;
}
