/** The portfolio's expectations checked against its figures (DS400, DS401, DS402). */
import { checkAmount, hasErrors } from "../analyze";
import { diagnostic, suggest, type Diagnostic, type Span } from "../diagnostics";
import { Decimal, formatMoney } from "../money";
import { sharePercent, type PortfolioFigures } from "./figures";
import { lowerPortfolioExpectations, type PortfolioExpectationModel } from "./model";
import type { Loaded } from "./session";
import type { ExpectationCheck } from "./types";

/**
 * Reads the portfolio's expectations (in its currency, known only now) and
 * checks them, once the portfolio has figures and no errors (DS401 until then).
 */
export function portfolioExpectations(loaded: Loaded, figures: PortfolioFigures | undefined, currency: string | undefined, diagnostics: Diagnostic[]): ExpectationCheck[] {
  if (!loaded.lowering) return [];
  const lowering = { ...loaded.lowering, diagnostics: [] as Diagnostic[] };
  const models = lowerPortfolioExpectations(lowering, currency);
  diagnostics.push(...lowering.diagnostics);
  if (models.length === 0) return [];
  if (!figures || hasErrors(diagnostics)) {
    diagnostics.push(diagnostic("DS401", models[0]!.keySpan, "Expectations are checked once the portfolio has no errors: fix the errors above first."));
    return [];
  }
  return checkExpectations(models, figures, diagnostics);
}

function checkExpectations(models: readonly PortfolioExpectationModel[], f: PortfolioFigures, diagnostics: Diagnostic[]): ExpectationCheck[] {
  const out: ExpectationCheck[] = [];
  const providers = new Map(f.providers.map((p) => [p.name, p]));
  const unknownProvider = (e: PortfolioExpectationModel & { provider?: string; providerSpan?: Span }): boolean => {
    if (e.provider === undefined || providers.has(e.provider)) return false;
    const names = [...providers.keys()];
    const guess = suggest(e.provider, names);
    diagnostics.push(
      diagnostic(
        "DS402",
        e.providerSpan ?? e.keySpan,
        `No counted deal has the provider \`${e.provider}\`${guess ? `: did you mean \`${guess}\`?` : names.length > 0 ? `; the providers are ${names.map((n) => `\`${n}\``).join(", ")}.` : "."}`,
      ),
    );
    return true;
  };
  for (const e of models) {
    if (e.kind === "amount") {
      if (e.figure === "provider_total" && unknownProvider(e)) continue;
      const computed =
        e.figure === "total" ? f.total : e.figure === "firm_commitment" ? f.firmCommitment : e.figure === "year" ? (f.years.get(e.year!) ?? new Decimal(0)) : providers.get(e.provider!)!.total;
      const r = checkAmount(e, computed, f.currency, f.minor);
      if (r.diagnostic) diagnostics.push(r.diagnostic);
      out.push({ expectation: e, computed, holds: r.holds });
    } else if (e.kind === "share") {
      if (unknownProvider(e)) continue;
      const share = providers.get(e.provider)!.share;
      if (share === undefined) {
        diagnostics.push(diagnostic("DS402", e.keySpan, `Shares exist only when the portfolio's total is above zero; it is ${formatMoney(f.total, f.currency)}.`));
        continue;
      }
      const holds = e.tolerance ? share.minus(e.expected).abs().lte(e.tolerance) : share.toDecimalPlaces(e.decimals, Decimal.ROUND_HALF_UP).eq(e.expected);
      out.push({ expectation: e, computed: share, holds });
      if (!holds) {
        const shown = `${sharePercent(share, Math.max(2, e.decimals)).toString()}%`;
        const written = e.text.includes("%") ? `${sharePercent(share, Math.max(0, e.decimals - 2)).toString()}%` : share.toDecimalPlaces(e.decimals, Decimal.ROUND_HALF_UP).toString();
        const expectedPct = `${e.expected.times(100).toString()}%`;
        diagnostics.push(
          diagnostic(
            "DS400",
            e.valueSpan,
            `Expected the ${e.label} to be ${expectedPct}${e.tolerance ? ` within ${e.tolerance.times(100).toString()} percentage ${e.tolerance.times(100).eq(1) ? "point" : "points"}` : " (as precise as written)"}, computed ${shown} (${formatMoney(providers.get(e.provider)!.total, f.currency)} of ${formatMoney(f.total, f.currency)}). Update the expectation or the deals.`,
            { fixes: [{ title: `Update the expected share to ${written}`, edits: [{ span: e.valueSpan, newText: written }] }] },
          ),
        );
      }
    } else {
      const hhi = f.hhiExact;
      if (hhi === undefined) {
        diagnostics.push(diagnostic("DS402", e.keySpan, "The concentration index exists only when the portfolio's total is above zero and no provider's total is negative."));
        continue;
      }
      const holds = e.tolerance ? hhi.minus(e.expected).abs().lte(e.tolerance) : hhi.toDecimalPlaces(e.decimals, Decimal.ROUND_HALF_UP).eq(e.expected);
      out.push({ expectation: e, computed: hhi, holds });
      if (!holds) {
        const written = hhi.toDecimalPlaces(e.decimals, Decimal.ROUND_HALF_UP).toFixed(e.decimals);
        diagnostics.push(
          diagnostic(
            "DS400",
            e.valueSpan,
            `Expected the ${e.label} ${e.text}${e.tolerance ? ` within ${e.tolerance.toString()} points` : ""}, computed ${f.hhi!.toFixed(2)}. Update the expectation or the deals.`,
            { fixes: [{ title: `Update the expected index to ${written}`, edits: [{ span: e.valueSpan, newText: written }] }] },
          ),
        );
      }
    }
  }
  return out;
}
