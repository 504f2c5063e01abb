/**
 * The schedule webview's HTML: the same strict Content-Security-Policy as the
 * cash-flow page (the bundled script with a fresh nonce, the bundled style
 * sheet, nothing else), no inline handlers, no data in the page: it arrives
 * by `postMessage`. Plain data, no `vscode` import, so the standalone test
 * harness serves the very same page.
 */
import { contentSecurityPolicy, type PageParams } from "../cashflow/html";

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

export function schedulePage(p: PageParams): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(p))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(p.styleUri)}" nonce="${p.nonce}">
<title>Payment schedule</title>
</head>
<body>
<header id="head">
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
<script nonce="${p.nonce}" src="${escapeAttr(p.scriptUri)}"></script>
</body>
</html>
`;
}
