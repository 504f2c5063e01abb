#!/usr/bin/env node
// `npm run test:editor`: the editor end-to-end tests in a real VS Code (code-server on 127.0.0.1).
//
//  1. installs code-server, Node 24, Chromium when missing (scripts/editor/install.sh; cached in .cache/editor);
//  2. builds and packages the extension, and builds the tests (tsc -p test/editor);
//  3. starts code-server with its own HOME, user data and extensions folders under .tmp/editor/test,
//     the .vsix installed, a test extension (test/editor/host) that runs the in-editor suite, and a
//     scratch copy of samples/ and test/editor/fixtures/ open;
//  4. opens the workbench in headless Debian Chromium (playwright-core), which starts the extension
//     host; the suite runs inside it and writes one JSON line per result, which this script prints;
//  5. then drives the workbench from outside as a person would (test/editor/ui/workbench.ts) and saves
//     screenshots in docs/images/;
//  6. stops every process group it started, whatever happened;
//  7. the browser build: the same package in a second code-server session (.tmp/editor/test-browser),
//     moved to code-server's web-worker extension host, driven from outside (test/editor/ui/browser.ts).
//
// Environment: DEALSPEC_EDITOR_VSIX=<file> tests that package instead of building one; DEALSPEC_EDITOR_GREP=<pattern> runs only matching in-editor tests; DEALSPEC_EDITOR_UI=0
// skips step 5; DEALSPEC_EDITOR_BUILDS=node or =browser tests one build (default: node,browser);
// DEALSPEC_EDITOR_KEEP=1 keeps code-server running at the end until Ctrl-C (debugging).
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  ROOT, buildAndPackage, ensureInstalled, installExtension, launchChromium, log, run,
  sessionDirs, startCodeServer, stopAll, writeUserSettings,
} from "./lib.mjs";

const SUITE_TIMEOUT_MS = Number(process.env.DEALSPEC_EDITOR_SUITE_TIMEOUT ?? 6 * 60_000);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

async function main() {
  const given = process.env.DEALSPEC_EDITOR_VSIX;
  const missing = ["client/src/extension.ts", "server/src/server.ts"].filter((f) => !existsSync(join(ROOT, f)));
  if (!given && missing.length > 0) {
    log(`SKIPPED: the extension is not complete in this tree yet (${missing.join(", ")} missing); nothing to test in the editor.`);
    return 0;
  }
  ensureInstalled();
  log(`installed (${elapsed()})`);

  const builds = (process.env.DEALSPEC_EDITOR_BUILDS ?? "node,browser").split(",").map((b) => b.trim());
  const vsix = given ?? buildAndPackage(join(ROOT, ".tmp/editor/vsix"));
  if (given) run("npm", ["run", "build", "--silent"]);
  run(join(ROOT, "node_modules/.bin/tsc"), ["-p", "test/editor"]);
  log(`built and packaged ${vsix} (${elapsed()})`);
  let failures = 0;
  if (builds.includes("node")) failures += await testNodeBuild(vsix);
  if (builds.includes("browser")) failures += await testBrowserBuild(vsix);

  log(`${failures === 0 ? "all editor tests passed" : `${failures} editor test(s) failed`} in ${elapsed()}`);
  return failures === 0 ? 0 : 1;
}

/** The Node build: the in-editor suite, then the workbench from outside (steps 3 to 6). */
async function testNodeBuild(vsix) {
  const dirs = sessionDirs(join(ROOT, ".tmp/editor/test"), { fresh: true });
  const workspace = scratchWorkspace(dirs);

  installExtension(dirs, vsix);
  const results = join(dirs.base, "results.ndjson");
  writeFileSync(results, "");
  installTestExtension(dirs, results);
  writeUserSettings(dirs);
  log(`extensions installed (${elapsed()})`);

  return inSession(dirs, workspace, async (server, page) => {
    let failures = 0;
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
    log(`workbench loaded (${elapsed()})`);

    const summary = await followResults(results, SUITE_TIMEOUT_MS, () => server.output());
    failures += summary.failures;
    log(`in-editor suite: ${summary.passes} passed, ${summary.failures} failed, ${summary.pending} pending in ${summary.durationMs} ms (${elapsed()})`);

    if (process.env.DEALSPEC_EDITOR_UI !== "0") {
      const require = createRequire(import.meta.url);
      const ui = require(join(ROOT, "out/test/editor/ui/workbench.js"));
      const outcome = await ui.run(page, { workspace, images: join(ROOT, "docs/images"), artifacts: dirs.base, log });
      failures += logChecks(outcome.checks);
      log(`workbench scenario done (${elapsed()})`);
    }
    return failures;
  });
}

/** The browser build (step 7): the same package in code-server's web-worker extension host, seen from outside. */
async function testBrowserBuild(vsix) {
  const dirs = sessionDirs(join(ROOT, ".tmp/editor/test-browser"), { fresh: true });
  const workspace = scratchWorkspace(dirs);
  const require = createRequire(import.meta.url);
  const ui = require(join(ROOT, "out/test/editor/ui/browser.js"));
  installExtension(dirs, vsix);
  writeUserSettings(dirs, ui.BROWSER_SETTINGS);
  return inSession(dirs, workspace, async (server, page) => {
    let failures = 0;
    // The web worker's console (the extension host's and the language server's) reaches the page's.
    const consoleLog = join(dirs.base, "console.log");
    page.on("console", (m) => appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`));
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector(".monaco-workbench", { timeout: 60_000 });
    log(`browser build: workbench loaded (${elapsed()}); the page's console in ${consoleLog}`);
    const outcome = await ui.run(page, { workspace, images: join(ROOT, "docs/images"), artifacts: dirs.base, log });
    failures += logChecks(outcome.checks);
    log(`browser build done (${elapsed()})`);
    return failures;
  });
}

/** Logs a scenario's checks, one line each (a failure with its detail); returns how many failed. */
function logChecks(checks) {
  for (const c of checks) log(`${c.ok ? "PASS" : "FAIL"} ui: ${c.name}${c.ok ? "" : `\n    ${c.detail}`}`);
  return checks.filter((c) => !c.ok).length;
}

/**
 * Starts code-server on `workspace` and Chromium, runs `body(server, page)`
 * (which returns its failures), and stops both; an error thrown by `body`
 * counts as one failure, with a screenshot and where the logs are.
 * DEALSPEC_EDITOR_KEEP=1 keeps code-server running for a look.
 */
async function inSession(dirs, workspace, body) {
  const server = await startCodeServer(dirs, { folder: workspace, logFile: join(dirs.base, "code-server.log") });
  const { browser, page } = await launchChromium(join(dirs.base, "chromium"), { session: dirs.base });
  let failures = 0;
  try {
    page.on("pageerror", (e) => log(`page error: ${e.message}`));
    failures += await body(server, page);
  } catch (e) {
    failures += 1;
    log(`ERROR: ${e.stack ?? e}`);
    const shot = join(dirs.base, "failure.png");
    await page.screenshot({ path: shot }).catch(() => {});
    log(`screenshot of the failure: ${shot}; code-server's log: ${join(dirs.base, "code-server.log")}; VS Code logs: ${join(dirs.userData, "logs")}`);
  } finally {
    if (process.env.DEALSPEC_EDITOR_KEEP === "1") {
      log(`DEALSPEC_EDITOR_KEEP=1: code-server stays at ${server.url} until Ctrl-C`);
      await new Promise(() => {});
    }
    await browser.close().catch(() => {});
    await stopAll();
  }
  return failures;
}

/** The folder the editor opens: a scratch copy, so the tests' edits never touch the repository. */
function scratchWorkspace(dirs) {
  const workspace = join(dirs.base, "workspace");
  mkdirSync(workspace, { recursive: true });
  for (const src of ["samples", "test/editor/fixtures"]) cpSync(join(ROOT, src), workspace, { recursive: true });
  return workspace;
}

/**
 * The in-editor test extension: a manifest generated here, whose main loads the compiled host from
 * out/test/editor after telling it where to write its results. Installed as a folder in the
 * session's extensions directory (and registered in its extensions.json, as an install would do).
 */
function installTestExtension(dirs, resultsFile) {
  const id = "dealspec-editor-tests";
  const dir = join(dirs.extensions, `dealspec.${id}-0.0.1`);
  mkdirSync(dir, { recursive: true });
  const manifest = {
    name: id,
    publisher: "dealspec",
    version: "0.0.1",
    engines: { vscode: "^1.91.0" },
    activationEvents: ["onStartupFinished"],
    main: "./main.js",
    // No extensionDependencies: the Dealspec extension must be activated by opening a deal file.
  };
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(
    join(dir, "main.js"),
    `process.env.DEALSPEC_EDITOR_RESULTS = ${JSON.stringify(resultsFile)};\n` +
      (process.env.DEALSPEC_EDITOR_GREP ? `process.env.DEALSPEC_EDITOR_GREP = ${JSON.stringify(process.env.DEALSPEC_EDITOR_GREP)};\n` : "") +
      `module.exports = require(${JSON.stringify(join(ROOT, "out/test/editor/host/extension.js"))});\n`,
  );
  const registry = join(dirs.extensions, "extensions.json");
  const entries = existsSync(registry) ? JSON.parse(readFileSync(registry, "utf8")) : [];
  entries.push({
    identifier: { id: `dealspec.${id}` },
    version: "0.0.1",
    location: { $mid: 1, path: dir, scheme: "file" },
    relativeLocation: `dealspec.${id}-0.0.1`,
    metadata: { installedTimestamp: Date.now(), source: "vsix" },
  });
  writeFileSync(registry, JSON.stringify(entries));
}

/** Prints the suite's results as they arrive and resolves with its summary (the `end` line). */
async function followResults(file, timeoutMs, serverOutput) {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  for (;;) {
    const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
    for (const line of lines.slice(seen)) {
      const e = JSON.parse(line);
      if (e.event === "pass") log(`PASS ${e.title} (${e.ms} ms)`);
      else if (e.event === "fail") log(`FAIL ${e.title}\n    ${String(e.error).split("\n").join("\n    ")}`);
      else if (e.event === "pending") log(`SKIP ${e.title}`);
      else if (e.event === "note") log(`NOTE ${e.text}`);
      else if (e.event === "start") log(`in-editor suite started: ${e.files.join(", ")}`);
      else if (e.event === "end") return e;
    }
    seen = lines.length;
    if (Date.now() > deadline) {
      throw new Error(`the in-editor suite did not finish in ${timeoutMs / 1000} s (did the test extension start?)\n${serverOutput().slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

main().then(
  (code) => process.exit(code),
  async (e) => {
    log(`ERROR: ${e.stack ?? e}`);
    await stopAll();
    process.exit(1);
  },
);
