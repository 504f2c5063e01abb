/**
 * What the chart draws, read from the server's answer: a deal's months stacked
 * by fee, or a portfolio's stacked by provider, the running total, the windows
 * to mark, and the running totals of the scenarios picked. Only the strings
 * the server wrote are shown; amounts are parsed to numbers for one purpose:
 * placing bars and lines.
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

/** A scenario's cumulative spend, drawn as a dashed line over the base. */
export interface Overlay {
  readonly id: string;
  /** Legend text: the scenario's label (or id), marked as a scenario. */
  readonly name: string;
  /** The scenario's label, or its id. */
  readonly title: string;
  /** Its position among the file's scenarios, for a colour that does not change as others are picked. */
  readonly index: number;
  /** Per month shown: the running total as a number, or null outside the scenario's months. */
  readonly values: readonly (number | null)[];
  /** Per month shown: the running total as the server wrote it, or null. */
  readonly displays: readonly (string | null)[];
}

export interface ChartModel {
  readonly kind: CashFlowData["kind"];
  readonly title: string;
  readonly subtitle: string;
  readonly currency: string;
  /** The months shown: the base's, widened to the months of the scenarios picked. */
  readonly months: readonly string[];
  readonly labels: readonly string[];
  readonly stacks: readonly Stack[];
  /** values[stack][month]: the amount as a number, or null when that stack pays nothing that month. */
  readonly values: readonly (readonly (number | null)[])[];
  /** Per month shown: null outside the base's months. */
  readonly totals: readonly (number | null)[];
  readonly cumulative: readonly (number | null)[];
  /** Per month shown, the tooltip's lines: [name, exact amount]; total and cumulative are null outside the base's months. */
  readonly tooltip: readonly {
    readonly label: string;
    readonly parts: readonly (readonly [string, string])[];
    readonly total: string | null;
    readonly cumulative: string | null;
    readonly overlays: readonly (readonly [string, string])[];
  }[];
  readonly lanes: readonly Lane[];
  /** Exit windows, shaded over the bars. */
  readonly exits: readonly Lane[];
  readonly term?: { readonly start: number; readonly end: number };
  /** Scenarios overlaid, in file order. */
  readonly overlays: readonly Overlay[];
  readonly summary: readonly (readonly [string, string])[];
  /** "Months as a table": a header row, then per month shown its label and every figure as the server wrote it (empty where none). */
  readonly table: { readonly head: readonly string[]; readonly rows: readonly { readonly month: string; readonly label: string; readonly cells: readonly string[] }[] };
  readonly notice?: string;
}

/** The table of a model's months: each stack's amount, the total, the running total, and each overlay's running total. */
function tableOf(
  stacks: readonly Stack[],
  overlays: readonly Overlay[],
  shown: readonly { readonly month: string; readonly label: string }[],
  base: (i: number) => { readonly parts: readonly { readonly key: string; readonly display: string }[]; readonly total: string; readonly cumulative: string } | undefined,
): ChartModel["table"] {
  return {
    head: ["Month", ...stacks.map((s) => s.name), "Total", "Cumulative", ...overlays.map((o) => `Cumulative, ${o.title}`)],
    rows: shown.map((m, i) => {
      const b = base(i);
      return {
        month: m.month,
        label: m.label,
        cells: [...stacks.map((s) => b?.parts.find((p) => p.key === s.key)?.display ?? ""), b?.total ?? "", b?.cumulative ?? "", ...overlays.map((o) => o.displays[i] ?? "")],
      };
    }),
  };
}

/** The legend name of a scenario's line. */
function overlayName(s: { readonly id: string; readonly label: string | null }): string {
  return `${s.label ?? s.id} (scenario)`;
}

/** The chart of the data, with the scenarios whose ids are in `picked` (and that have figures) overlaid. */
export function chartModel(data: CashFlowData, picked: ReadonlySet<string> = new Set()): ChartModel {
  if (data.kind === "deal") return dealModel(data, picked);
  const months = data.months.map((m) => m.month);
  const labels = data.months.map((m) => m.label);
  const totals = data.months.map((m) => Number(m.total.amount));
  const cumulative = data.months.map((m) => Number(m.cumulative.amount));
  const stacks = data.providers.map((p) => ({ key: p.name, name: p.shareDisplay ? `${p.name} ${p.shareDisplay}` : p.name, assumed: false }));
  const values = stacks.map((s) =>
    data.months.map((m) => {
      const p = m.byProvider.find((x) => x.key === s.key);
      return p ? Number(p.amount) : null;
    }),
  );
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
      overlays: [],
    })),
    lanes: [],
    exits: [],
    overlays: [],
    summary,
    table: tableOf(stacks, [], data.months, (i) => {
      const m = data.months[i]!;
      return { parts: m.byProvider, total: m.total.display, cumulative: m.cumulative.display };
    }),
    ...(notices.length > 0 ? { notice: notices.join(" ") } : {}),
  };
}

function dealModel(data: Extract<CashFlowData, { kind: "deal" }>, picked: ReadonlySet<string>): ChartModel {
  // The months shown: the base's on the server's axis, widened to each picked scenario's.
  const drawn = data.scenarios.map((s, index) => ({ s, index })).filter(({ s }) => s.figures !== null && picked.has(s.id));
  let first = data.axis.base;
  let last = data.axis.base + data.months.length - 1;
  for (const { s } of drawn) {
    first = Math.min(first, s.figures!.start);
    last = Math.max(last, s.figures!.start + s.figures!.months.length - 1);
  }
  const shown = data.axis.months.slice(first, last + 1);
  const shift = data.axis.base - first;
  /** The base's month at a shown position, if any. */
  const baseAt = (i: number) => data.months[i - shift];
  const months = shown.map((m) => m.month);
  const labels = shown.map((m) => m.label);

  const names = new Map(data.fees.map((f) => [f.id, f.label]));
  const stacks = data.fees.map((f) => ({ key: f.id, name: f.basis === "assumed" ? `${f.label} (assumed)` : f.label, assumed: f.basis === "assumed" }));
  const values = stacks.map((s) =>
    shown.map((_, i) => {
      const p = baseAt(i)?.byFee.find((x) => x.key === s.key);
      return p ? Number(p.amount) : null;
    }),
  );
  const overlays: Overlay[] = drawn.map(({ s, index }) => {
    const f = s.figures!;
    const at = (i: number) => f.months[i + first - f.start];
    return {
      id: s.id,
      name: overlayName(s),
      title: s.label ?? s.id,
      index,
      values: shown.map((_, i) => {
        const m = at(i);
        return m ? Number(m.cumulative.amount) : null;
      }),
      displays: shown.map((_, i) => at(i)?.cumulative.display ?? null),
    };
  });
  const lanes: Lane[] = [
    { name: "Term", kind: "term", start: data.term.start + shift, end: data.term.end + shift, detail: `Term: ${data.term.from} to ${data.term.until}, ${data.term.days} days` },
    ...data.fees.map(
      (f, i): Lane => ({
        name: f.label,
        kind: "fee",
        stack: i,
        start: f.window.start + shift,
        end: f.window.end + shift,
        detail: `${f.label}: ${f.every === "once" ? `once, ${f.window.from}` : `${f.window.from} to ${f.window.until}, every ${f.every}`}; ${f.payments} payment${f.payments === 1 ? "" : "s"}, ${f.total.display} (${f.basis})`,
      }),
    ),
  ];
  const exits = data.exits.map(
    (e): Lane => ({
      name: `Exit ${e.clause} (${e.notice})`,
      kind: "exit",
      start: e.window.start + shift,
      end: e.window.end + shift,
      detail: `Termination clause ${e.clause} (by ${e.by}, notice ${e.notice}): notice ${e.window.from} to ${e.window.until}${e.cutAtTermEnd ? ", cut at the term's end" : ""}; exit exposure ${e.exposure.display}`,
    }),
  );
  const summary: [string, string][] = [["Total", data.total.display]];
  if (data.peakMonth) summary.push([`Peak month (${data.peakMonth.label})`, data.peakMonth.amount.display]);
  for (const e of data.exits) summary.push([data.exits.length > 1 ? `Exit exposure (clause ${e.clause})` : "Exit exposure", e.exposure.display]);
  summary.push(["Term", `${data.term.from} to ${data.term.until} (${data.term.days} days)`]);
  return {
    kind: "deal",
    title: data.title ?? data.deal ?? "Deal",
    subtitle: `${data.deal ?? "deal"} · ${data.currency} · monthly payments and cumulative spend${overlays.length > 0 ? `, with ${overlays.length === 1 ? "a scenario" : `${overlays.length} scenarios`}` : ""}`,
    currency: data.currency,
    months,
    labels,
    stacks,
    values,
    totals: shown.map((_, i) => {
      const m = baseAt(i);
      return m ? Number(m.total.amount) : null;
    }),
    cumulative: shown.map((_, i) => {
      const m = baseAt(i);
      return m ? Number(m.cumulative.amount) : null;
    }),
    tooltip: shown.map((month, i) => {
      const m = baseAt(i);
      return {
        label: month.label,
        parts: m ? m.byFee.map((p) => [names.get(p.key) ?? p.key, p.payments > 1 ? `${p.display} (${p.payments} payments)` : p.display] as const) : [],
        total: m?.total.display ?? null,
        cumulative: m?.cumulative.display ?? null,
        overlays: overlays.filter((o) => o.displays[i] !== null).map((o) => [o.name, o.displays[i]!] as const),
      };
    }),
    lanes: [...lanes, ...exits],
    exits,
    term: { start: data.term.start + shift, end: data.term.end + shift },
    overlays,
    summary,
    table: tableOf(stacks, overlays, shown, (i) => {
      const m = baseAt(i);
      return m ? { parts: m.byFee, total: m.total.display, cumulative: m.cumulative.display } : undefined;
    }),
    ...(data.complete ? {} : { notice: data.statusDetail ?? "The file has errors: the chart leaves out what could not be read (see Problems)." }),
  };
}
