// Bundles the language server, the CLI and the VS Code client with esbuild.
// Type checking is `tsc -b`'s job; this only bundles.
//
//   node scripts/bundle.mjs [--production]   server/out, client/out (npm run build): the Node
//       build (server.js, extension.js), the browser build (browser.js in both), the CLI, the webview pages
//   node scripts/bundle.mjs --dist [--out DIR]
//       the CLI as the npm package and the GitHub Action run it: dist/cli.js
//       (minified, every dependency inlined) and dist/THIRD-PARTY-NOTICES.txt,
//       both committed (npm run dist); test/cli/dist.test.ts checks that they
//       equal a fresh build.
import { build } from "esbuild";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const production = process.argv.includes("--production");
const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
  define: { DEALSPEC_VERSION: JSON.stringify(pkg.version), "import.meta.url": "__importMetaUrl" },
};
// Some dependencies are ES modules that read import.meta.url; CommonJS bundles provide it.
const shim = 'const __importMetaUrl = require("url").pathToFileURL(__filename).href;';

// The protocol module (protocol/src) takes `RequestType` from vscode-jsonrpc, the copy the client library
// uses. The server library has its own, older copy: in the server's bundle the protocol module gets that
// one, so that the bundle holds one vscode-jsonrpc (a `RequestType` is the same in both, a method name).
const require = createRequire(import.meta.url);
const serverProtocol = createRequire(require.resolve("vscode-languageserver/node")).resolve("vscode-languageserver-protocol/node");
const serverJsonrpc = createRequire(serverProtocol).resolve("vscode-jsonrpc");
const oneJsonrpc = {
  name: "one-vscode-jsonrpc",
  setup(build) {
    build.onResolve({ filter: /^vscode-jsonrpc$/ }, () => ({ path: serverJsonrpc }));
  },
};

const entries = [
  { entryPoints: ["server/src/server.ts"], outfile: "server/out/server.js", plugins: [oneJsonrpc] },
  // The spreadsheet writer (ExcelJS, most of the CLI's code) is its own bundle, loaded by `dealspec export` only.
  { entryPoints: ["server/src/cli.ts"], outfile: "server/out/cli.js", banner: { js: `#!/usr/bin/env node\n${shim}` }, external: ["./xlsx.js"] },
  { entryPoints: ["server/src/cli/xlsx.ts"], outfile: "server/out/xlsx.js" },
  { entryPoints: ["client/src/extension.ts"], outfile: "client/out/extension.js", external: ["vscode"] },
];

// The browser build (VS Code for the Web: github.dev, vscode.dev): the client's `browser` entry, run by the
// web-worker extension host, and the language server it starts in a web worker of its own. The same core and
// LSP layer as the Node bundles; browser builds of the libraries (vscode-languageclient/browser,
// vscode-languageserver/browser) and no Node module (esbuild fails on one).
const browserCommon = {
  bundle: true,
  platform: "browser",
  target: "es2022",
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
  conditions: ["browser"],
  mainFields: ["browser", "module", "main"],
  define: {
    DEALSPEC_VERSION: JSON.stringify(pkg.version),
    // Diagnostic codes link to the repository's docs: a worker has no docs beside it.
    DEALSPEC_DOCS_URL: JSON.stringify(`${pkg.homepage.replace(/#.*$/, "")}/blob/main/docs/`),
  },
};
const browserEntries = [
  // A classic worker script, loaded by the client from a Blob URL.
  { entryPoints: ["server/src/browser/server.ts"], outfile: "server/out/browser.js", format: "iife", plugins: [oneJsonrpc] },
  // The extension's `browser` entry: CommonJS with `vscode` provided by the extension host.
  { entryPoints: ["client/src/browser/extension.ts"], outfile: "client/out/browser.js", format: "cjs", external: ["vscode"] },
];

// The webview pages: the cash flow (ECharts included, no network at run time)
// and the schedule table, each a browser bundle and a style sheet, in the one
// folder the webviews may load from.
const webview = {
  bundle: true,
  platform: "browser",
  format: "iife",
  target: "es2022",
  sourcemap: !production,
  minify: true,
  legalComments: "none",
  logLevel: "warning",
  entryPoints: [
    { in: "webview/src/main.ts", out: "cashflow" },
    { in: "webview/src/cashflow.css", out: "cashflow" },
    { in: "webview/src/schedule.ts", out: "schedule" },
    { in: "webview/src/schedule.css", out: "schedule" },
  ],
  outdir: "client/out/webview",
};

if (process.argv.includes("--dist")) {
  const outIndex = process.argv.indexOf("--out");
  const out = resolve(outIndex >= 0 ? process.argv[outIndex + 1] : new URL("../dist", import.meta.url).pathname);
  await buildDist(out);
  process.exit(0);
}

await Promise.all([
  ...entries.filter((e) => existsSync(e.entryPoints[0])).map((e) => build({ ...common, banner: { js: shim }, ...e })),
  ...browserEntries.filter((e) => existsSync(e.entryPoints[0])).map((e) => build({ ...browserCommon, ...e })),
  existsSync(webview.entryPoints[0].in) ? build(webview).then(() => writeNotices()) : undefined,
]);

// The licences of the code bundled into the webview (ECharts and ZRender: Apache-2.0 with a NOTICE; tslib: 0BSD).
function writeNotices() {
  const parts = ["Third-party code bundled in cashflow.js", ""];
  for (const name of ["echarts", "zrender", "tslib"]) {
    // The copy the bundle took: echarts' own dependency first (node resolution), then the top level.
    const dir = [`../node_modules/echarts/node_modules/${name}/`, `../node_modules/${name}/`]
      .map((p) => new URL(p, import.meta.url))
      .find((u) => existsSync(new URL("package.json", u)));
    const meta = JSON.parse(readFileSync(new URL("package.json", dir), "utf8"));
    parts.push("=".repeat(78), `${name} ${meta.version} (${meta.license})`, "=".repeat(78), "");
    for (const file of ["NOTICE", "LICENSE", "LICENSE.txt"]) {
      const url = new URL(file, dir);
      if (existsSync(url)) parts.push(readFileSync(url, "utf8").trim(), "");
    }
  }
  writeFileSync(new URL("../client/out/webview/THIRD-PARTY-NOTICES.txt", import.meta.url), `${parts.join("\n")}\n`);
}

/**
 * The committed CLI bundle: the same entry as server/out/cli.js, minified,
 * without source maps (nothing in it depends on the machine that built it),
 * and the licences of the packages it inlines, found from esbuild's metafile.
 */
async function buildDist(out) {
  mkdirSync(out, { recursive: true });
  const result = await build({
    ...common,
    sourcemap: false,
    minify: true,
    legalComments: "none",
    metafile: true,
    entryPoints: ["server/src/cli.ts"],
    outfile: join(out, "cli.js"),
    banner: { js: `#!/usr/bin/env node\n${shim}` },
  });
  const packages = new Map();
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!m) continue;
    const dir = input.slice(0, input.lastIndexOf(`node_modules/${m[1]}/`) + `node_modules/${m[1]}/`.length);
    packages.set(m[1], dir);
  }
  const parts = [`Third-party code bundled in cli.js (${pkg.name} ${pkg.version})`, ""];
  for (const name of [...packages.keys()].sort()) {
    const dir = new URL(`../${packages.get(name)}`, import.meta.url);
    const meta = JSON.parse(readFileSync(new URL("package.json", dir), "utf8"));
    parts.push("=".repeat(78), `${name} ${meta.version} (${meta.license})`, "=".repeat(78), "");
    const file = ["LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "LICENCE.md", "license", "license.md"].map((f) => new URL(f, dir)).find((u) => existsSync(u));
    const author = typeof meta.author === "string" ? meta.author : meta.author?.name;
    parts.push(file ? readFileSync(file, "utf8").trim() : `The package ships no licence text; its package.json gives the licence ${meta.license}${author ? ` and the author ${author}` : ""}.`, "");
  }
  writeFileSync(join(out, "THIRD-PARTY-NOTICES.txt"), `${parts.join("\n")}\n`);
}
