// Bundles the language server, the CLI and the VS Code client with esbuild.
// Type checking is `tsc -b`'s job; this only bundles.
import { build } from "esbuild";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

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

const entries = [
  { entryPoints: ["server/src/server.ts"], outfile: "server/out/server.js" },
  // The spreadsheet writer (ExcelJS, most of the CLI's code) is its own bundle, loaded by `dealspec export` only.
  { entryPoints: ["server/src/cli.ts"], outfile: "server/out/cli.js", banner: { js: `#!/usr/bin/env node\n${shim}` }, external: ["./xlsx.js"] },
  { entryPoints: ["server/src/cli/xlsx.ts"], outfile: "server/out/xlsx.js" },
  { entryPoints: ["client/src/extension.ts"], outfile: "client/out/extension.js", external: ["vscode"] },
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

await Promise.all([
  ...entries.filter((e) => existsSync(e.entryPoints[0])).map((e) => build({ ...common, banner: { js: shim }, ...e })),
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
