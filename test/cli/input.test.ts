/** Bad input: each a clear message with exit 2, and the remaining files still linted. */
import { strict as assert } from "node:assert";
import { chmodSync, mkdirSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { deal, dealspec, tempDir } from "./support";

const BAD = deal("bad").replace("currency: USD", "currency: usd");

function lintedFiles(stdout: string): string[] {
  return JSON.parse(stdout).map((f: { file: string }) => f.file);
}

describe("lint on bad input", () => {
  it("a binary file (with a NUL byte)", () => {
    const dir = tempDir({ "bin.deal.yaml": Buffer.concat([Buffer.from("dealspec: 1\n"), Buffer.from([0, 1, 2])]), "bad.deal.yaml": BAD });
    const r = dealspec(["lint", "--format", "json"], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^dealspec: bin\.deal\.yaml is a binary file \(it contains a NUL byte\), not a deal file$/m);
    assert.deepEqual(lintedFiles(r.stdout), ["bad.deal.yaml"]);
  });

  it("a file over the 8 MiB limit, without reading it into the engine", () => {
    const big = `notes: "${"x".repeat(8 * 1024 * 1024)}"\n`;
    const dir = tempDir({ "big.deal.yaml": big, "ok.deal.yaml": deal("ok") });
    const r = dealspec(["lint", "--format", "json"], dir);
    assert.equal(r.code, 2);
    const size = Buffer.byteLength(big).toLocaleString("en-US");
    assert.ok(r.stderr.includes(`big.deal.yaml is ${size} bytes, over the 8 MiB limit for deal files`), r.stderr);
    assert.deepEqual(lintedFiles(r.stdout), ["ok.deal.yaml"]);
  });

  it("a file that is not UTF-8", () => {
    const dir = tempDir({ "latin1.deal.yaml": Buffer.from("title: caf\xe9\n", "latin1"), "ok.deal.yaml": deal("ok") });
    const r = dealspec(["lint", "--format", "json"], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /latin1\.deal\.yaml is not UTF-8 text/);
    assert.deepEqual(lintedFiles(r.stdout), ["ok.deal.yaml"]);
  });

  it("a folder without deal or portfolio files", () => {
    const dir = tempDir({ "ok.deal.yaml": deal("ok"), "empty/readme.txt": "nothing" });
    const r = dealspec(["lint", "--format", "json", "empty", "ok.deal.yaml"], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no deal or portfolio files \(\*\.deal\.yaml, \*\.deal\.yml, \*\.portfolio\.yaml, \*\.portfolio\.yml\) in folder empty/);
    assert.deepEqual(lintedFiles(r.stdout), ["ok.deal.yaml"]);
  });

  it("a glob that matches nothing, and a missing file", () => {
    const dir = tempDir({ "ok.deal.yaml": deal("ok") });
    const r = dealspec(["lint", "--format", "json", "nope/*.deal.yaml", "missing.deal.yaml", "ok.deal.yaml"], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no file matches nope\/\*\.deal\.yaml/);
    assert.match(r.stderr, /no such file or folder: missing\.deal\.yaml/);
    assert.deepEqual(lintedFiles(r.stdout), ["ok.deal.yaml"]);
  });

  it("an unreadable path (a loop of symbolic links)", () => {
    const dir = tempDir({ "ok.deal.yaml": BAD });
    symlinkSync("loop.deal.yaml", path.join(dir, "loop.deal.yaml"));
    const r = dealspec(["lint", "--format", "json", "loop.deal.yaml", "ok.deal.yaml"], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^dealspec: cannot read loop\.deal\.yaml: a loop of symbolic links$/m);
    assert.deepEqual(lintedFiles(r.stdout), ["ok.deal.yaml"]);
  });

  it("a file without read permission", (t) => {
    if (process.getuid?.() === 0) {
      t.skip("running as root, which may read any file");
      return;
    }
    const dir = tempDir({ "secret.deal.yaml": deal("s"), "ok.deal.yaml": deal("ok") });
    chmodSync(path.join(dir, "secret.deal.yaml"), 0);
    const r = dealspec(["lint", "--format", "json"], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read secret\.deal\.yaml: permission denied/);
    assert.deepEqual(lintedFiles(r.stdout), ["ok.deal.yaml"]);
  });

  it("input problems are annotations in the github format and errors in junit", () => {
    const dir = tempDir({ "bin.deal.yaml": new Uint8Array([0]), "ok.deal.yaml": deal("ok") });
    mkdirSync(path.join(dir, "none"));
    const gh = dealspec(["lint", "--format", "github", "."], dir);
    assert.equal(gh.code, 2);
    assert.match(gh.stdout, /^::error file=bin\.deal\.yaml,title=dealspec::bin\.deal\.yaml is a binary file/m);
    const ju = dealspec(["lint", "--format", "junit"], dir);
    assert.equal(ju.code, 2);
    assert.match(ju.stdout, /<testsuites name="dealspec lint" tests="2" failures="0" errors="1">/);
    assert.match(ju.stdout, /<error message="bin\.deal\.yaml is a binary file/);
  });
});
