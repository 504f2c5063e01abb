// Shared pieces of the editor scripts: where things live, the install, and starting and stopping
// code-server and Chromium in process groups of their own.
//
// Every process this module starts runs in a new session (`detached`, i.e. setsid), so it and all its
// children (the extension host, the language server, Chromium's helpers) share one process group that
// `stopAll()` ends by id: SIGTERM, then SIGKILL for what is left. `stopAll()` also runs on exit, on
// SIGINT/SIGTERM and on an uncaught error, so a failing test never leaves a server behind.
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const CACHE = resolve(process.env.DEALSPEC_EDITOR_CACHE ?? join(ROOT, ".cache/editor"));
export const NODE24 = join(CACHE, "node24/node_modules/node/bin/node");
export const CODE_SERVER_ENTRY = join(CACHE, "code-server/node_modules/code-server/out/node/entry.js");
export const CHROMIUM = process.env.DEALSPEC_CHROMIUM ?? "/usr/bin/chromium";

export function log(...parts) {
  process.stderr.write(`[editor] ${parts.join(" ")}\n`);
}

/** Runs a command in the repository, inheriting output; throws when it fails. */
export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit", ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.error?.message ?? `exit ${r.status}`})`);
}

/** Installs code-server, Node 24 and the Debian packages when missing (idempotent, fast when cached). */
export function ensureInstalled() {
  run("bash", [join(ROOT, "scripts/editor/install.sh")]);
}

/** Builds the project (the tests need tsc's output too) and packages the extension; returns the .vsix. */
export function buildAndPackage(outDir) {
  run("npm", ["run", "build", "--silent"]);
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  mkdirSync(outDir, { recursive: true });
  const vsix = join(outDir, `${pkg.name}-${pkg.version}.vsix`);
  rmSync(vsix, { force: true });
  run("npm", ["run", "package", "--silent", "--", "--out", vsix]);
  if (!existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  return vsix;
}

// ---------------------------------------------------------------------------------------------
// Process groups

const groups = new Set();

function alive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* already gone */
  }
}

/** Stops one group: SIGTERM, up to `graceMs` to exit, then SIGKILL. */
export async function stopGroup(pgid, graceMs = 3000) {
  if (!groups.has(pgid)) return;
  signalGroup(pgid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (alive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (alive(pgid)) signalGroup(pgid, "SIGKILL");
  groups.delete(pgid);
}

export async function stopAll() {
  await Promise.all([...groups].map((g) => stopGroup(g)));
}

/** Synchronous last resort, for process exit: SIGKILL every group still running. */
function killAllNow() {
  for (const g of groups) signalGroup(g, "SIGKILL");
  groups.clear();
}

let handlersInstalled = false;
function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", killAllNow);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(sig, () => {
      log(`${sig}: stopping ${groups.size} process group(s)`);
      stopAll().finally(() => process.exit(sig === "SIGINT" ? 130 : 143));
    });
  }
}

/**
 * Spawns a command as the leader of a new process group and remembers the group, also in
 * `<session>/pgids`, so that a later run can end it if this one was killed before it could.
 */
export function spawnGroup(cmd, args, options, session) {
  installHandlers();
  const child = spawn(cmd, args, { ...options, detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  groups.add(child.pid);
  if (session) appendFileSync(join(session, "pgids"), `${child.pid}\n`);
  return child;
}

/**
 * Ends the process groups a previous run in `session` started and left behind (a run killed with
 * SIGKILL cannot clean up, and code-server's children outlive it). A group is ended only if one of
 * its processes still names the session folder in its command line or environment (HOME points
 * there), so a reused process id is never touched.
 */
export function reapStale(session) {
  const file = join(session, "pgids");
  if (!existsSync(file)) return;
  const wanted = new Set(readFileSync(file, "utf8").split("\n").filter(Boolean).map(Number));
  const ours = new Set();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      // /proc/PID/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (!wanted.has(pgrp) || ours.has(pgrp)) continue;
      const names = readFileSync(`/proc/${pid}/cmdline`, "utf8") + readFileSync(`/proc/${pid}/environ`, "utf8");
      if (names.includes(session)) ours.add(pgrp);
    } catch {
      /* gone, or not ours to read */
    }
  }
  for (const pgid of ours) {
    log(`ending process group ${pgid}, left by an earlier run`);
    signalGroup(pgid, "SIGKILL");
  }
  rmSync(file, { force: true });
}

// ---------------------------------------------------------------------------------------------
// Isolated folders

/** A folder tree for one code-server session, so nothing lands in the user's home. */
export function sessionDirs(base, { fresh }) {
  reapStale(base);
  if (fresh) rmSync(base, { recursive: true, force: true });
  const dirs = {
    base,
    home: join(base, "home"),
    config: join(base, "home/.config"),
    data: join(base, "home/.local/share"),
    cache: join(base, "home/.cache"),
    state: join(base, "home/.local/state"),
    userData: join(base, "user-data"),
    extensions: join(base, "extensions"),
    logs: join(base, "logs"),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  return dirs;
}

export function isolatedEnv(dirs, extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("VSCODE_") || k.startsWith("npm_")) delete env[k];
  return {
    ...env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    XDG_STATE_HOME: dirs.state,
    ...extra,
  };
}

/** VS Code settings for a quiet, reproducible workbench. */
export function writeUserSettings(dirs, settings = {}) {
  const user = join(dirs.userData, "User");
  mkdirSync(user, { recursive: true });
  const base = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "workbench.enableExperiments": false,
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "extensions.autoUpdate": false,
    "extensions.autoCheckUpdates": false,
    "extensions.ignoreRecommendations": true,
    "update.mode": "none",
    "chat.disableAIFeatures": true,
    "chat.commandCenter.enabled": false,
    "editor.inlayHints.enabled": "on",
    "editor.codeLens": true,
    "editor.minimap.enabled": false,
    // Screenshots are compared in review: no blinking cursor, no animations.
    "editor.cursorBlinking": "solid",
    "workbench.reduceMotion": "on",
    "files.autoSave": "off",
    "git.enabled": false,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    // No forwarded ports: the status bar's count would follow whatever else listens on the machine.
    "remote.autoForwardPorts": false,
    ...settings,
  };
  writeFileSync(join(user, "settings.json"), JSON.stringify(base, null, 2));
}

// ---------------------------------------------------------------------------------------------
// code-server

function codeServerArgs(dirs) {
  return [
    CODE_SERVER_ENTRY,
    "--config",
    join(dirs.config, "code-server/config.yaml"),
    "--user-data-dir",
    dirs.userData,
    "--extensions-dir",
    dirs.extensions,
  ];
}

/** Installs a .vsix (or a marketplace-free folder) into the session's extensions folder. */
export function installExtension(dirs, vsix) {
  const r = spawnSync(NODE24, [...codeServerArgs(dirs), "--install-extension", vsix, "--force"], {
    cwd: ROOT,
    env: isolatedEnv(dirs),
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
}

/**
 * Starts code-server on 127.0.0.1 with the session's folders and `folder` open. Resolves when /healthz
 * answers, with the workbench URL. `port` 0 picks a free one.
 */
export async function startCodeServer(dirs, { folder, port = 0, env = {}, logFile }) {
  mkdirSync(dirname(join(dirs.config, "code-server/config.yaml")), { recursive: true });
  writeFileSync(join(dirs.config, "code-server/config.yaml"), "bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n");
  const args = [
    ...codeServerArgs(dirs),
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--auth",
    "none",
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--ignore-last-opened",
    folder,
  ];
  const child = spawnGroup(NODE24, args, { cwd: ROOT, env: isolatedEnv(dirs, env), stdio: ["ignore", "pipe", "pipe"] }, dirs.base);
  let output = "";
  const append = (chunk) => {
    output += chunk.toString();
    if (logFile) writeFileSync(logFile, output);
  };
  child.stdout.on("data", append);
  child.stderr.on("data", append);

  const started = Date.now();
  const url = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start in 60 s:\n${output}`)), 60_000);
    const check = () => {
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\/?/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]);
      }
    };
    child.stdout.on("data", check);
    child.stderr.on("data", check);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${signal ?? code}) before listening:\n${output}`));
    });
  });
  // Listening is not yet healthy: poll /healthz until it answers.
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`code-server at ${url} never became healthy`);
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`code-server ready at ${url} in ${Date.now() - started} ms (pid ${child.pid})`);
  return { url, child, output: () => output };
}

// ---------------------------------------------------------------------------------------------
// Chromium

/**
 * Starts Debian's Chromium headless in its own process group with a fresh profile and connects
 * playwright-core to it over the DevTools protocol. Never downloads a browser.
 */
export async function launchChromium(profileDir, { width = 1400, height = 1150, session } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/editor/install.sh`);
  rmSync(profileDir, { recursive: true, force: true });
  mkdirSync(profileDir, { recursive: true });
  const args = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
    `--user-data-dir=${profileDir}`,
    `--window-size=${width},${height}`,
    "about:blank",
  ];
  const child = spawnGroup(CHROMIUM, args, {
    env: { ...process.env, HOME: profileDir, XDG_CONFIG_HOME: join(profileDir, ".config"), XDG_CACHE_HOME: join(profileDir, ".cache") },
    stdio: ["ignore", "ignore", "pipe"],
  }, session);
  let stderr = "";
  const endpoint = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`Chromium gave no DevTools endpoint in 30 s:\n${stderr}`)), 30_000);
    child.stderr.on("data", (chunk) => {
      stderr += chunk.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}):\n${stderr}`));
    });
  });
  const { chromium } = await import("playwright-core");
  const browser = await chromium.connectOverCDP(endpoint);
  const context = browser.contexts()[0] ?? (await browser.newContext());
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize({ width, height });
  return { browser, page, child };
}
