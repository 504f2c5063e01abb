// What a Dealspec VSIX may hold, and a check of a built one: the entries (read
// from the zip's central directory), its size, and what is missing or extra.
// Used by scripts/package.mjs and by test/client/vsix.test.ts.
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The VSIX must stay under this many bytes. */
export const MAX_VSIX_BYTES = 2_000_000;

/** The files the extension ships, relative to the extension folder: bundles, manifest, grammar, schema, icon, docs. */
export function expectedFiles() {
  const files = [
    "package.json",
    "readme.md", // vsce stores README.md under this name
    "LICENSE.txt",
    "docs/extension.md",
    "client/out/extension.js",
    // The browser build (VS Code for the Web): the client's `browser` entry and the server it runs in a web worker.
    "client/out/browser.js",
    "server/out/browser.js",
    // The cash-flow webview's page (ECharts bundled in) and the licences of what it bundles.
    "client/out/webview/cashflow.js",
    "client/out/webview/cashflow.css",
    // The schedule webview's page (no third-party code).
    "client/out/webview/schedule.js",
    "client/out/webview/schedule.css",
    "client/out/webview/THIRD-PARTY-NOTICES.txt",
    "language-configuration.json",
    "syntaxes/dealspec.tmLanguage.json",
    "schemas/deal.schema.json",
    "schemas/portfolio.schema.json",
    "images/icon.png",
    "server/out/server.js",
    // The docs the server and the README link to (diagnostics carry links into
    // docs/diagnostics.md, resolved next to the server bundle).
    "docs/diagnostics.md",
    "docs/language.md",
  ];
  return files.sort();
}

/** Where each shipped file comes from in the repository (vsce renames two). */
export function sourceOf(shipped) {
  return shipped === "readme.md" ? "README.md" : shipped === "LICENSE.txt" ? "LICENSE" : shipped;
}

/**
 * Copies what the VSIX is packed from into `dir`: the manifest, .vscodeignore
 * and the files to ship. The manifest leaves out `files`, the npm package's
 * list (see package.json), which vsce would otherwise take instead of
 * .vscodeignore (and refuses to combine with it). `extra` adds files, for
 * the test of the check.
 */
export function stageExtension(root, dir, extra = []) {
  mkdirSync(dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  delete manifest.files;
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(join(root, ".vscodeignore"), join(dir, ".vscodeignore"));
  for (const f of [...expectedFiles().filter((x) => x !== "package.json").map(sourceOf), ...extra]) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    copyFileSync(join(root, f), join(dir, f));
  }
  return dir;
}

/** The names and uncompressed sizes of a zip file's entries. */
export function zipEntries(buffer) {
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 65557); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip file (no end of central directory)");
  const count = buffer.readUInt16LE(eocd + 10);
  let at = buffer.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const size = buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    entries.push({ name: buffer.toString("utf8", at + 46, at + 46 + nameLength), size });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Checks a built VSIX: returns its entries, its size and the problems found (none when it is right). */
export function checkVsix(file) {
  const size = statSync(file).size;
  const entries = zipEntries(readFileSync(file));
  const problems = [];
  if (size >= MAX_VSIX_BYTES) problems.push(`the VSIX is ${size} bytes, over the limit of ${MAX_VSIX_BYTES}`);
  const packaging = new Set(["[Content_Types].xml", "extension.vsixmanifest"]);
  const shipped = entries.filter((e) => !packaging.has(e.name));
  for (const e of shipped) {
    if (!e.name.startsWith("extension/")) problems.push(`unexpected entry outside extension/: ${e.name}`);
  }
  const names = new Set(shipped.map((e) => e.name.replace(/^extension\//, "")));
  const expected = expectedFiles();
  for (const f of expected) if (!names.has(f)) problems.push(`missing: ${f}`);
  for (const f of names) if (!expected.includes(f)) problems.push(`not allowed in the VSIX: ${f}`);
  for (const p of packaging) if (!entries.some((e) => e.name === p)) problems.push(`missing packaging entry: ${p}`);
  return { size, entries, problems };
}
