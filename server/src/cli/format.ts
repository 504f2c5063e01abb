/** Readable text for the CLI: diagnostics and figures. */
import {
  formatDay,
  formatMonthIndex,
  formatMoney,
  formatPercent,
  groupDigits,
  LineIndex,
  relativeLocation,
  dealScenarioDelta,
  scenarioDelta,
  sharePercent,
  ZERO,
  type Analysis,
  type Decimal,
  type Diagnostic,
  type PortfolioAnalysis,
  type Span,
} from "../core";
import { figuresStatus, portfolioFiguresStatus } from "../core/features/display";

/** A range as 1-based lines and UTF-16 columns; the end points just past it. */
export interface Range {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** Another place a diagnostic points at (the first use of an id, the first error of an included deal). */
export interface LocatedRelated extends Range {
  /** As shown: relative to the working folder. */
  readonly file: string;
  readonly message: string;
}

export interface LocatedDiagnostic extends Range {
  readonly code: string;
  readonly severity: Diagnostic["severity"];
  readonly message: string;
  readonly related?: readonly LocatedRelated[];
}

/** The text of the file at a related location (a URI) and its name as shown; undefined when it cannot be read. */
export type RelatedFiles = (uri: string) => { readonly file: string; readonly text: string } | undefined;

function range(index: LineIndex, span: Span): Range {
  const s = index.position(span.start);
  const e = index.position(span.end);
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

/** Diagnostics with lines and columns; related information in other files is located through `files`. */
export function locate(diagnostics: readonly Diagnostic[], text: string, file = "", files?: RelatedFiles): LocatedDiagnostic[] {
  const index = new LineIndex(text);
  const indexes = new Map<string, { file: string; index: LineIndex } | null>();
  const other = (uri: string) => {
    if (!indexes.has(uri)) {
      const f = files?.(uri);
      indexes.set(uri, f ? { file: f.file, index: new LineIndex(f.text) } : null);
    }
    return indexes.get(uri) ?? undefined;
  };
  return diagnostics.map((d) => {
    const out: LocatedDiagnostic = { code: d.code, severity: d.severity, message: d.message, ...range(index, d.span) };
    const related: LocatedRelated[] = [];
    for (const r of d.related ?? []) {
      const where = r.uri === undefined ? { file, index } : other(r.uri);
      if (where) related.push({ file: where.file, message: r.message, ...range(where.index, r.span) });
    }
    return related.length > 0 ? { ...out, related } : out;
  });
}

/** Aligned columns, two spaces apart; the columns in `right` are aligned to the right (amounts). */
function table(rows: readonly (readonly string[])[], indent = "  ", right: readonly number[] = []): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  const pad = (c: string, i: number, last: boolean) => {
    const fill = " ".repeat(widths[i]! - [...c].length);
    return right.includes(i) ? fill + c : last ? c : c + fill;
  };
  return rows.map((r) => indent + r.map((c, i) => pad(c, i, i === r.length - 1)).join("  ").trimEnd());
}

/**
 * The figures of one analysis as readable text. Figures that leave out fees
 * (errors) are marked: the total with `(partial: fee \`lease\` excluded)`,
 * every other sum with `(partial)`, and the fees left out are listed; with no
 * fee evaluated there is no figure, only `no figures: fix the errors (why)`.
 */
export function figuresText(file: string, a: Analysis): string {
  const m = a.model;
  const f = a.figures;
  const status = figuresStatus(a);
  const lines: string[] = [];
  lines.push(`${file}: ${m?.id ?? "(no deal id)"}${m?.title ? ` — ${m.title}` : ""}`);
  if (!m || !f || status.kind === "none") {
    lines.push(`  ${status.label!} (${status.reason!})`);
    return lines.join("\n");
  }
  const money = (v: Parameters<typeof formatMoney>[0]) => formatMoney(v, f.currency);
  const mark = status.kind === "partial" ? " (partial)" : "";
  const rows: string[][] = [
    ["currency", f.currency],
    ["term", `${formatDay(f.term.start)} to ${formatDay(f.term.last)} (${f.term.days.toLocaleString("en-US")} days)`],
    ["total", `${money(f.total)}${status.partial === undefined ? "" : ` (${status.partial})`}`],
    ["run rate", `${money(f.runRate.amount)} a year${mark}`],
  ];
  if (f.peakMonth) rows.push(["peak month", `${money(f.peakMonth.amount)} (${formatMonthIndex(f.peakMonth.month)})${mark}`]);
  if (f.npv) rows.push([`NPV at ${formatPercent(f.npv.rate)}`, `${money(f.npv.amount)}${mark}`]);
  if (f.perGpuHour) rows.push(["per GPU-hour", `${money(f.perGpuHour.amount)}${mark}`]);
  if (f.perMwMonth) rows.push(["per MW-month", `${money(f.perMwMonth.amount)}${mark}`]);
  if (f.shortfall) rows.push(["shortfall", `${money(f.shortfall)} below the committed minimum${mark}`]);
  lines.push(...table(rows));
  lines.push(`  by year${mark}`);
  lines.push(...table([...f.years].map(([y, v]) => [String(y), money(v)]), "    "));
  lines.push("  fees");
  lines.push(
    ...table(
      f.feeModels.flatMap((fee, i) => {
        const ff = f.fees[i]!;
        if (ff.dropped) return [];
        const when = ff.first === undefined ? "" : ff.first === ff.last ? formatDay(ff.first) : `${formatDay(ff.first)} .. ${formatDay(ff.last!)}`;
        return [[fee.id, money(ff.total), `${ff.periods} ${ff.periods === 1 ? "payment" : "payments"}`, when, fee.basis === "contract" ? "" : `(${fee.basis})`]];
      }).concat(status.excluded.map((id) => [id, "excluded", "could not be read", "", ""])),
      "    ",
    ),
  );
  if (f.byBasis.length > 1) {
    lines.push(`  by basis${mark}`);
    lines.push(...table(f.byBasis.map(([b, v]) => [b, money(v)]), "    "));
  }
  if (f.exits.length > 0) {
    lines.push(`  exit exposure${mark}`);
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
  if (m.options.length > 0) {
    lines.push("  options");
    lines.push(
      ...table(
        m.options.map((o, i) => {
          const of = f.options[i]!;
          return [o.id, `${of.exercised ? "exercised" : "not exercised"}, deadline ${formatDay(of.step.deadline)}`, `value ${of.value === undefined ? "—" : money(of.value)}`];
        }),
        "    ",
      ),
    );
  }
  if (a.scenarios.length > 0) {
    lines.push("  scenarios");
    lines.push(
      ...table(
        a.scenarios.map((r) => {
          const sf = r.figures;
          if (!sf) return [r.id, "no figures: the scenario has errors"];
          const delta = dealScenarioDelta(a, r)?.total;
          const npv = sf.npv ? `NPV ${money(sf.npv.amount)}` : "";
          return [r.id, money(sf.total), delta === undefined ? "(delta —)" : `(${delta.isNegative() ? "" : "+"}${money(delta)})`, npv];
        }),
        "    ",
      ),
    );
  }
  return lines.join("\n");
}

/** The figures of one portfolio as readable text: totals, years, providers with shares, HHI, firm commitment, capacity. */
export function portfolioFiguresText(file: string, a: PortfolioAnalysis): string {
  const m = a.model;
  const f = a.figures;
  const lines: string[] = [];
  lines.push(`${file}: ${m?.id ?? "(no portfolio id)"}${m?.title ? ` — ${m.title}` : ""}`);
  const excluded = a.deals.filter((d) => d.status !== "counted");
  const rel = (location: string) => relativeLocation(a.location, location);
  const excludedLines = () => {
    if (excluded.length === 0) return;
    const why = { errors: "has errors", duplicate: "its deal id came before", "no-rate": "no fx rate for its currency", "no-currency": "the portfolio has no currency", counted: "" };
    lines.push("  left out");
    lines.push(...table(excluded.map((d) => [rel(d.location), d.analysis.model?.id ?? "(no deal id)", why[d.status]]), "    "));
  };
  if (!f) {
    lines.push("  no figures: the portfolio needs a currency (write `currency:`) and deals to count");
    excludedLines();
    return lines.join("\n");
  }
  const status = portfolioFiguresStatus(a);
  if (status.kind === "none") {
    lines.push(`  ${status.label!} (${status.reason!})`);
    excludedLines();
    return lines.join("\n");
  }
  const money = (v: Decimal) => formatMoney(v, f.currency);
  const pct = (share: Decimal | undefined) => (share === undefined ? "—" : `${sharePercent(share).toFixed(2)}%`);
  const firmShare = f.total.gt(0) ? ` (${pct(f.firmCommitment.div(f.total))} of the total)` : "";
  const rows: string[][] = [
    ["currency", f.currency],
    ["deals", `${f.deals.length} counted${excluded.length > 0 ? `, ${excluded.length} left out` : ""}`],
    ["total", `${money(f.total)}${status.partial === undefined ? "" : ` (${status.partial})`}`],
    ["firm commitment", `${money(f.firmCommitment)}${firmShare}`],
  ];
  if (f.hhi) rows.push(["HHI", groupDigits(f.hhi.toFixed(2))]);
  for (const [code, rate] of f.rates) if (code !== f.currency) rows.push([`fx ${code}`, `${rate.toFixed()} ${f.currency} per ${code}`]);
  lines.push(...table(rows));
  if (f.years.size > 0) {
    lines.push("  by year");
    lines.push(...table([...f.years].map(([y, v]) => [String(y), money(v)]), "    ", [1]));
  }
  if (f.providers.length > 0) {
    lines.push("  providers");
    lines.push(
      ...table(
        [["", "total", "share", "firm commitment", "deals"], ...f.providers.map((p) => [p.name || "(no provider)", money(p.total), pct(p.share), money(p.firmCommitment), p.deals.join(", ")])],
        "    ",
        [1, 2, 3],
      ),
    );
  }
  if (f.capacity.length > 0) {
    lines.push("  capacity in force");
    lines.push(
      ...table(
        f.capacity.map((c) => [String(c.year), c.megawatts.isZero() ? "" : `${groupDigits(c.megawatts.toFixed())} MW`, c.gpus.isZero() ? "" : `${groupDigits(c.gpus.toFixed())} GPUs`, c.deals.join(", ")]),
        "    ",
        [1, 2],
      ),
    );
  }
  if (f.deals.length > 0) {
    lines.push("  deals");
    lines.push(
      ...table(
        [
          ["", "provider", "total", "firm commitment", "", "file"],
          ...f.deals.map((d) => [
            d.id,
            d.provider,
            money(d.total),
            money(d.firmCommitment),
            d.firm.source.kind === "clause" ? `(termination ${d.firm.source.clause + 1})` : d.firm.source.kind === "minimum" ? "(minimum)" : "(whole total)",
            rel(d.location),
          ]),
        ],
        "    ",
        [2, 3],
      ),
    );
  }
  excludedLines();
  scenarioLines(a, lines);
  return lines.join("\n");
}

/** The portfolio's scenarios: total, firm commitment, difference from the base and picks; then each year, base and scenarios side by side. */
function scenarioLines(a: PortfolioAnalysis, lines: string[]): void {
  const f = a.figures;
  if (!f || a.scenarios.length === 0) return;
  const money = (v: Decimal) => formatMoney(v, f.currency);
  const signed = (v: Decimal) => `${v.isNegative() ? "" : "+"}${money(v)}`;
  lines.push("  scenarios");
  lines.push(
    ...table(
      [
        ["", "total", "firm commitment", "vs base", "picks"],
        ...a.scenarios.map((s) => {
          const sf = s.figures!;
          const d = scenarioDelta(f, s);
          return [s.id, money(sf.total), money(sf.firmCommitment), d ? signed(d.total) : "partial", s.picks.map((p) => `${p.deal}: ${p.scenario}`).join(", ") || "(none: the base)"];
        }),
      ],
      "    ",
      [1, 2, 3],
    ),
  );
  for (const s of a.scenarios) {
    if (s.label) lines.push(`    ${s.id}: ${s.label}`);
    const missing = s.picks.filter((p) => p.status !== "applied");
    if (missing.length > 0) lines.push(`    ${s.id} is partial: ${missing.map((p) => `${p.deal} ${p.reason ?? p.status}`).join("; ")}`);
  }
  const years = [...new Set([...f.years.keys(), ...a.scenarios.flatMap((s) => [...(s.figures?.years.keys() ?? [])])])].sort((x, y) => x - y);
  if (years.length === 0) return;
  lines.push("  scenarios by year");
  const partial = (s: (typeof a.scenarios)[number]) => (s.complete ? "" : " (partial)");
  lines.push(
    ...table(
      [
        ["", "base", ...a.scenarios.map((s) => `${s.id}${partial(s)}`)],
        ...years.map((y) => [String(y), money(f.years.get(y) ?? ZERO), ...a.scenarios.map((s) => money(s.figures!.years.get(y) ?? ZERO))]),
        ["total", money(f.total), ...a.scenarios.map((s) => money(s.figures!.total))],
      ],
      "    ",
      [1, ...a.scenarios.map((_, i) => i + 2)],
    ),
  );
}
