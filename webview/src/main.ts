/**
 * The cash-flow webview page: draws what the extension posts (`ToWebview`),
 * redraws when the VS Code theme changes (the body's class, or the theme's
 * CSS variables on the root element) or the panel is resized, and exports the
 * chart as PNG or SVG through the extension. No network, no inline handlers.
 */
import { BarChart, CustomChart, LineChart } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer, SVGRenderer } from "echarts/renderers";
import type { FromWebview, ImageFormat, ToWebview } from "../../client/src/cashflow/messages";
import { buildOption, chartHeight } from "./chart";
import { chartModel, type ChartModel } from "./model";
import { readTheme, type Theme } from "./theme";

echarts.use([BarChart, LineChart, CustomChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, AriaComponent, SVGRenderer, CanvasRenderer]);

interface VsCodeApi {
  postMessage(message: FromWebview): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (m: FromWebview) => vscode.postMessage(m);

window.addEventListener("error", (e) => post({ type: "error", message: e.message || String(e.error) }));
window.addEventListener("unhandledrejection", (e) => post({ type: "error", message: String(e.reason) }));

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const chartBox = $<HTMLDivElement>("chart");
const message = $<HTMLParagraphElement>("message");
const buttons = { png: $<HTMLButtonElement>("export-png"), svg: $<HTMLButtonElement>("export-svg"), csv: $<HTMLButtonElement>("export-csv") };

let theme: Theme = readTheme(document);
let model: ChartModel | undefined;
let chart: echarts.ECharts | undefined;

function setText(el: HTMLElement, text: string): void {
  el.textContent = text;
}

function showMessage(text: string | undefined): void {
  message.hidden = text === undefined;
  setText(message, text ?? "");
}

function renderSummary(m: ChartModel): void {
  const dl = $<HTMLDListElement>("summary");
  dl.replaceChildren();
  for (const [label, value] of m.summary) {
    const item = document.createElement("div");
    const dt = document.createElement("dt");
    const dd = document.createElement("dd");
    setText(dt, label);
    setText(dd, value);
    item.append(dt, dd);
    dl.append(item);
  }
}

/** The months as a table, for screen readers and for reading exact figures. */
function renderTable(m: ChartModel, data: ToWebview & { type: "data" }): void {
  const table = $<HTMLTableElement>("table");
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  for (const h of ["Month", ...m.stacks.map((s) => s.name), "Total", "Cumulative"]) {
    const th = document.createElement("th");
    th.scope = "col";
    setText(th, h);
    head.append(th);
  }
  const body = table.createTBody();
  data.data.months.forEach((month, i) => {
    const row = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    setText(th, month.label);
    row.append(th);
    const parts = "byFee" in month ? month.byFee : month.byProvider;
    for (const s of m.stacks) setText(row.insertCell(), parts.find((p) => p.key === s.key)?.display ?? "");
    setText(row.insertCell(), month.total.display);
    setText(row.insertCell(), month.cumulative.display);
    row.dataset.month = m.months[i]!;
  });
}

function draw(): void {
  if (!model) return;
  const height = chartHeight(model);
  chartBox.style.height = `${height}px`;
  if (!chart) chart = echarts.init(chartBox, undefined, { renderer: "svg" });
  chart.resize();
  const current = model;
  chart.setOption(buildOption(current, theme), { notMerge: true });
  document.body.dataset.state = "ready";
  document.body.dataset.theme = theme.name;
  post({ type: "rendered", report: { kind: current.kind, months: current.months.length, series: current.stacks.length, total: current.summary[0]![1], theme: theme.name } });
}

function clear(reason: string): void {
  model = undefined;
  chart?.dispose();
  chart = undefined;
  chartBox.style.height = "0px";
  $<HTMLDListElement>("summary").replaceChildren();
  $<HTMLTableElement>("table").replaceChildren();
  for (const b of Object.values(buttons)) b.disabled = true;
  showMessage(reason);
  document.body.dataset.state = "empty";
}

/** The chart drawn again off screen, with its title, by the renderer of the format. */
function exportImage(format: ImageFormat): string {
  if (!model) throw new Error("nothing to export");
  const box = document.createElement("div");
  box.style.position = "fixed";
  box.style.left = "-20000px";
  box.style.top = "0";
  box.style.width = `${Math.max(640, chartBox.clientWidth)}px`;
  box.style.height = `${chartHeight(model, true)}px`;
  document.body.append(box);
  const off = echarts.init(box, undefined, { renderer: format === "svg" ? "svg" : "canvas" });
  try {
    off.setOption(buildOption(model, theme, { exported: true }));
    return format === "svg" ? off.renderToSVGString() : off.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: theme.background });
  } finally {
    off.dispose();
    box.remove();
  }
}

function onMessage(msg: ToWebview): void {
  switch (msg.type) {
    case "data": {
      model = chartModel(msg.data);
      setText($("title"), model.title);
      setText($("subtitle"), model.subtitle);
      renderSummary(model);
      renderTable(model, msg);
      showMessage(model.notice);
      for (const b of Object.values(buttons)) b.disabled = false;
      draw();
      break;
    }
    case "empty":
      clear(msg.reason);
      break;
    case "export":
      post({ type: "image", format: msg.format, data: exportImage(msg.format) });
      break;
    case "saved":
      showMessage(msg.text);
      break;
  }
}

window.addEventListener("message", (event: MessageEvent) => {
  const msg = event.data as ToWebview | undefined;
  if (msg && typeof msg === "object" && typeof msg.type === "string") onMessage(msg);
});

buttons.png.addEventListener("click", () => post({ type: "image", format: "png", data: exportImage("png") }));
buttons.svg.addEventListener("click", () => post({ type: "image", format: "svg", data: exportImage("svg") }));
buttons.csv.addEventListener("click", () => post({ type: "csv" }));

// VS Code sets the theme kind as the body's class and the theme's colours as CSS variables on <html>.
const onTheme = () => {
  const next = readTheme(document);
  if (JSON.stringify(next) === JSON.stringify(theme)) return;
  theme = next;
  draw();
};
new MutationObserver(onTheme).observe(document.body, { attributes: true, attributeFilter: ["class"] });
new MutationObserver(onTheme).observe(document.documentElement, { attributes: true, attributeFilter: ["style"] });
new ResizeObserver(() => chart?.resize()).observe(chartBox);

post({ type: "ready" });
