/**
 * The schedule webview's HTML (the policy, head and script tag are
 * webviewPage.ts's, shared with the cash-flow page).
 */
import { webviewPage, type PageParams } from "../webviewPage";

export function schedulePage(p: PageParams): string {
  return webviewPage(
    p,
    "Payment schedule",
    `<header id="head">
  <div id="heading"><h1 id="title">Payment schedule</h1><p id="subtitle"></p></div>
  <div id="toolbar" role="toolbar" aria-label="Export the schedule">
    <button type="button" id="export-csv" title="Save every payment as CSV" disabled>Export CSV</button>
  </div>
</header>
<p id="message" role="status">Waiting for the schedule...</p>
<ul id="notes" hidden></ul>
<p id="saved" role="status" hidden></p>
<div id="table-box" tabindex="0" aria-label="Payment schedule">
  <table id="table"><thead></thead><tfoot></tfoot></table>
</div>
`,
  );
}
