/**
 * The cash-flow webview page: draws what the extension posts (`ToWebview`):
 * the cash flow with the scenarios picked overlaid, each termination clause's
 * exit curve, and the sensitivity's tornado; redraws when the VS Code theme
 * changes (the body's class, or the theme's CSS variables on the root
 * element), when scenarios are picked, or when the panel is resized; and
 * exports each chart as PNG or SVG (its CSV is the server's) through the
 * extension. No network, no inline handlers.
 */
import { BarChart, CustomChart, LineChart, ScatterChart } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer, SVGRenderer } from "echarts/renderers";
import type { CashFlowData, ChartId, FromWebview, ImageFormat, ToWebview } from "../../client/src/cashflow/messages";
import { buildOption, chartHeight, overlayColor } from "./chart";
import { curveHeight, curveModel, curveOption, markOf, type CurveModel } from "./exitCurve";
import { chartModel, type ChartModel } from "./model";
import { readTheme, type Theme } from "./theme";
import { tornadoHeight, tornadoModel, tornadoOption, type TornadoModel } from "./tornado";
import { $, connect, el } from "./page";

echarts.use([BarChart, LineChart, ScatterChart, CustomChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, AriaComponent, MarkLineComponent, SVGRenderer, CanvasRenderer]);

const { vscode, post } = connect<FromWebview>();

const chartBox = $<HTMLDivElement>("chart");
const message = $<HTMLParagraphElement>("message");
const buttons = { png: $<HTMLButtonElement>("export-png"), svg: $<HTMLButtonElement>("export-svg"), csv: $<HTMLButtonElement>("export-csv") };
const sections = { scenarios: $<HTMLElement>("scenarios"), curves: $<HTMLElement>("exit-curves"), sensitivity: $<HTMLElement>("sensitivity") };
const sensitivityBox = $<HTMLDivElement>("sensitivity-chart");

let theme: Theme = readTheme(document);
let data: CashFlowData | undefined;
/** The document `data` is of (its message's `source`). */
let source = "";
let model: ChartModel | undefined;
let curves: { model: CurveModel; box: HTMLDivElement }[] = [];
let tornado: TornadoModel | undefined;
/** The scenarios picked, by id: kept across redraws and reloads of the page (the webview's state). */
const picked = new Set<string>(((vscode.getState() as { picked?: unknown } | undefined)?.picked as string[] | undefined)?.filter((x) => typeof x === "string") ?? []);
/** The drawn charts, by id. */
const instances = new Map<ChartId, { chart: echarts.ECharts; observer: ResizeObserver }>();

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
    const item = el("div");
    item.append(el("dt", label), el("dd", value));
    dl.append(item);
  }
}

/** A table: a header row of column names, then rows whose first cell is a row header. */
function fillTable(table: HTMLTableElement, head: readonly string[], rows: readonly { readonly cells: readonly string[]; readonly key?: string }[]): void {
  table.replaceChildren();
  const tr = table.createTHead().insertRow();
  for (const h of head) {
    const th = el("th", h);
    th.scope = "col";
    tr.append(th);
  }
  const body = table.createTBody();
  for (const r of rows) {
    const row = body.insertRow();
    const th = el("th", r.cells[0] ?? "");
    th.scope = "row";
    row.append(th);
    for (const c of r.cells.slice(1)) setText(row.insertCell(), c);
    if (r.key !== undefined) row.dataset.key = r.key;
  }
}

/** The months as a table, for screen readers and for reading exact figures. */
function renderTable(m: ChartModel): void {
  fillTable(
    $<HTMLTableElement>("table"),
    m.table.head,
    m.table.rows.map((r) => ({ cells: [r.label, ...r.cells], key: r.month })),
  );
}

/** The scenario picker: one checkbox per scenario with figures; one without is listed with why it is not drawn. */
function renderPicker(d: CashFlowData): void {
  const list = $<HTMLUListElement>("scenario-list");
  list.replaceChildren();
  if (d.kind !== "deal" || d.scenarios.length === 0) {
    sections.scenarios.hidden = true;
    return;
  }
  sections.scenarios.hidden = false;
  d.scenarios.forEach((s, index) => {
    const item = el("li");
    item.dataset.scenario = s.id;
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.value = s.id;
    box.checked = picked.has(s.id);
    box.disabled = s.figures === null;
    const swatch = el("span", undefined, "swatch");
    swatch.setAttribute("aria-hidden", "true");
    if (s.figures) swatch.style.borderTopColor = overlayColor(theme, d.fees.length, index);
    const name = el("span", s.label ?? s.id, "name");
    label.append(box, swatch, name);
    if (s.label) label.append(el("span", s.id, "id"));
    if (s.figures) {
      const f = s.figures;
      const delta = f.delta.total ? ` (${f.delta.total.display})` : "";
      label.append(el("span", `${f.total.display}${delta}`, "figure"));
      if (!f.complete) label.append(el("span", "partial: the scenario leaves out fees with errors", "note"));
    }
    item.append(label);
    if (s.unavailable) {
      item.classList.add("unavailable");
      item.append(el("span", s.unavailable, "reason"));
    }
    if (s.applied.length > 0) label.title = s.applied.join("\n");
    box.addEventListener("change", () => {
      if (box.checked) picked.add(s.id);
      else picked.delete(s.id);
      vscode.setState({ picked: [...picked] });
      if (!data) return;
      model = chartModel(data, picked);
      setText($("subtitle"), model.subtitle);
      renderTable(model);
      draw();
    });
    list.append(item);
  });
}

/** Each clause's exit curve: a section of its own, with its export buttons and its table. */
function renderCurves(d: CashFlowData): void {
  for (const c of curves) dispose(c.model.id);
  const list = $<HTMLDivElement>("exit-curve-list");
  list.replaceChildren();
  curves = [];
  if (d.kind !== "deal" || d.exitCurves.length === 0) {
    sections.curves.hidden = true;
    return;
  }
  sections.curves.hidden = false;
  for (const curve of d.exitCurves) {
    const m = curveModel(curve, d.deal ?? "deal", d.currency);
    const article = el("article", undefined, "curve");
    article.dataset.chart = m.id;
    const head = el("div", undefined, "section-head");
    const toolbar = el("div", undefined, "toolbar");
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", `Export ${m.title.toLowerCase()}`);
    for (const format of ["png", "svg", "csv"] as const) {
      const b = el("button", format.toUpperCase());
      b.type = "button";
      b.dataset.chart = m.id;
      b.dataset.format = format;
      b.title = format === "csv" ? `Save the exit curve of clause ${m.clause} as CSV` : `Save the exit curve of clause ${m.clause} as ${format.toUpperCase()}`;
      toolbar.append(b);
    }
    head.append(el("h3", m.title), toolbar);
    const box = el("div", undefined, "chart");
    box.setAttribute("role", "img");
    box.setAttribute("aria-label", `${m.title}: exit exposure by notice date`);
    const details = el("details");
    const table = el("table");
    details.append(el("summary", "Exit curve as a table"), table);
    fillTable(
      table,
      ["Notice on", "Exit exposure", "Mark"],
      m.labels.map((label, i) => ({ cells: [label, m.displays[i]!, markOf(m, i)], key: m.dates[i]! })),
    );
    article.append(head, el("p", m.subtitle, "subtitle"), box, details);
    list.append(article);
    curves.push({ model: m, box });
  }
}

function renderSensitivity(d: CashFlowData): void {
  tornado = undefined;
  const note = $<HTMLParagraphElement>("sensitivity-note");
  const tableBox = $<HTMLDetailsElement>("sensitivity-table-box");
  if (d.kind !== "deal" || (!d.sensitivity && !d.sensitivityUnavailable)) {
    sections.sensitivity.hidden = true;
    return;
  }
  sections.sensitivity.hidden = false;
  const s = d.sensitivity;
  const empty = !s || s.drivers.length === 0;
  note.hidden = !empty;
  setText(note, s ? "Nothing in this deal rests on an assumption, a discount rate, capacity steps or an option: there is nothing to vary." : (d.sensitivityUnavailable ?? ""));
  sensitivityBox.hidden = empty;
  tableBox.hidden = empty;
  for (const id of ["png", "svg", "csv"]) $<HTMLButtonElement>(`export-sensitivity-${id}`).disabled = empty;
  if (!s || empty) {
    setText($("sensitivity-subtitle"), "");
    return;
  }
  tornado = tornadoModel(s, d.deal ?? "deal", d.currency);
  setText($("sensitivity-subtitle"), tornado.description);
  fillTable(
    $<HTMLTableElement>("sensitivity-table"),
    ["Driver", "Low", `Change in ${tornado.measure}`, "High", `Change in ${tornado.measure}`, "Swing"],
    s.drivers.map((dr) => ({ cells: [dr.driver, dr.low.label, dr.low.delta?.display ?? "", dr.high?.label ?? "", dr.high?.delta?.display ?? "", dr.swing.display], key: dr.driver })),
  );
}

function instance(id: ChartId, box: HTMLDivElement): echarts.ECharts {
  const known = instances.get(id);
  if (known) return known.chart;
  const chart = echarts.init(box, undefined, { renderer: "svg" });
  // A change of width only (the page sets the heights), handled in the next frame: drawing inside the
  // observer's callback would resize the box again within the same frame.
  let width = box.clientWidth;
  const observer = new ResizeObserver(() => {
    if (box.clientWidth === width) return;
    width = box.clientWidth;
    requestAnimationFrame(() => {
      if (chart.isDisposed()) return;
      if (id === "cashflow") drawMain();
      else if (id === "sensitivity" && tornado) chart.setOption(tornadoOption(tornado, theme, { width: box.clientWidth }), { notMerge: true });
      chart.resize();
    });
  });
  observer.observe(box);
  instances.set(id, { chart, observer });
  return chart;
}

function dispose(id: ChartId): void {
  const known = instances.get(id);
  known?.observer.disconnect();
  known?.chart.dispose();
  instances.delete(id);
}

let mainHeight = 0;

/** The cash flow (again, when its height changes with the width: the legend may wrap). */
function drawMain(): void {
  if (!model) return;
  const height = chartHeight(model, false, chartBox.clientWidth, theme.fontSize);
  const chart = instance("cashflow", chartBox);
  if (height !== mainHeight) {
    mainHeight = height;
    chartBox.style.height = `${height}px`;
  }
  chart.resize();
  chart.setOption(buildOption(model, theme, { width: chartBox.clientWidth }), { notMerge: true });
}

function draw(): void {
  if (!model) return;
  drawMain();
  const charts: ChartId[] = ["cashflow"];
  for (const c of curves) {
    c.box.style.height = `${curveHeight()}px`;
    const chart = instance(c.model.id, c.box);
    chart.resize();
    chart.setOption(curveOption(c.model, theme), { notMerge: true });
    charts.push(c.model.id);
  }
  if (tornado) {
    sensitivityBox.style.height = `${tornadoHeight(tornado)}px`;
    const chart = instance("sensitivity", sensitivityBox);
    chart.resize();
    chart.setOption(tornadoOption(tornado, theme, { width: sensitivityBox.clientWidth }), { notMerge: true });
    charts.push("sensitivity");
  } else {
    dispose("sensitivity");
  }
  document.body.dataset.state = "ready";
  document.body.dataset.theme = theme.name;
  const current = model;
  post({
    type: "rendered",
    report: { source, kind: current.kind, months: current.months.length, series: current.stacks.length, total: current.summary[0]![1], theme: theme.name, charts, overlays: current.overlays.map((o) => o.id) },
  });
}

function clear(reason: string): void {
  data = undefined;
  model = undefined;
  tornado = undefined;
  for (const id of [...instances.keys()]) dispose(id);
  curves = [];
  mainHeight = 0;
  chartBox.style.height = "0px";
  $<HTMLDListElement>("summary").replaceChildren();
  $<HTMLTableElement>("table").replaceChildren();
  $<HTMLUListElement>("scenario-list").replaceChildren();
  $<HTMLDivElement>("exit-curve-list").replaceChildren();
  for (const s of Object.values(sections)) s.hidden = true;
  for (const b of Object.values(buttons)) b.disabled = true;
  showMessage(reason);
  document.body.dataset.state = "empty";
}

/** A chart drawn again off screen, with its title, by the renderer of the format. */
function exportImage(format: ImageFormat, chart: ChartId): string {
  if (!model) throw new Error("nothing to export");
  const curve = curves.find((c) => c.model.id === chart)?.model;
  if (chart !== "cashflow" && !curve && !(chart === "sensitivity" && tornado)) throw new Error(`no chart ${chart} to export`);
  const width = Math.max(640, (chart === "cashflow" ? chartBox : chart === "sensitivity" ? sensitivityBox : curves.find((c) => c.model.id === chart)!.box).clientWidth);
  const height = curve ? curveHeight(true) : chart === "sensitivity" ? tornadoHeight(tornado!, true) : chartHeight(model, true, width, theme.fontSize);
  const option = curve ? curveOption(curve, theme, { exported: true }) : chart === "sensitivity" ? tornadoOption(tornado!, theme, { exported: true, width }) : buildOption(model, theme, { exported: true, width });
  const box = document.createElement("div");
  box.style.position = "fixed";
  box.style.left = "-20000px";
  box.style.top = "0";
  box.style.width = `${width}px`;
  box.style.height = `${height}px`;
  document.body.append(box);
  const off = echarts.init(box, undefined, { renderer: format === "svg" ? "svg" : "canvas" });
  try {
    off.setOption(option);
    return format === "svg" ? off.renderToSVGString() : off.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: theme.background });
  } finally {
    off.dispose();
    box.remove();
  }
}

function onMessage(msg: ToWebview): void {
  switch (msg.type) {
    case "data": {
      data = msg.data;
      source = msg.source;
      renderPicker(data);
      model = chartModel(data, picked);
      setText($("title"), model.title);
      setText($("subtitle"), model.subtitle);
      renderSummary(model);
      renderTable(model);
      renderCurves(data);
      renderSensitivity(data);
      showMessage(model.notice);
      for (const b of Object.values(buttons)) b.disabled = false;
      draw();
      break;
    }
    case "empty":
      clear(msg.reason);
      break;
    case "export":
      post({ type: "image", format: msg.format, chart: msg.chart ?? "cashflow", data: exportImage(msg.format, msg.chart ?? "cashflow") });
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

// Every export button says which chart and which format.
document.addEventListener("click", (event) => {
  const button = (event.target as Element | null)?.closest?.("button[data-format]") as HTMLButtonElement | null;
  if (!button || button.disabled) return;
  const chart = (button.dataset.chart ?? "cashflow") as ChartId;
  const format = button.dataset.format;
  if (format === "csv") post({ type: "csv", chart });
  else if (format === "png" || format === "svg") post({ type: "image", format, chart, data: exportImage(format, chart) });
});

// VS Code sets the theme kind as the body's class and the theme's colours as CSS variables on <html>.
const onTheme = () => {
  const next = readTheme(document);
  if (JSON.stringify(next) === JSON.stringify(theme)) return;
  theme = next;
  if (data?.kind === "deal") renderPicker(data);
  draw();
};
new MutationObserver(onTheme).observe(document.body, { attributes: true, attributeFilter: ["class"] });
new MutationObserver(onTheme).observe(document.documentElement, { attributes: true, attributeFilter: ["style"] });

post({ type: "ready" });
