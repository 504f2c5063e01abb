/**
 * What the chart draws, read from the server's answer: a deal's months stacked
 * by fee, or a portfolio's stacked by provider, the running total, and the
 * windows to mark. Only the strings the server wrote are shown; amounts are
 * parsed to numbers for one purpose: placing bars and lines.
 */
import type { CashFlowData } from "../../client/src/cashflow/messages";

export interface Stack {
  readonly key: string;
  /** Legend text: the fee's label, or the provider's name with its share. */
  readonly name: string;
  /** Hatched: a fee whose amount is an assumption. */
  readonly assumed: boolean;
}

export interface Lane {
  readonly name: string;
  readonly kind: "term" | "fee" | "exit";
  /** Index into `stacks` of a fee lane, for its colour. */
  readonly stack?: number;
  readonly start: number;
  readonly end: number;
  /** Shown on hover and in the table. */
  readonly detail: string;
}

export interface ChartModel {
  readonly kind: CashFlowData["kind"];
  readonly title: string;
  readonly subtitle: string;
  readonly currency: string;
  readonly months: readonly string[];
  readonly labels: readonly string[];
  readonly stacks: readonly Stack[];
  /** values[stack][month]: the amount as a number, or null when that stack pays nothing that month. */
  readonly values: readonly (readonly (number | null)[])[];
  readonly totals: readonly number[];
  readonly cumulative: readonly number[];
  /** Per month, the tooltip's lines: [name, exact amount]. */
  readonly tooltip: readonly { readonly label: string; readonly parts: readonly (readonly [string, string])[]; readonly total: string; readonly cumulative: string }[];
  readonly lanes: readonly Lane[];
  /** Exit windows, shaded over the bars. */
  readonly exits: readonly Lane[];
  readonly term?: { readonly start: number; readonly end: number };
  readonly summary: readonly (readonly [string, string])[];
  readonly notice?: string;
}

export function chartModel(data: CashFlowData): ChartModel {
  const months = data.months.map((m) => m.month);
  const labels = data.months.map((m) => m.label);
  const totals = data.months.map((m) => Number(m.total.amount));
  const cumulative = data.months.map((m) => Number(m.cumulative.amount));
  if (data.kind === "deal") {
    const names = new Map(data.fees.map((f) => [f.id, f.label]));
    const stacks = data.fees.map((f) => ({ key: f.id, name: f.basis === "assumed" ? `${f.label} (assumed)` : f.label, assumed: f.basis === "assumed" }));
    const values = stacks.map((s) => data.months.map((m) => {
      const p = m.byFee.find((x) => x.key === s.key);
      return p ? Number(p.amount) : null;
    }));
    const lanes: Lane[] = [
      { name: "Term", kind: "term", start: data.term.start, end: data.term.end, detail: `Term: ${data.term.from} to ${data.term.until}, ${data.term.days} days` },
      ...data.fees.map((f, i): Lane => ({
        name: f.label,
        kind: "fee",
        stack: i,
        start: f.window.start,
        end: f.window.end,
        detail: `${f.label}: ${f.every === "once" ? `once, ${f.window.from}` : `${f.window.from} to ${f.window.until}, every ${f.every}`}; ${f.payments} payment${f.payments === 1 ? "" : "s"}, ${f.total.display} (${f.basis})`,
      })),
    ];
    const exits = data.exits.map((e): Lane => ({
      name: `Exit ${e.clause} (${e.notice})`,
      kind: "exit",
      start: e.window.start,
      end: e.window.end,
      detail: `Termination clause ${e.clause} (by ${e.by}, notice ${e.notice}): notice ${e.window.from} to ${e.window.until}${e.cutAtTermEnd ? ", cut at the term's end" : ""}; exit exposure ${e.exposure.display}`,
    }));
    const summary: [string, string][] = [["Total", data.total.display]];
    if (data.peakMonth) summary.push([`Peak month (${data.peakMonth.label})`, data.peakMonth.amount.display]);
    for (const e of data.exits) summary.push([data.exits.length > 1 ? `Exit exposure (clause ${e.clause})` : "Exit exposure", e.exposure.display]);
    summary.push(["Term", `${data.term.from} to ${data.term.until} (${data.term.days} days)`]);
    return {
      kind: "deal",
      title: data.title ?? data.deal ?? "Deal",
      subtitle: `${data.deal ?? "deal"} · ${data.currency} · monthly payments and cumulative spend`,
      currency: data.currency,
      months,
      labels,
      stacks,
      values,
      totals,
      cumulative,
      tooltip: data.months.map((m) => ({
        label: m.label,
        parts: m.byFee.map((p) => [names.get(p.key) ?? p.key, p.payments > 1 ? `${p.display} (${p.payments} payments)` : p.display] as const),
        total: m.total.display,
        cumulative: m.cumulative.display,
      })),
      lanes: [...lanes, ...exits],
      exits,
      term: { start: data.term.start, end: data.term.end },
      summary,
      ...(data.complete ? {} : { notice: data.statusDetail ?? "The file has errors: the chart leaves out what could not be read (see Problems)." }),
    };
  }
  const stacks = data.providers.map((p) => ({ key: p.name, name: p.shareDisplay ? `${p.name} ${p.shareDisplay}` : p.name, assumed: false }));
  const values = stacks.map((s) => data.months.map((m) => {
    const p = m.byProvider.find((x) => x.key === s.key);
    return p ? Number(p.amount) : null;
  }));
  const summary: [string, string][] = [["Total", data.total.display]];
  for (const p of data.providers) summary.push([p.name, p.shareDisplay ? `${p.total.display} (${p.shareDisplay})` : p.total.display]);
  const notices: string[] = [];
  if (!data.complete) notices.push("The portfolio has errors: the chart leaves out what could not be read.");
  if (data.excluded > 0) notices.push(`${data.excluded} deal${data.excluded === 1 ? " is" : "s are"} not counted (see Problems).`);
  return {
    kind: "portfolio",
    title: data.title ?? data.portfolio ?? "Portfolio",
    subtitle: `${data.portfolio ?? "portfolio"} · ${data.currency} · monthly payments by provider and cumulative spend`,
    currency: data.currency,
    months,
    labels,
    stacks,
    values,
    totals,
    cumulative,
    tooltip: data.months.map((m) => ({
      label: m.label,
      parts: m.byProvider.map((p) => [p.key, p.display] as const),
      total: m.total.display,
      cumulative: m.cumulative.display,
    })),
    lanes: [],
    exits: [],
    summary,
    ...(notices.length > 0 ? { notice: notices.join(" ") } : {}),
  };
}
