/** Entry point of the `dealspec` command (bundled to server/out/cli.js). */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { isLintWorker } from "./cli/lintWorkers";
import { run } from "./cli/main";

/**
 * Help links point at DEALSPEC_DOCS_URL when set, else at the docs folder
 * shipped with the bundle: the package's `docs/` beside `dist/` (dist/cli.js,
 * the npm package and the GitHub Action), or the repository's (server/out/cli.js).
 */
function docsBase(): string {
  const env = process.env.DEALSPEC_DOCS_URL;
  if (env) return env.endsWith("/") ? env : `${env}/`;
  const beside = path.resolve(__dirname, "..", "docs");
  const docs = existsSync(path.join(beside, "diagnostics.md")) ? beside : path.resolve(__dirname, "..", "..", "docs");
  return `${pathToFileURL(docs).href}/`;
}

// `dealspec lint` over many files loads this bundle again in its worker threads, where cli/lintWorkers.ts runs instead.
if (!isLintWorker()) main();

function main(): void {
  // Output may be piped into `head` or a closed pager: stop quietly.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });

  const code = run(process.argv.slice(2), {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    isTTY: process.stdout.isTTY === true,
    env: process.env,
    docsBase: docsBase(),
  });
  // `export` writes its file asynchronously: its exit code comes with the promise.
  if (typeof code === "number") process.exitCode = code;
  else void code.then((c) => (process.exitCode = c));
}
