/** Readable text for the CLI: diagnostics and figures. */
import { formatDay, formatMonthIndex, formatMoney, formatPercent, LineIndex, type Analysis, type Diagnostic } from "../core";

export interface LocatedDiagnostic {
  readonly code: string;
  readonly severity: Diagnostic["severity"];
  readonly message: string;
  /** 1-based, UTF-16 columns. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function locate(diagnostics: readonly Diagnostic[], text: string): LocatedDiagnostic[] {
  const index = new LineIndex(text);
  return diagnostics.map((d) => {
    const s = index.position(d.span.start);
    const e = index.position(d.span.end);
    return { code: d.code, severity: d.severity, message: d.message, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
  });
}

function table(rows: readonly (readonly string[])[], indent = "  "): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((r) => indent + r.map((c, i) => (i === r.length - 1 ? c : c + " ".repeat(widths[i]! - [...c].length))).join("  ").trimEnd());
}

/** The figures of one analysis as readable text. */
export function figuresText(file: string, a: Analysis): string {
  const m = a.model;
  const f = a.figures;
  const lines: string[] = [];
  lines.push(`${file}: ${m?.id ?? "(no deal id)"}${m?.title ? ` — ${m.title}` : ""}`);
  if (!m || !f) {
    lines.push("  no figures: the deal's currency and term are needed to compute them");
    return lines.join("\n");
  }
  const money = (v: Parameters<typeof formatMoney>[0]) => formatMoney(v, f.currency);
  const rows: string[][] = [
    ["currency", f.currency],
    ["term", `${formatDay(f.term.start)} to ${formatDay(f.term.last)} (${f.term.days.toLocaleString("en-US")} days)`],
    ["total", money(f.total)],
    ["run rate", `${money(f.runRate.amount)} a year`],
  ];
  if (f.peakMonth) rows.push(["peak month", `${money(f.peakMonth.amount)} (${formatMonthIndex(f.peakMonth.month)})`]);
  if (f.npv) rows.push([`NPV at ${formatPercent(f.npv.rate)}`, money(f.npv.amount)]);
  if (f.perGpuHour) rows.push(["per GPU-hour", money(f.perGpuHour.amount)]);
  if (f.perMwMonth) rows.push(["per MW-month", money(f.perMwMonth.amount)]);
  if (f.shortfall) rows.push(["shortfall", `${money(f.shortfall)} below the committed minimum`]);
  lines.push(...table(rows));
  lines.push("  by year");
  lines.push(...table([...f.years].map(([y, v]) => [String(y), money(v)]), "    "));
  lines.push("  fees");
  lines.push(
    ...table(
      m.fees.map((fee, i) => {
        const ff = f.fees[i]!;
        const when = ff.first === undefined ? "" : ff.first === ff.last ? formatDay(ff.first) : `${formatDay(ff.first)} .. ${formatDay(ff.last!)}`;
        return [fee.id, money(ff.total), `${ff.periods} ${ff.periods === 1 ? "payment" : "payments"}`, when, fee.basis === "contract" ? "" : `(${fee.basis})`];
      }),
      "    ",
    ),
  );
  if (f.byBasis.length > 1) {
    lines.push("  by basis");
    lines.push(...table(f.byBasis.map(([b, v]) => [b, money(v)]), "    "));
  }
  if (f.exits.length > 0) {
    lines.push("  exit exposure");
    lines.push(
      ...table(
        f.exits.map((e, i) => {
          const c = m.termination[i]!;
          return [`by ${c.byText}, ${c.notice.text} notice from ${formatDay(e.noticeDay)}`, money(e.exposure)];
        }),
        "    ",
      ),
    );
  }
  return lines.join("\n");
}
