/**
 * What the webview pages' HTML shares: a strict Content-Security-Policy
 * (nothing but the bundled script, with a fresh nonce, and the bundled style
 * sheet), no inline handlers, no data in the page: it arrives by
 * `postMessage`. Plain data, no `vscode` import, so the standalone test
 * harness serves the very same pages (cashflow/html.ts, schedule/html.ts).
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

/** A page: the shared head (policy, viewport, style sheet, title), its body, then the bundled script. */
export function webviewPage(p: PageParams, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(p))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(p.styleUri)}" nonce="${p.nonce}">
<title>${title}</title>
</head>
<body>
${body}<script nonce="${p.nonce}" src="${escapeAttr(p.scriptUri)}"></script>
</body>
</html>
`;
}
