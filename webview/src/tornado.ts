/**
 * The sensitivity as a tornado chart: one row per driver, in the server's
 * order (largest swing first, at the top), with a bar from zero to the change
 * in the measure (NPV, or the total without a discount rate) for its low and
 * for its high variant. Pure: the server's sensitivity in, a model and an
 * ECharts option out.
 */
import type { EChartsCoreOption } from "echarts";
import type { CashFlowSensitivityVariantView, CashFlowSensitivityView } from "../../protocol/src";
import { chartChrome, escapeHtml, tickFormatter, tooltipLook, withAlpha } from "./chart";
import type { Theme } from "./theme";

export interface TornadoBar {
  /** The variant: `amount -10%`, `9%`, `exercised`. */
  readonly label: string;
  /** The change in the measure as a number (to place the bar), or null when the variant has no figures. */
  readonly value: number | null;
  /** The change as the server wrote it (`+$541,110.83`). */
  readonly display: string;
  /** The variant's figure in the measure (`$86,452,688.25`). */
  readonly figure: string | null;
}

export interface TornadoModel {
  readonly title: string;
  /** The deal and the description, on two lines (for the exported image's title). */
  readonly subtitle: string;
  /** What the bars are, for the page. */
  readonly description: string;
  readonly currency: string;
  /** `NPV` or `total`. */
  readonly measure: string;
  readonly base: string;
  readonly drivers: readonly string[];
  readonly low: readonly TornadoBar[];
  readonly high: readonly (TornadoBar | null)[];
  readonly swings: readonly string[];
}

function bar(v: CashFlowSensitivityVariantView, measure: "npv" | "total"): TornadoBar {
  return { label: v.label, value: v.delta ? Number(v.delta.amount) : null, display: v.delta?.display ?? "no figures", figure: (measure === "npv" ? v.npv : v.total)?.display ?? null };
}

export function tornadoModel(s: CashFlowSensitivityView, deal: string, currency: string): TornadoModel {
  const measure = s.measure === "npv" ? "NPV" : "total";
  const what = `Change in ${measure} (base ${s.base.display})`;
  const how = `when each assumption moves: amounts ±${s.step}, rates ±1 point, capacity steps ±3 months, options the other way`;
  const description = `${what} ${how}`;
  return {
    title: "Sensitivity",
    subtitle: `${deal} · ${what}\n${how}`,
    description,
    currency,
    measure,
    base: s.base.display,
    drivers: s.drivers.map((d) => d.driver),
    low: s.drivers.map((d) => bar(d.low, s.measure)),
    high: s.drivers.map((d) => (d.high ? bar(d.high, s.measure) : null)),
    swings: s.drivers.map((d) => d.swing.display),
  };
}

const TORNADO_ROW = 48;

/** The exported image's title: the title and two lines of subtitle. */
const EXPORT_HEADER = 76;

export function tornadoHeight(model: TornadoModel, exported = false): number {
  return 110 + model.drivers.length * TORNADO_ROW + (exported ? EXPORT_HEADER : 0);
}

/** 1, 2, 2.5 or 5 times a power of ten: the smallest at least `x`. */
function niceStep(x: number): number {
  if (!(x > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  return power * ([1, 2, 2.5, 5, 10].find((m) => m * power >= x) ?? 10);
}

/**
 * The range of the change axis: every bar from zero, with room beyond its end
 * for its label in a plot `plot` pixels wide (labels run about 0.6 em a
 * character); ends rounded out to a step of the axis.
 */
function tornadoRange(bars: readonly { readonly value: number; readonly label: string }[], plot: number, fontSize: number): { min: number; max: number; interval: number } {
  let lo = Math.min(0, ...bars.map((b) => b.value));
  let hi = Math.max(0, ...bars.map((b) => b.value));
  if (lo === hi) hi = 1;
  for (let round = 0; round < 8; round++) {
    for (const b of bars) {
      const room = plot - (b.label.length * fontSize * 0.6 + 10);
      if (room <= plot / 4) continue;
      if (b.value >= 0) hi = Math.max(hi, lo + ((b.value - lo) * plot) / room);
      else lo = Math.min(lo, hi - ((hi - b.value) * plot) / room);
    }
  }
  const interval = niceStep((hi - lo) / 6);
  return { min: Math.floor(lo / interval) * interval, max: Math.ceil(hi / interval) * interval, interval };
}

export function tornadoOption(model: TornadoModel, theme: Theme, options: { exported?: boolean; width?: number } = {}): EChartsCoreOption {
  const exported = options.exported === true;
  const fg = theme.foreground;
  const text = { color: fg, fontFamily: theme.fontFamily, fontSize: theme.fontSize - 1 };
  const top = (exported ? EXPORT_HEADER : 0) + 44;
  // Room for the drivers' names left of the plot (about 0.6 em a character).
  const left = Math.min(320, Math.max(90, Math.max(...model.drivers.map((d) => d.length)) * (theme.fontSize - 1) * 0.62 + 24));
  const colours = [theme.palette[0]!, theme.palette[1]!];
  const series = (["Low", "High"] as const).map((name, k) => {
    const bars = k === 0 ? model.low : model.high;
    return {
      type: "bar",
      name,
      barGap: "20%",
      barCategoryGap: "30%",
      barMaxWidth: 16,
      z: 3,
      itemStyle: { color: colours[k], ...(theme.highContrast ? { borderColor: fg, borderWidth: 1 } : {}) },
      data: bars.map((b) =>
        b === null || b.value === null
          ? "-"
          : {
              value: b.value,
              label: { position: b.value < 0 ? "left" : "right" },
            },
      ),
      label: {
        show: true,
        color: fg,
        fontFamily: theme.fontFamily,
        fontSize: theme.fontSize - 2,
        distance: 6,
        formatter: (p: { dataIndex: number }) => {
          const b = bars[p.dataIndex];
          return b ? `${b.label}: ${b.display}` : "";
        },
      },
      emphasis: { focus: "none" },
      ...(k === 0 ? { markLine: { silent: true, symbol: "none", animation: false, label: { show: false }, lineStyle: { color: fg, type: "solid", width: 1 }, data: [{ xAxis: 0 }] } } : {}),
    };
  });
  const tick = tickFormatter(model.currency);
  return {
    ...chartChrome(theme, exported, { text: model.title, subtext: model.subtitle, left: 16, subtextLineHeight: 18 }),
    legend: { top: exported ? EXPORT_HEADER + 4 : 4, left: left - 8, textStyle: text, itemGap: 16, data: ["Low", "High"], inactiveColor: withAlpha(fg, 0.35) },
    tooltip: {
      ...tooltipLook(theme),
      trigger: "axis",
      axisPointer: { type: "shadow", shadowStyle: { color: withAlpha(fg, 0.08) } },
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as { dataIndex: number }[];
        const i = list[0]?.dataIndex;
        if (i === undefined) return "";
        const rows = [model.low[i], model.high[i]]
          .filter((b): b is TornadoBar => b !== null && b !== undefined)
          .map((b) => `<tr><td>${escapeHtml(b.label)}</td><td class="amount">${escapeHtml(b.display)}</td><td class="amount none">${escapeHtml(b.figure ?? "")}</td></tr>`);
        return `<div class="cf-tip"><div class="cf-tip-title">${escapeHtml(model.drivers[i] ?? "")}</div><table>${rows.join("")}<tr class="cf-tip-total"><td>Swing</td><td class="amount">${escapeHtml(model.swings[i] ?? "")}</td><td></td></tr></table></div>`;
      },
    },
    grid: { left, right: 24, top, bottom: 48 },
    xAxis: {
      type: "value",
      name: `Change in ${model.measure}`,
      nameLocation: "middle",
      nameGap: 30,
      nameTextStyle: { ...text, color: theme.muted },
      // Room beyond the bars for their labels.
      ...tornadoRange(
        [...model.low, ...model.high].filter((b): b is TornadoBar & { value: number } => b !== null && b.value !== null).map((b) => ({ value: b.value, label: `${b.label}: ${b.display}` })),
        (options.width ?? 1000) - left - 24,
        theme.fontSize - 2,
      ),
      axisLabel: { ...text, formatter: tick },
      splitLine: { lineStyle: { color: theme.lines } },
    },
    // The names sit at the plot's left edge; the zero line is a mark line of the first series.
    yAxis: {
      type: "category",
      inverse: true,
      data: [...model.drivers],
      axisLine: { show: false, onZero: false },
      axisTick: { show: false },
      axisLabel: { ...text, margin: 12 },
    },
    series,
  };
}
