/**
 * Portfolio fixtures, data-driven: every `*.portfolio.yaml` under
 * fixtures/portfolio is analyzed through a file-system host, with file URIs as
 * an editor sends them.
 *
 * Expected diagnostics are written inline, as comment lines under the line
 * they point at: the carets mark the exact range (UTF-16 columns), then the
 * code, then optionally a piece of the message:
 *
 *     include:
 *       - missing.deal.yaml
 *     #   ^^^^^^^^^^^^^^^^^ DS500 No file
 *
 * A `#` directly followed by carets counts as the first caret, so that a range
 * can start at column 0 (`#^^^^^^^ DS201` marks columns 0 to 7).
 *
 * The set of diagnostics must be exactly the annotated one. When a
 * `NAME.figures.json` sits beside `NAME.portfolio.yaml`, the figures JSON must
 * equal it (money compared as decimals and as written); those files are
 * written by hand, with the arithmetic in the portfolio file's comments.
 */
import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyzePortfolio, portfolioFiguresJson, type Diagnostic } from "../../server/src/core";
import { FIXTURES } from "../support/paths";
import { annotations } from "../support/portfolio-annotations";
import { assertJson, describeSpan, portfolioFiles } from "../support/portfolioFixtures";
import { fileHost, fileLocation } from "../../server/src/cli/host";

const DIR = path.join(FIXTURES, "portfolio");

export function checkDiagnostics(text: string, diagnostics: readonly Diagnostic[], file: string): void {
  const expected = annotations(text);
  const actual = diagnostics.map((d) => ({ code: d.code, start: d.span.start, end: d.span.end, message: d.message }));
  const render = (list: readonly { code: string; start: number; end: number }[]) => list.map((d) => describeSpan(text, d)).sort();
  assert.deepEqual(render(actual), render(expected), `${file}: diagnostics (code, line:column, text)\n${actual.map((d) => `  ${describeSpan(text, d)}: ${d.message}`).join("\n")}`);
  for (const e of expected) {
    if (!e.message) continue;
    const match = actual.find((d) => d.code === e.code && d.start === e.start && d.end === e.end)!;
    assert.ok(match.message.includes(e.message), `${file}: ${describeSpan(text, e)}: message ${JSON.stringify(match.message)} lacks ${JSON.stringify(e.message)}`);
  }
}

describe("portfolio fixtures", () => {
  const files = portfolioFiles(DIR);
  assert.ok(files.length >= 20, "the portfolio fixtures are present");
  for (const file of files) {
    const name = path.relative(DIR, file);
    it(name, () => {
      const text = readFileSync(file, "utf8");
      const analysis = analyzePortfolio(text, fileLocation(file), fileHost());
      checkDiagnostics(text, analysis.diagnostics, name);
      for (const d of analysis.diagnostics) {
        assert.ok(d.span.start >= 0 && d.span.end <= text.length && d.span.start < d.span.end, `${name}: ${d.code} has a range inside the file`);
      }
      const golden = file.replace(/\.portfolio\.yaml$/, ".figures.json");
      if (existsSync(golden)) assertJson(portfolioFiguresJson(analysis), JSON.parse(readFileSync(golden, "utf8")), name);
    });
  }
});
