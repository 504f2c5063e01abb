/**
 * The cash-flow webview's HTML (the policy, head and script tag are
 * webviewPage.ts's, shared with the schedule page).
 */
import { webviewPage, type PageParams } from "../webviewPage";

export function cashFlowPage(p: PageParams): string {
  return webviewPage(
    p,
    "Cash flow",
    `<header id="head">
  <div id="heading"><h1 id="title">Cash flow</h1><p id="subtitle"></p></div>
  <div id="toolbar" class="toolbar" role="toolbar" aria-label="Export the cash flow">
    <button type="button" id="export-png" data-chart="cashflow" data-format="png" title="Save the chart as a PNG image" disabled>PNG</button>
    <button type="button" id="export-svg" data-chart="cashflow" data-format="svg" title="Save the chart as an SVG image" disabled>SVG</button>
    <button type="button" id="export-csv" data-chart="cashflow" data-format="csv" title="Save the schedule as CSV" disabled>CSV</button>
  </div>
</header>
<dl id="summary" aria-live="polite"></dl>
<p id="message" role="status">Waiting for the figures...</p>
<section id="scenarios" aria-labelledby="scenarios-title" hidden>
  <div class="section-head">
    <h2 id="scenarios-title">Scenarios</h2>
    <div class="toolbar" role="toolbar" aria-label="Export the scenarios">
      <button type="button" id="export-scenarios-csv" data-chart="scenarios" data-format="csv" title="Save the cumulative spend of the base and of each scenario, by month, as CSV">CSV</button>
    </div>
  </div>
  <ul id="scenario-list" aria-label="Scenarios to draw over the base"></ul>
</section>
<div id="chart" role="img" aria-label="Cash-flow chart"></div>
<details id="table-box"><summary>Months as a table</summary><table id="table"></table></details>
<section id="exit-curves" aria-labelledby="exit-curves-title" hidden>
  <h2 id="exit-curves-title">Exit curves</h2>
  <div id="exit-curve-list"></div>
</section>
<section id="sensitivity" aria-labelledby="sensitivity-title" hidden>
  <div class="section-head">
    <h2 id="sensitivity-title">Sensitivity</h2>
    <div class="toolbar" role="toolbar" aria-label="Export the sensitivity">
      <button type="button" id="export-sensitivity-png" data-chart="sensitivity" data-format="png" title="Save the tornado chart as a PNG image">PNG</button>
      <button type="button" id="export-sensitivity-svg" data-chart="sensitivity" data-format="svg" title="Save the tornado chart as an SVG image">SVG</button>
      <button type="button" id="export-sensitivity-csv" data-chart="sensitivity" data-format="csv" title="Save the sensitivity as CSV">CSV</button>
    </div>
  </div>
  <p id="sensitivity-subtitle" class="subtitle"></p>
  <p id="sensitivity-note" class="note" hidden></p>
  <div id="sensitivity-chart" class="chart" role="img" aria-label="Sensitivity: tornado chart"></div>
  <details id="sensitivity-table-box"><summary>Sensitivity as a table</summary><table id="sensitivity-table"></table></details>
</section>
`,
  );
}
