/**
 * The schedule webview page: shows the table the extension posts
 * (`ToScheduleWebview`, the server's `dealspec/schedule` answer): one body
 * per calendar year with its subtotal row, a totals row, the header kept in
 * view while scrolling. Every cell is a string the server wrote; the page
 * only places them. "Export CSV" asks the extension to save the server's CSV
 * (a webview cannot write files). No network, no inline handlers, colours
 * from the VS Code theme's CSS variables.
 */
import type { ScheduleView } from "../../protocol/src";
import type { FromScheduleWebview, ScheduleRenderReport, ToScheduleWebview } from "../../client/src/schedule/messages";
import { $, connect, el } from "./page";
import { themeName } from "./theme";

const { post } = connect<FromScheduleWebview>();

const title = $<HTMLHeadingElement>("title");
const subtitle = $<HTMLParagraphElement>("subtitle");
const message = $<HTMLParagraphElement>("message");
const notes = $<HTMLUListElement>("notes");
const saved = $<HTMLParagraphElement>("saved");
const table = $<HTMLTableElement>("table");
const exportCsv = $<HTMLButtonElement>("export-csv");

function showMessage(text: string | undefined): void {
  message.hidden = text === undefined;
  message.textContent = text ?? "";
}

/** One table row: `cells` in the columns' order, right-aligned where the column is. */
function row(cells: readonly string[], right: readonly boolean[], className?: string, header = false): HTMLTableRowElement {
  const tr = el("tr", undefined, className);
  cells.forEach((text, i) => {
    const cell = el(header && i === 0 ? "th" : "td", text, right[i] ? "num" : undefined);
    if (header && i === 0) cell.setAttribute("scope", "row");
    tr.append(cell);
  });
  return tr;
}

function clearTable(): void {
  table.tHead!.replaceChildren();
  table.tFoot!.replaceChildren();
  for (const body of [...table.tBodies]) body.remove();
}

function render(source: string, data: ScheduleView): void {
  title.textContent = data.kind === "portfolio" ? `Payment schedule of portfolio ${data.deal ?? ""}` : `Payment schedule of ${data.deal ?? "the deal"}`;
  subtitle.textContent = data.title ? `${data.title}. ${data.summary}` : data.summary;
  showMessage(data.statusDetail);
  notes.replaceChildren(...data.notes.map((n) => el("li", n)));
  notes.hidden = data.notes.length === 0;
  exportCsv.disabled = data.csv === "";
  clearTable();
  const t = data.table;
  if (!t) {
    showMessage(data.summary);
    report(source, data, [], 0, []);
    return;
  }
  const right = t.columns.map((c) => c.align === "right");
  const head = el("tr");
  for (const c of t.columns) {
    const th = el("th", c.label, right[t.columns.indexOf(c)] ? "num" : undefined);
    th.setAttribute("scope", "col");
    th.title = c.title;
    head.append(th);
  }
  table.tHead!.append(head);
  const bodies = document.createDocumentFragment();
  let rows = 0;
  for (const g of t.groups) {
    const body = el("tbody");
    body.dataset.year = g.key;
    for (const cells of g.rows) body.append(row(cells, right));
    rows += g.rows.length;
    body.append(row(g.subtotal, right, "subtotal", true));
    bodies.append(body);
  }
  table.insertBefore(bodies, table.tFoot);
  table.tFoot!.append(row(t.totals, right, "totals", true));
  report(source, data, t.groups.map((g) => g.key), rows, t.totals);
}

function report(source: string, data: ScheduleView, groups: string[], rows: number, totals: readonly string[]): void {
  const r: ScheduleRenderReport = { source, kind: data.kind, groups, rows, totals: [...totals], theme: themeName(document.body) };
  document.body.dataset.state = data.table ? "data" : "empty";
  post({ type: "rendered", report: r });
}

window.addEventListener("message", (event: MessageEvent<ToScheduleWebview>) => {
  const m = event.data;
  switch (m?.type) {
    case "data":
      saved.hidden = true;
      render(m.source, m.data);
      break;
    case "empty":
      title.textContent = "Payment schedule";
      subtitle.textContent = "";
      notes.hidden = true;
      saved.hidden = true;
      exportCsv.disabled = true;
      clearTable();
      showMessage(m.reason);
      document.body.dataset.state = "empty";
      break;
    case "saved":
      saved.textContent = m.text;
      saved.hidden = false;
      break;
  }
});

exportCsv.addEventListener("click", () => post({ type: "csv" }));

post({ type: "ready" });
