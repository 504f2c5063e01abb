/**
 * Diagnostics fixtures with inline expectations: every file in
 * fixtures/diagnostics is analyzed as it is, and its diagnostics must equal
 * its annotations exactly (see test/support/annotations.ts). Each fixture is
 * also checked with CRLF line endings and with a byte order mark, where every
 * range must move accordingly.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { checkText, parseAnnotations } from "../support/annotations";
import { FIXTURES } from "../support/paths";

const dir = path.join(FIXTURES, "diagnostics");
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".deal.yaml"))
  .sort();

describe("diagnostics fixtures", () => {
  assert.ok(files.length > 10, "the fixtures are present");
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), "utf8");
    it(file, () => {
      checkText(text, file);
    });
    it(`${file} with CRLF line endings`, () => {
      checkText(text.replace(/\r?\n/g, "\r\n"), `${file} (CRLF)`);
    });
    it(`${file} after a byte order mark`, () => {
      const shifted = parseAnnotations(text).map((e) => ({ ...e, span: { start: e.span.start + 1, end: e.span.end + 1 } }));
      checkText(`\uFEFF${text}`, `${file} (BOM)`, shifted);
    });
  }

  it("has clean fixtures, which must stay free of diagnostics", () => {
    const clean = files.filter((f) => f.startsWith("clean-"));
    assert.ok(clean.length >= 3, "at least three clean fixtures");
    for (const f of clean) assert.deepEqual(parseAnnotations(readFileSync(path.join(dir, f), "utf8")), [], `${f} carries no annotations`);
  });
});
