/** The cash-flow page's HTML (client/src/cashflow/html.ts): its policy, its nonce, and no inline code. */
import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { cashFlowPage } from "../../client/src/cashflow/html";
import { contentSecurityPolicy, makeNonce } from "../../client/src/webviewPage";

const params = { cspSource: "https://file+.vscode-resource.vscode-cdn.net", nonce: "N0nce", scriptUri: "https://x/cashflow.js", styleUri: "https://x/cashflow.css" };

describe("cash-flow page HTML", () => {
  it("allows only the nonce's script, the bundle's styles and local or data images", () => {
    assert.equal(
      contentSecurityPolicy(params),
      "default-src 'none'; script-src 'nonce-N0nce'; style-src https://file+.vscode-resource.vscode-cdn.net 'nonce-N0nce'; img-src https://file+.vscode-resource.vscode-cdn.net data:; font-src https://file+.vscode-resource.vscode-cdn.net",
    );
  });

  it("states the policy in the page, loads one script with the nonce, and has no inline handlers or inline code", () => {
    const html = cashFlowPage(params);
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(params).replace(/&/g, "&amp;")}">`));
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0]![0], /^<script nonce="N0nce" src="https:\/\/x\/cashflow\.js">/);
    assert.equal(scripts[0]![1], "");
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
    assert.doesNotMatch(html, /\sstyle\s*=/i);
    assert.doesNotMatch(html, /<style/i);
  });

  it("makes 32-character nonces from a cryptographic source, different each time", () => {
    const a = makeNonce((n) => randomBytes(n));
    const b = makeNonce((n) => randomBytes(n));
    assert.match(a, /^[A-Za-z0-9]{32}$/);
    assert.notEqual(a, b);
    // Bytes 248-255 are skipped so that each of the 62 characters is equally likely.
    let next = 240;
    const counting = (n: number) => Uint8Array.from({ length: n }, () => next++ % 256);
    // 240..247 are 54..61 mod 62 ("2".."9"), 248..255 are skipped, then 0..23 ("A".."X").
    assert.equal(makeNonce(counting), "23456789ABCDEFGHIJKLMNOPQRSTUVWX");
  });
});
