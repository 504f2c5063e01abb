/**
 * Every diagnostic code the engine defines is produced by some fixture in
 * fixtures/diagnostics, fixtures/portfolio, fixtures/config or
 * fixtures/policies (read from the fixtures' annotations, which the other
 * suites check against the engine), or is listed below with the
 * reason it cannot be and where it is tested instead.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { CODES } from "../../server/src/core";
import { parseAnnotations } from "../support/annotations";
import { FIXTURES } from "../support/paths";

/** Codes no fixture can produce, each with the reason and where it is tested instead. */
const NOT_IN_FIXTURES: Readonly<Record<string, string>> = {
  DS104: "needs a file over 8 MiB; robustness.test.ts builds one in memory",
  DS110: "is about a file's bytes, not its text; test/cli/input.test.ts writes Latin-1, UTF-16 and binary files",
  DS199: "means the engine threw, a bug no input should reach; test/lsp/documents.test.ts gives the server's cache an engine that throws",
  DS700: "depends on today's date, which only `dealspec lint --today DATE` gives; test/cli/lint-today.test.ts runs it",
};

describe("diagnostic codes", () => {
  const dir = path.join(FIXTURES, "diagnostics");
  const seen = new Map<string, number>();
  // Deal files in fixtures/diagnostics, and portfolio files (and their deals) in fixtures/portfolio.
  const portfolioDir = path.join(FIXTURES, "portfolio");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".deal.yaml"))) {
    for (const e of parseAnnotations(readFileSync(path.join(dir, file), "utf8"))) {
      if (e.kind !== "related" && e.kind !== "fix") seen.set(e.code, (seen.get(e.code) ?? 0) + 1);
    }
  }
  // Portfolio fixtures carry their own caret annotations, checked by the portfolio suite: `^^^ DS504 ...`.
  for (const file of (readdirSync(portfolioDir, { recursive: true }) as string[]).filter((f) => /\.(deal|portfolio)\.yaml$/.test(f))) {
    for (const m of readFileSync(path.join(portfolioDir, file), "utf8").matchAll(/^\s*#[ \t]*\^+[ \t]+(?:(?:error|warning|info)[ \t]+)?(DS\d{3})\b/gm)) {
      seen.set(m[1]!, (seen.get(m[1]!) ?? 0) + 1);
    }
  }

  // Configuration files in fixtures/config, and policy cases in fixtures/policies, with the annotations of fixtures/diagnostics: checked by policies.test.ts.
  for (const sub of ["config", "policies"]) {
    const base = path.join(FIXTURES, sub);
    for (const file of (readdirSync(base, { recursive: true }) as string[]).filter((f) => f.endsWith(".yaml"))) {
      for (const e of parseAnnotations(readFileSync(path.join(base, file), "utf8"))) seen.set(e.code, (seen.get(e.code) ?? 0) + 1);
    }
  }

  it("every code appears in some fixture, or is listed with a reason", () => {
    const missing = Object.keys(CODES).filter((c) => !seen.has(c) && NOT_IN_FIXTURES[c] === undefined);
    assert.deepEqual(missing, [], "codes without a fixture: add one, or list the code with the reason");
  });

  it("the list of codes without a fixture is true", () => {
    for (const c of Object.keys(NOT_IN_FIXTURES)) {
      assert.ok(c in CODES, `${c} is listed but is not a code`);
      assert.ok(!seen.has(c), `${c} is listed as not producible in a fixture, yet one produces it: remove it from the list`);
    }
  });

  it("annotations name only codes that exist, with their documented severity (or a YAML warning)", () => {
    for (const code of seen.keys()) assert.ok(code in CODES, `${code} is not a code`);
  });
});
