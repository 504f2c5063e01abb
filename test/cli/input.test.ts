/** Bad input: each a clear message with exit 2, and the remaining files still linted. */
import { strict as assert } from "node:assert";
import { chmodSync, mkdirSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { deal, dealspec, tempDir } from "./support";

const BAD = deal("bad").replace("currency: USD", "currency: usd");

function lintedFiles(stdout: string): string[] {
  return (JSON.parse(stdout) as { file: string; diagnostics: { code: string }[] }[]).filter((f) => !f.diagnostics.some((d) => d.code === "DS110" || d.code === "DS104")).map((f) => f.file);
}

/** The file's one diagnostic in `lint --format json` when it could not be read as text. */
function unreadable(stdout: string, file: string): { code: string; severity: string; message: string; line: number } {
  const entry = (JSON.parse(stdout) as { file: string; diagnostics: { code: string; severity: string; message: string; line: number }[] }[]).find((f) => f.file === file);
  assert.ok(entry, `${file} is in the JSON`);
  assert.equal(entry.diagnostics.length, 1);
  return entry.diagnostics[0]!;
}

describe("lint on bad input", () => {
  it("a binary file (with a NUL byte): a DS110 in the JSON, the reason on stderr, the other files linted", () => {
    const dir = tempDir({ "bin.deal.yaml": Buffer.concat([Buffer.from("dealspec: 1\n"), Buffer.from([0, 1, 2])]), "bad.deal.yaml": BAD });
    const r = dealspec(["lint", "--format", "json"], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^dealspec: bin\.deal\.yaml is a binary file \(a NUL byte on line 2\), not a deal file$/m);
    assert.deepEqual(lintedFiles(r.stdout), ["bad.deal.yaml"]);
    assert.deepEqual(unreadable(r.stdout, "bin.deal.yaml"), { code: "DS110", severity: "error", message: "bin.deal.yaml is a binary file (a NUL byte on line 2), not a deal file", line: 1, column: 1, endLine: 1, endColumn: 1 });
  });

  it("a file over the 8 MiB limit, without reading it into the engine", () => {
    const big = `notes: "${"x".repeat(8 * 1024 * 1024)}"\n`;
    const dir = tempDir({ "big.deal.yaml": big, "ok.deal.yaml": deal("ok") });
    const r = dealspec(["lint", "--format", "json"], dir);
    assert.equal(r.code, 2);
    const size = Buffer.byteLength(big).toLocaleString("en-US");
    assert.ok(r.stderr.includes(`big.deal.yaml is ${size} bytes, over the 8 MiB limit for deal files`), r.stderr);
    assert.deepEqual(lintedFiles(r.stdout), ["ok.deal.yaml"]);
    assert.equal(unreadable(r.stdout, "big.deal.yaml").code, "DS104");
  });

  const ENCODINGS: [string, Buffer, RegExp][] = [
    ["Latin-1", Buffer.from("dealspec: 1\ntitle: caf\xe9\n", "latin1"), /is not UTF-8 text: the byte 0xE9 on line 2 is not UTF-8 \(a Latin-1 or Windows-1252 file\?\): save it as UTF-8$/],
    ["UTF-16 with a byte order mark", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("dealspec: 1\n", "utf16le")]), /is UTF-16 \(little-endian, with a byte order mark\) text, not UTF-8: save it as UTF-8$/],
    ["UTF-16 big-endian with a byte order mark", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("dealspec: 1\n", "utf16le").swap16()]), /is UTF-16 \(big-endian, with a byte order mark\) text/],
    ["UTF-16 without a byte order mark", Buffer.from("dealspec: 1\ndeal: x\n", "utf16le"), /is UTF-16 \(little-endian\) text, not UTF-8/],
    ["a truncated UTF-8 sequence", Buffer.concat([Buffer.from("dealspec: 1\nnotes: "), Buffer.from([0xe2, 0x82])]), /the byte 0xE2 on line 2 is not UTF-8/],
  ];
  for (const [what, bytes, message] of ENCODINGS) {
    it(`a file that is not UTF-8 (${what}): the JSON names the encoding problem`, () => {
      const dir = tempDir({ "enc.deal.yaml": bytes, "ok.deal.yaml": deal("ok") });
      const r = dealspec(["lint", "--format", "json"], dir);
      assert.equal(r.code, 2);
      assert.deepEqual(lintedFiles(r.stdout), ["ok.deal.yaml"]);
      const d = unreadable(r.stdout, "enc.deal.yaml");
      assert.equal(d.code, "DS110");
      assert.match(d.message, message);
      assert.ok(r.stderr.includes(`dealspec: ${d.message}\n`), r.stderr);
    });
  }

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
