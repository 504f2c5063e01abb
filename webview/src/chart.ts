/**
 * The ECharts option of the cash-flow chart: monthly payments as bars stacked
 * by fee (or provider), the cumulative spend as a line on the right axis, the
 * exit windows shaded over the bars, and under them one lane per window (the
 * term, each fee, each exit) placed to the day. Pure: a model and a theme in,
 * an option out.
 */
import type { CustomSeriesRenderItem, EChartsCoreOption } from "echarts";
import type { ChartModel } from "./model";
import type { Theme } from "./theme";

const LANE_HEIGHT = 22;
export const LEFT = 76;
const RIGHT = 84;

/** Height of one row of the legend (ECharts: 14 px items, 10 px apart). */
const LEGEND_ROW = 24;

/** The names in the main chart's legend, in order. */
function legendNames(model: ChartModel): string[] {
  return [...model.stacks.map((s) => s.name), cumulativeName(model), ...model.overlays.map((o) => o.name)];
}

/** The base's running total: `Cumulative`, or `Cumulative (base)` beside scenarios. */
function cumulativeName(model: ChartModel): string {
  return model.overlays.length > 0 ? "Cumulative (base)" : "Cumulative";
}

/**
 * Rows the legend wraps into at a width: each item is its 25 px icon, 5 px,
 * its text (about 0.55 em a character) and a 16 px gap. An estimate on the
 * generous side, so that the plot starts below the legend and the axis names.
 */
function legendRows(names: readonly string[], width: number, fontSize: number): number {
  const room = Math.max(200, width - LEFT);
  let rows = 1;
  let x = 0;
  for (const name of names) {
    const w = 30 + name.length * fontSize * 0.55 + 16;
    if (x > 0 && x + w > room) {
      rows++;
      x = 0;
    }
    x += w;
  }
  return rows;
}

/** Height of the lanes grid, and the chart's height for a model (at a width, for the legend's rows). */
export function chartHeight(model: ChartModel, exported = false, width = 1000, fontSize = 13): number {
  const lanes = model.lanes.length === 0 ? 0 : model.lanes.length * LANE_HEIGHT + 24;
  const extraRows = legendRows(legendNames(model), width, fontSize - 1) - 1;
  return 420 + lanes + extraRows * LEGEND_ROW + (exported ? 56 : 0);
}

/** The colour of a scenario's line: the theme's chart colours after the stacks', red (the exit windows') left out. */
export function overlayColor(theme: Theme, stacks: number, index: number): string {
  const colours = theme.palette.filter((_, i) => i !== 5);
  return colours[(stacks + index) % colours.length]!;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Axis ticks: the only numbers the page formats itself (they are scale marks, not figures). */
export function tickFormatter(currency: string): (value: number) => string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat("en-US", { style: "currency", currency, notation: "compact", maximumFractionDigits: 2 });
  } catch {
    format = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 2 });
  }
  return (value: number) => format.format(value);
}

/** A colour with an alpha channel: `#rrggbb`, `#rgb` or `rgb(...)` in, `rgba(...)` out; anything else as is. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(color.trim());
  if (hex) {
    let h = hex[1]!;
    if (h.length === 3) h = [...h].map((c) => c + c).join("");
    const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16));
    return `rgba(${r},${g},${b},${alpha})`;
  }
  const rgb = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)/i.exec(color.trim());
  if (rgb) return `rgba(${rgb[1]},${rgb[2]},${rgb[3]},${alpha})`;
  return color;
}

/** The tooltip of one month: its charges by fee (or provider), its total and the running total. */
function tooltipHtml(model: ChartModel, month: number): string {
  const t = model.tooltip[month];
  if (!t) return "";
  const rows = t.parts.map(([name, amount]) => `<tr><td>${escapeHtml(name)}</td><td class="amount">${escapeHtml(amount)}</td></tr>`);
  if (t.total === null || t.cumulative === null) {
    rows.push(`<tr><td colspan="2" class="none">Outside the base deal's months</td></tr>`);
  } else {
    if (rows.length === 0) rows.push(`<tr><td colspan="2" class="none">No payments</td></tr>`);
    rows.push(`<tr class="cf-tip-total"><td>Total</td><td class="amount">${escapeHtml(t.total)}</td></tr>`);
    rows.push(`<tr class="cf-tip-cumulative"><td>Cumulative</td><td class="amount">${escapeHtml(t.cumulative)}</td></tr>`);
  }
  for (const [name, amount] of t.overlays) rows.push(`<tr class="cf-tip-scenario"><td>${escapeHtml(name)}</td><td class="amount">${escapeHtml(amount)}</td></tr>`);
  return `<div class="cf-tip"><div class="cf-tip-title">${escapeHtml(t.label)}</div><table>${rows.join("")}</table></div>`;
}

/**
 * What every chart of the page has in its option: no animation, the theme's
 * background (in an exported image) and font, the exported image's title,
 * and aria; `subtextLineHeight` for a two-line subtitle.
 */
export function chartChrome(theme: Theme, exported: boolean, title: { text: string; subtext: string; left: number; subtextLineHeight?: number }): Record<string, unknown> {
  const fg = theme.foreground;
  const subtextStyle = title.subtextLineHeight === undefined ? { color: theme.muted } : { color: theme.muted, lineHeight: title.subtextLineHeight };
  return {
    animation: false,
    backgroundColor: exported ? theme.background : "transparent",
    textStyle: { fontFamily: theme.fontFamily, color: fg },
    ...(exported ? { title: { text: title.text, subtext: title.subtext, left: title.left, top: 8, textStyle: { color: fg, fontFamily: theme.fontFamily, fontSize: theme.fontSize + 3 }, subtextStyle } } : {}),
    aria: { enabled: true, decal: { show: false } },
  };
}

/** The look of every chart's tooltip (its trigger and content are each chart's own). */
export function tooltipLook(theme: Theme): Record<string, unknown> {
  return {
    confine: true,
    backgroundColor: theme.hoverBackground,
    borderColor: theme.hoverBorder,
    borderWidth: 1,
    textStyle: { color: theme.hoverForeground, fontFamily: theme.fontFamily, fontSize: theme.fontSize },
    className: "cf-tooltip",
  };
}

export function buildOption(model: ChartModel, theme: Theme, options: { exported?: boolean; width?: number } = {}): EChartsCoreOption {
  const exported = options.exported === true;
  const fg = theme.foreground;
  const text = { color: fg, fontFamily: theme.fontFamily, fontSize: theme.fontSize - 1 };
  const tick = tickFormatter(model.currency);
  const hasLanes = model.lanes.length > 0;
  const lanesHeight = hasLanes ? model.lanes.length * LANE_HEIGHT : 0;
  const rows = legendRows(legendNames(model), options.width ?? 1000, theme.fontSize - 1);
  // Below the legend's rows, room for the axis names above the plot.
  const top = (exported ? 56 : 0) + 64 + (rows - 1) * LEGEND_ROW;
  const mainBottom = 36 + (hasLanes ? lanesHeight + 24 : 0);
  const colorOf = (i: number) => theme.palette[i % theme.palette.length]!;

  // x of a position on the month axis (months from the first month's start), inside a custom series.
  const xAt = (api: Parameters<CustomSeriesRenderItem>[1], position: number): number => {
    const band = (api.size!([1, 0]) as number[])[0]!;
    return (api.coord([0, 0]) as number[])[0]! - band / 2 + position * band;
  };

  const exitShade: CustomSeriesRenderItem = (params, api) => {
    const sys = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
    const x0 = xAt(api, api.value(2) as number);
    const x1 = xAt(api, api.value(3) as number);
    return {
      type: "group",
      children: [
        { type: "rect", shape: { x: x0, y: sys.y, width: Math.max(1, x1 - x0), height: sys.height }, style: { fill: withAlpha(theme.exit, theme.highContrast ? 0.3 : 0.14), stroke: theme.highContrast ? theme.exit : undefined }, silent: true },
        { type: "text", x: x0 + 4, y: sys.y + 4, style: { text: `Exit window ${api.value(4)}`, fill: theme.exit, font: `${theme.fontSize - 2}px ${theme.fontFamily}` }, silent: true },
      ],
    };
  };

  const termLines: CustomSeriesRenderItem = (params, api) => {
    const sys = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
    const x = xAt(api, api.value(2) as number);
    return { type: "line", shape: { x1: x, y1: sys.y, x2: x, y2: sys.y + sys.height }, style: { stroke: theme.muted, lineDash: [4, 4], lineWidth: 1 }, silent: true };
  };

  const lane: CustomSeriesRenderItem = (params, api) => {
    const sys = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
    const index = api.value(1) as number;
    const l = model.lanes[index]!;
    const y = sys.y + index * LANE_HEIGHT + 3;
    const h = LANE_HEIGHT - 6;
    const x0 = xAt(api, l.start);
    const x1 = xAt(api, l.end);
    const fill = l.kind === "exit" ? withAlpha(theme.exit, 0.45) : l.kind === "term" ? withAlpha(theme.muted, 0.35) : colorOf(l.stack ?? 0);
    const width = Math.max(2, x1 - x0);
    const label = l.name;
    const font = `${theme.fontSize - 2}px ${theme.fontFamily}`;
    // The name inside the bar when it fits (about 6.5 px a character), else after it, else before it.
    const inside = width > label.length * 6.5 + 10;
    const after = !inside && x1 + 6 + label.length * 6.5 < sys.x + sys.width;
    return {
      type: "group",
      children: [
        { type: "rect", shape: { x: x0, y, width, height: h, r: 2 }, style: { fill, stroke: theme.highContrast ? fg : undefined } },
        {
          type: "text",
          x: inside ? x0 + 6 : after ? x1 + 6 : x0 - 6,
          y: y + h / 2,
          style: { text: label, fill: inside && l.kind === "fee" ? "#ffffff" : fg, font, verticalAlign: "middle", align: inside || after ? "left" : "right" },
        },
      ],
    };
  };

  const series: Record<string, unknown>[] = model.stacks.map((s, i) => ({
    type: "bar",
    name: s.name,
    stack: "payments",
    xAxisIndex: 0,
    yAxisIndex: 0,
    barMaxWidth: 48,
    barCategoryGap: "28%",
    z: 3,
    data: model.values[i]!.map((v) => (v === null ? "-" : v)),
    itemStyle: {
      color: colorOf(i),
      // Beside scenarios' lines the bars step back, so a line in a bar's colour still shows.
      ...(model.overlays.length > 0 ? { opacity: 0.4 } : {}),
      ...(theme.highContrast ? { borderColor: fg, borderWidth: 1 } : {}),
      ...(s.assumed ? { decal: { symbol: "rect", symbolSize: 1, dashArrayX: [1, 0], dashArrayY: [3, 5], rotation: -Math.PI / 4, color: withAlpha(theme.background, 0.55) } } : {}),
    },
    emphasis: { focus: "none" },
  }));
  series.push({
    type: "line",
    name: cumulativeName(model),
    xAxisIndex: 0,
    yAxisIndex: 1,
    z: 5,
    showSymbol: model.months.length <= 1,
    symbolSize: 5,
    data: model.cumulative.map((v) => (v === null ? "-" : v)),
    lineStyle: { color: theme.cumulative, width: 2 },
    itemStyle: { color: theme.cumulative },
  });
  for (const o of model.overlays) {
    const color = overlayColor(theme, model.stacks.length, o.index);
    series.push({
      type: "line",
      name: o.name,
      xAxisIndex: 0,
      yAxisIndex: 1,
      z: 6,
      showSymbol: model.months.length <= 1,
      symbolSize: 5,
      data: o.values.map((v) => (v === null ? "-" : v)),
      lineStyle: { color, width: 2, type: [6, 4] },
      itemStyle: { color },
      emphasis: { focus: "none" },
    });
  }
  if (model.exits.length > 0) {
    series.push({
      type: "custom",
      name: "Exit windows",
      xAxisIndex: 0,
      yAxisIndex: 0,
      z: 1,
      silent: true,
      clip: true,
      tooltip: { show: false },
      renderItem: exitShade,
      encode: { x: 0, y: 1 },
      data: model.exits.map((e, i) => [0, 0, e.start, e.end, i + 1]),
    });
  }
  if (model.term) {
    series.push({
      type: "custom",
      name: "Term",
      xAxisIndex: 0,
      yAxisIndex: 0,
      z: 2,
      silent: true,
      tooltip: { show: false },
      renderItem: termLines,
      encode: { x: 0, y: 1 },
      data: [[0, 0, model.term.start], [0, 0, model.term.end]],
    });
  }
  if (hasLanes) {
    series.push({
      type: "custom",
      name: "Windows",
      xAxisIndex: 1,
      yAxisIndex: 2,
      silent: true,
      clip: false,
      tooltip: { show: false },
      renderItem: lane,
      encode: { x: 0, y: 1 },
      data: model.lanes.map((_, i) => [0, i]),
    });
  }

  const axisLine = { lineStyle: { color: theme.lines } };
  const xAxes: Record<string, unknown>[] = [
    { type: "category", gridIndex: 0, data: [...model.labels], axisLine, axisTick: { alignWithLabel: true, lineStyle: { color: theme.lines } }, axisLabel: { ...text, hideOverlap: true } },
  ];
  const yAxes: Record<string, unknown>[] = [
    { type: "value", gridIndex: 0, name: "Per month", nameTextStyle: text, axisLabel: { ...text, formatter: tick }, splitLine: { lineStyle: { color: theme.lines } } },
    { type: "value", gridIndex: 0, name: "Cumulative", position: "right", nameTextStyle: text, axisLabel: { ...text, formatter: tick }, splitLine: { show: false } },
  ];
  const grids: Record<string, unknown>[] = [{ left: LEFT, right: RIGHT, top, bottom: mainBottom }];
  if (hasLanes) {
    grids.push({ left: LEFT, right: RIGHT, bottom: 12, height: lanesHeight });
    xAxes.push({ type: "category", gridIndex: 1, data: [...model.labels], show: false, axisPointer: { show: false, triggerTooltip: false } });
    yAxes.push({ type: "category", gridIndex: 1, data: model.lanes.map((l) => l.name), show: false, inverse: true });
  }

  return {
    ...chartChrome(theme, exported, { text: model.title, subtext: model.subtitle, left: LEFT - 8 }),
    legend: { top: exported ? 60 : 4, left: LEFT - 8, right: 8, textStyle: text, itemGap: 16, data: legendNames(model), inactiveColor: withAlpha(fg, 0.35) },
    tooltip: {
      ...tooltipLook(theme),
      trigger: "axis",
      axisPointer: { type: "shadow", shadowStyle: { color: withAlpha(fg, 0.08) } },
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as { dataIndex: number; axisIndex?: number; componentSubType?: string }[];
        const p = list.find((x) => x.componentSubType === "bar" || x.componentSubType === "line");
        return p === undefined ? "" : tooltipHtml(model, p.dataIndex);
      },
    },
    grid: grids,
    xAxis: xAxes,
    yAxis: yAxes,
    series,
  };
}
