/**
 * The cash-flow webview's HTML: a strict Content-Security-Policy (nothing but
 * the bundled script, with a fresh nonce, and the bundled style sheet), no
 * inline handlers, no data in the page: it arrives by `postMessage`. Plain
 * data, no `vscode` import, so the standalone test harness serves the very
 * same page.
 */

export interface PageParams {
  /** `webview.cspSource`: the origin the webview's local resources are served from. */
  readonly cspSource: string;
  /** A fresh random nonce for each page. */
  readonly nonce: string;
  /** `webview.asWebviewUri(...)` of the bundled script and style sheet. */
  readonly scriptUri: string;
  readonly styleUri: string;
}

/** A nonce: 32 characters of [A-Za-z0-9] from a cryptographic source (`random` returns uniform bytes). */
export function makeNonce(random: (n: number) => Uint8Array): string {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let out = "";
  // 62 symbols: draw from bytes below 248 (4 x 62) so each is equally likely.
  while (out.length < 32) for (const b of random(48)) if (b < 248 && out.length < 32) out += chars[b % 62];
  return out;
}

export function contentSecurityPolicy(p: Pick<PageParams, "cspSource" | "nonce">): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${p.nonce}'`,
    `style-src ${p.cspSource} 'nonce-${p.nonce}'`,
    `img-src ${p.cspSource} data:`,
    `font-src ${p.cspSource}`,
  ].join("; ");
}

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

export function cashFlowPage(p: PageParams): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(p))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(p.styleUri)}" nonce="${p.nonce}">
<title>Cash flow</title>
</head>
<body>
<header id="head">
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
<script nonce="${p.nonce}" src="${escapeAttr(p.scriptUri)}"></script>
</body>
</html>
`;
}
