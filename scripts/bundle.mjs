// Bundles the language server, the CLI and the VS Code client with esbuild.
// Type checking is `tsc -b`'s job; this only bundles.
import { build } from "esbuild";
import { existsSync, readFileSync } from "node:fs";

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
  { entryPoints: ["server/src/cli.ts"], outfile: "server/out/cli.js", banner: { js: `#!/usr/bin/env node\n${shim}` } },
  { entryPoints: ["client/src/extension.ts"], outfile: "client/out/extension.js", external: ["vscode"] },
];

await Promise.all(
  entries.filter((e) => existsSync(e.entryPoints[0])).map((e) => build({ ...common, banner: { js: shim }, ...e })),
);
