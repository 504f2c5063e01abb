/**
 * The browser build (VS Code for the Web) shares the client's code with the
 * Node build, so that code may use no Node module or global: only the Node
 * build's entries (client/src/extension.ts, client/src/client.ts) do. The
 * browser server's own files (server/src/browser/) import no Node either. And
 * the bundles esbuild made for the browser hold no `require` of a Node
 * built-in (esbuild's browser platform would fail on an import; a `require`
 * left to run time would fail in the worker).
 */
import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../support/paths";

/** The Node build's own files: the only client files that may use Node. */
const NODE_ENTRIES = new Set(["extension.ts", "client.ts"]);

function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

function specifiers(text: string): string[] {
  return [...code(text).matchAll(/(?:^|\s)(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|(?:^|\s)import\s*["']([^"']+)["']|require\(\s*["']([^"']+)["']\s*\)/gm)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

function nodeUses(dir: string, skip: (file: string) => boolean): string[] {
  const builtins = new Set(builtinModules);
  const bad: string[] = [];
  const files = (readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" }) as string[]).filter((f) => f.endsWith(".ts") && !skip(f));
  assert.ok(files.length > 0, `no sources in ${dir}`);
  for (const f of files) {
    const text = readFileSync(path.join(ROOT, dir, f), "utf8");
    for (const s of specifiers(text)) {
      if (s.startsWith("node:") || builtins.has(s) || builtins.has(s.split("/")[0]!) || s.endsWith("/node")) bad.push(`${dir}/${f}: ${s}`);
    }
    for (const global of ["process", "__dirname", "__filename", "Buffer", "NodeJS", "require"]) if (new RegExp(`\\b${global}\\b`).test(code(text))) bad.push(`${dir}/${f}: uses ${global}`);
  }
  return bad;
}

describe("the browser build", () => {
  it("shares the client's code: no Node module or global outside the Node build's entries", () => {
    assert.deepEqual(nodeUses("client/src", (f) => NODE_ENTRIES.has(f)), []);
  });

  it("the browser server's entry and file host import no Node module", () => {
    assert.deepEqual(nodeUses("server/src/browser", () => false), []);
  });

  it("its bundles hold no require of a Node built-in, and hold the code the Node build's hold", () => {
    const builtins = new Set(builtinModules.map((m) => m.replace(/^node:/, "")));
    for (const bundle of ["client/out/browser.js", "server/out/browser.js"]) {
      const file = path.join(ROOT, bundle);
      assert.ok(existsSync(file), `${bundle} is missing: run npm run build`);
      const text = readFileSync(file, "utf8");
      const required = [...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!.replace(/^node:/, ""));
      assert.deepEqual(required.filter((r) => builtins.has(r) || builtins.has(r.split("/")[0]!)), [], bundle);
    }
    // The client's bundle requires only `vscode`, which the extension host provides.
    const client = readFileSync(path.join(ROOT, "client/out/browser.js"), "utf8");
    assert.deepEqual([...new Set([...client.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]))], ["vscode"]);
    // The same code as the Node build's: a message of the shared client, and one of the shared language server.
    for (const [bundle, text] of [
      ["client/out/browser.js", "open a deal file (*.deal.yaml) or a portfolio (*.portfolio.yaml) first"],
      ["client/out/extension.js", "open a deal file (*.deal.yaml) or a portfolio (*.portfolio.yaml) first"],
      ["server/out/browser.js", "Watched-file changes failed"],
      ["server/out/server.js", "Watched-file changes failed"],
    ] as const) {
      assert.ok(readFileSync(path.join(ROOT, bundle), "utf8").includes(text), `${bundle} does not hold \`${text}\``);
    }
  });
});
