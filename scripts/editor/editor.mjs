#!/usr/bin/env node
// `npm run editor`: builds and packages the extension, then starts VS Code (code-server) on 127.0.0.1
// with the extension installed and samples/ open, and prints the URL to open in a browser.
// Ctrl-C stops it (and everything it started).
//
// Options: --port N (or DEALSPEC_EDITOR_PORT; default: a free port), --folder DIR (default: samples/).
// Its settings, extensions and logs live in .tmp/editor/demo (git ignores it), never in your home.
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, buildAndPackage, ensureInstalled, installExtension, log, sessionDirs, startCodeServer, stopAll, writeUserSettings } from "./lib.mjs";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.DEALSPEC_EDITOR_PORT ?? "0" },
    folder: { type: "string", default: join(ROOT, "samples") },
  },
});

async function main() {
  ensureInstalled();
  const dirs = sessionDirs(join(ROOT, ".tmp/editor/demo"), { fresh: false });
  const vsix = buildAndPackage(join(dirs.base, "vsix"));
  installExtension(dirs, vsix);
  // Your own changes to the demo's settings are kept from one run to the next.
  if (!existsSync(join(dirs.userData, "User/settings.json"))) writeUserSettings(dirs);
  const folder = resolve(values.folder);
  const server = await startCodeServer(dirs, { folder, port: Number(values.port), logFile: join(dirs.base, "code-server.log") });
  const url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  writeFileSync(join(dirs.base, "url"), url + "\n");
  process.stdout.write(`\nDealspec in VS Code (code-server): ${url}\n\nOpen it in a browser; Ctrl-C stops the server.\n`);
  await new Promise((resolveExit) => server.child.on("exit", resolveExit));
  log("code-server exited");
}

main().then(
  async () => {
    await stopAll();
    process.exit(0);
  },
  async (e) => {
    log(`ERROR: ${e.stack ?? e}`);
    await stopAll();
    process.exit(1);
  },
);
