/**
 * The exit curve of one termination clause: the exit exposure (what the buyer
 * still owes: the notice window's charges plus the clause's fee) if notice is
 * given on each date the server lists, with the cheapest and the dearest date
 * marked. Pure: the server's curve in, a model and an ECharts option out.
 */
import type { EChartsCoreOption } from "echarts";
import type { CashFlowExitCurveView } from "../../protocol/src";
import type { ChartId } from "../../client/src/cashflow/messages";
import { chartChrome, escapeHtml, LEFT, tickFormatter, tooltipLook, withAlpha } from "./chart";
import type { Theme } from "./theme";

export interface CurveModel {
  readonly id: ChartId;
  readonly clause: number;
  readonly title: string;
  readonly subtitle: string;
  readonly currency: string;
  /** Per point: the notice date (`YYYY-MM-DD`), its label (`1 Oct 2026`), the exposure as a number and as the server wrote it. */
  readonly dates: readonly string[];
  readonly labels: readonly string[];
  readonly values: readonly number[];
  readonly displays: readonly string[];
  readonly cheapest: number | null;
  readonly dearest: number | null;
}

export function curveModel(curve: CashFlowExitCurveView, deal: string, currency: string): CurveModel {
  return {
    id: `exit-curve-${curve.clause}`,
    clause: curve.clause,
    title: `Exit curve, clause ${curve.clause}`,
    subtitle: `${deal} · by ${curve.by}, ${curve.notice}' notice · exit exposure if notice is given on each date`,
    currency,
    dates: curve.points.map((p) => p.on),
    labels: curve.points.map((p) => p.label),
    values: curve.points.map((p) => Number(p.exposure.amount)),
    displays: curve.points.map((p) => p.exposure.display),
    cheapest: curve.cheapest,
    dearest: curve.dearest,
  };
}

export function curveHeight(exported = false): number {
  return 300 + (exported ? 56 : 0);
}

/** What a point is: `cheapest`, `dearest`, both, or nothing. */
export function markOf(model: CurveModel, i: number): string {
  if (i === model.cheapest && i === model.dearest) return "the same on every date";
  if (i === model.cheapest) return "cheapest";
  if (i === model.dearest) return "dearest";
  return "";
}

export function curveOption(model: CurveModel, theme: Theme, options: { exported?: boolean } = {}): EChartsCoreOption {
  const exported = options.exported === true;
  const fg = theme.foreground;
  const text = { color: fg, fontFamily: theme.fontFamily, fontSize: theme.fontSize - 1 };
  const top = (exported ? 56 : 0) + 56;
  const n = model.values.length;
  const line = theme.palette[0]!;
  // The marks are named in the legend with their date and exposure, so no label covers the curve.
  const marks: { name: string; index: number; color: string }[] = [];
  const named = (what: string, i: number) => `${what}: ${model.labels[i]}, ${model.displays[i]}`;
  if (model.cheapest !== null && model.cheapest === model.dearest) {
    marks.push({ name: named("The same on every date", model.cheapest), index: model.cheapest, color: theme.palette[2]! });
  } else {
    if (model.cheapest !== null) marks.push({ name: named("Cheapest", model.cheapest), index: model.cheapest, color: theme.palette[2]! });
    if (model.dearest !== null) marks.push({ name: named("Dearest", model.dearest), index: model.dearest, color: theme.exit });
  }
  const series: Record<string, unknown>[] = [
    {
      type: "line",
      name: "Exit exposure",
      z: 3,
      showSymbol: n <= 60,
      symbolSize: 5,
      data: [...model.values],
      lineStyle: { color: line, width: 2 },
      itemStyle: { color: line },
      areaStyle: { color: withAlpha(line, theme.highContrast ? 0.25 : 0.1) },
      emphasis: { focus: "none" },
    },
    ...marks.map((m) => ({
      type: "scatter",
      name: m.name,
      z: 5,
      symbol: "circle",
      symbolSize: 12,
      data: [[m.index, model.values[m.index]!]],
      itemStyle: { color: m.color, borderColor: theme.background, borderWidth: 2 },
      emphasis: { scale: false },
    })),
  ];
  const tick = tickFormatter(model.currency);
  return {
    ...chartChrome(theme, exported, { text: model.title, subtext: model.subtitle, left: LEFT - 8 }),
    legend: { top: exported ? 60 : 4, left: LEFT - 8, textStyle: text, itemGap: 16, data: ["Exit exposure", ...marks.map((m) => m.name)], inactiveColor: withAlpha(fg, 0.35) },
    tooltip: {
      ...tooltipLook(theme),
      trigger: "axis",
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as { dataIndex: number; seriesType?: string }[];
        const p = list.find((x) => x.seriesType === "line");
        if (!p) return "";
        const i = p.dataIndex;
        const mark = markOf(model, i);
        return `<div class="cf-tip"><div class="cf-tip-title">Notice on ${escapeHtml(model.labels[i] ?? "")}</div><table><tr><td>Exit exposure</td><td class="amount">${escapeHtml(model.displays[i] ?? "")}</td></tr>${mark ? `<tr><td colspan="2" class="none">${escapeHtml(mark)}</td></tr>` : ""}</table></div>`;
      },
    },
    grid: { left: LEFT, right: 32, top, bottom: 52 },
    xAxis: {
      type: "category",
      data: [...model.labels],
      boundaryGap: false,
      name: "Notice given on",
      nameLocation: "middle",
      nameGap: 30,
      nameTextStyle: { ...text, color: theme.muted },
      axisLine: { lineStyle: { color: theme.lines } },
      axisTick: { alignWithLabel: true, lineStyle: { color: theme.lines } },
      axisLabel: { ...text, hideOverlap: true },
    },
    yAxis: {
      type: "value",
      name: "Exit exposure",
      nameTextStyle: text,
      boundaryGap: [0, "18%"],
      axisLabel: { ...text, formatter: tick },
      splitLine: { lineStyle: { color: theme.lines } },
    },
    series,
  };
}
