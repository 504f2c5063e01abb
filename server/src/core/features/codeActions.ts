/**
 * Quick fixes: the repairs the engine attaches to its diagnostics, for the
 * diagnostics that touch a range.
 */
import type { Analysis } from "../analyze";
import type { Diagnostic, Fix, Span } from "../diagnostics";
import { spansOverlap } from "./common";

export interface QuickFix {
  readonly diagnostic: Diagnostic;
  readonly fix: Fix;
  /** The first fix of a diagnostic is the one to prefer. */
  readonly preferred: boolean;
}

export function quickFixes(a: Analysis, range: Span): QuickFix[] {
  const out: QuickFix[] = [];
  for (const d of a.diagnostics) {
    if (!d.fixes || !spansOverlap(d.span, range)) continue;
    d.fixes.forEach((fix, i) => out.push({ diagnostic: d, fix, preferred: i === 0 && d.fixes!.length === 1 }));
  }
  return out;
}
