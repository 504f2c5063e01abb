/**
 * The VSIX, packed by scripts/package.mjs with vsce from the bundles `npm run
 * build` made (development bundles are larger than the production ones, so
 * their size bounds the real package's). It holds only the allowed files and
 * stays under the size limit.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { before, describe, it } from "node:test";
import { ROOT } from "../support/paths";

/** scripts/vsix.mjs, the check the package script runs. */
interface VsixModule {
  MAX_VSIX_BYTES: number;
  expectedFiles(): string[];
  zipEntries(buffer: Buffer): { name: string; size: number }[];
  checkVsix(file: string): { problems: string[] };
  stageExtension(root: string, dir: string, extra?: string[]): string;
}

let vsix: VsixModule;
const out = path.join(mkdtempSync(path.join(tmpdir(), "dealspec-vsix-")), "dealspec.vsix");
let packed: ReturnType<typeof spawnSync>;

before(async () => {
  vsix = (await import(pathToFileURL(path.join(ROOT, "scripts", "vsix.mjs")).href)) as VsixModule;
  packed = spawnSync(process.execPath, [path.join(ROOT, "scripts", "package.mjs"), "--no-build", "--out", out], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
});

describe("VSIX (npm run package)", () => {
  it("is packed, listed and checked by the package script", () => {
    assert.equal(packed.status, 0, `${packed.stdout}\n${packed.stderr}`);
    assert.match(String(packed.stdout), /dealspec\.vsix: \d+ bytes \(limit 2000000\)/);
    assert.match(String(packed.stdout), /extension\/client\/out\/extension\.js/);
  });

  it("stays under 2 MB", () => {
    assert.ok(existsSync(out));
    const size = statSync(out).size;
    assert.ok(size < 2_000_000, `${size} bytes`);
    assert.equal(vsix.MAX_VSIX_BYTES, 2_000_000);
  });

  it("holds the bundles, manifest, grammar, schema, icon, language configuration and docs, and nothing else", () => {
    const names = vsix.zipEntries(readFileSync(out)).map((e) => e.name).sort();
    const shipped = [
      "package.json",
      "readme.md",
      "LICENSE.txt",
      "docs/extension.md",
      "client/out/extension.js",
      "client/out/browser.js",
      "server/out/browser.js",
      "client/out/webview/cashflow.js",
      "client/out/webview/cashflow.css",
      "client/out/webview/schedule.js",
      "client/out/webview/schedule.css",
      "client/out/webview/THIRD-PARTY-NOTICES.txt",
      "language-configuration.json",
      "syntaxes/dealspec.tmLanguage.json",
      "schemas/deal.schema.json",
      "schemas/portfolio.schema.json",
      "images/icon.png",
      "server/out/server.js",
      "docs/diagnostics.md",
      "docs/language.md",
    ];
    assert.deepEqual(names, ["[Content_Types].xml", "extension.vsixmanifest", ...shipped.map((f) => `extension/${f}`)].sort());
    assert.deepEqual(vsix.expectedFiles().sort(), shipped.sort());
    assert.ok(!names.some((n) => n.includes("node_modules") || n.endsWith(".ts") || n.endsWith(".map")));
  });

  it("ships the files the manifest points at", () => {
    const names = new Set(vsix.zipEntries(readFileSync(out)).map((e) => e.name));
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const pointed = [
      manifest.main,
      manifest.browser,
      manifest.icon,
      ...manifest.contributes.languages.map((l: { configuration: string }) => l.configuration),
      ...manifest.contributes.grammars.map((g: { path: string }) => g.path),
      ...manifest.contributes.yamlValidation.map((v: { url: string }) => v.url),
    ];
    for (const p of pointed) assert.ok(names.has(`extension/${path.posix.normalize(p)}`), p);
  });

  it("rejects a VSIX with a file that is not allowed", () => {
    // The same check on a package of the wrong files: vsce on the staged copy, with an ignore file that lets a source in.
    const bad = path.join(path.dirname(out), "bad.vsix");
    const ignore = path.join(path.dirname(out), "ignore");
    writeFileSync(ignore, `${readFileSync(path.join(ROOT, ".vscodeignore"), "utf8")}\n!client/src/extension.ts\n`);
    const stage = vsix.stageExtension(ROOT, mkdtempSync(path.join(tmpdir(), "dealspec-vsix-bad-")), ["client/src/extension.ts"]);
    const vsce = path.join(path.dirname(require.resolve("@vscode/vsce/package.json")), "vsce");
    const r = spawnSync(process.execPath, [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--no-rewrite-relative-links", "--ignoreFile", ignore, "--out", bad], { cwd: stage, encoding: "utf8", timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(vsix.checkVsix(bad).problems, ["not allowed in the VSIX: client/src/extension.ts"]);
  });
});
