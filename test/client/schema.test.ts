/**
 * schemas/deal.schema.json: generated from the zod schema the server validates
 * with. The committed file must equal a fresh generation (so it cannot go stale),
 * and a JSON Schema validator must agree with the engine on the shape of deal
 * files: what the engine reports as a shape error (DS200-DS206, and DS320,
 * DS321 and DS326, which the schema adds to zod's shape) the schema
 * rejects, and what the engine accepts the schema accepts.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { analyze } from "../../server/src/core/analyze";
import { portfolioJsonSchema } from "../../server/src/core/portfolio/schema";
import { dealJsonSchema } from "../../server/src/core/schema";
import { FIXTURES, ROOT, SAMPLES } from "../support/paths";
import { SMALL_DEAL } from "../support/deals";

const SCHEMA_FILE = path.join(ROOT, "schemas", "deal.schema.json");
const GEN = path.join(ROOT, "scripts", "gen-schema.mjs");
const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));

function gen(args: string[]) {
  const r = spawnSync(process.execPath, [GEN, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A schema file as committed (HEAD), or the working file outside a git checkout. */
function committedSchema(name = "deal.schema.json"): string {
  const r = spawnSync("git", ["show", `HEAD:schemas/${name}`], { cwd: ROOT, encoding: "utf8" });
  return r.status === 0 ? r.stdout : readFileSync(path.join(ROOT, "schemas", name), "utf8");
}

/** A temporary folder holding the committed schemas, one of them replaced by `text`. */
function schemaDir(replace?: { name: string; text: string }): string {
  const dir = mkdtempSync(path.join(tmpdir(), "dealspec-schema-"));
  for (const name of ["deal.schema.json", "portfolio.schema.json"]) {
    writeFileSync(path.join(dir, name), replace?.name === name ? replace.text : committedSchema(name));
  }
  return dir;
}

const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: true });
const validate = ajv.compile(schema);

/** The data a YAML-aware editor validates: the file parsed as YAML 1.2 core schema, as the server does. */
function data(text: string): unknown {
  return parse(text, { schema: "core" });
}

const BASE = SMALL_DEAL;

/** Mutations of BASE: [what, text, whether its shape is valid]. */
const SHAPES: [string, string, boolean][] = [
  ["the base deal", BASE, true],
  ["an unknown top-level key", `${BASE}colour: red\n`, false],
  ["an unknown fee key", BASE.replace("every: month", "every: month\n    colour: red"), false],
  ["a missing required key", BASE.replace("currency: USD\n", ""), false],
  ["a fee without amount or price", BASE.replace("    amount: $1M\n", ""), false],
  ["a fee with a unit price", BASE.replace("amount: $1M", "price: $4k per MW-month\n    quantity: 250 MW"), true],
  ["a fee with both amount and price", BASE.replace("amount: $1M", "amount: $1M\n    price: $4k per MW-month"), false],
  ["capacity steps", BASE.replace("fees:", "capacity:\n  power: 100 MW\n  steps:\n    - from: 2027-07-01\n      power: 200 MW\nfees:"), true],
  ["a capacity step that sets nothing", BASE.replace("fees:", "capacity:\n  power: 100 MW\n  steps:\n    - from: 2027-07-01\nfees:"), false],
  ["an option to extend", `${BASE}options:\n  - id: extend-1y\n    extend: 12 months\n    by: buyer\n    notice: 90 days\n    exercised: true\n    reprice: "+5%"\n`, true],
  ["an option without notice", `${BASE}options:\n  - id: extend-1y\n    extend: 12 months\n    by: buyer\n`, false],
  ["an option exercised as text", `${BASE}options:\n  - id: extend-1y\n    extend: 12 months\n    by: buyer\n    notice: 90 days\n    exercised: "yes"\n`, false],
  ["a unit price written as a mapping", BASE.replace("amount: $1M", "price: {amount: $4M, per: MW-month}"), false],
  ["a capacity step without from", `${BASE}capacity:\n  steps:\n    - {power: 20 MW}\n`, false],
  ["an option without extend", `${BASE}options:\n  - {id: renew, by: buyer, notice: 90 days}\n`, false],
  ["an interval that is not allowed", BASE.replace("every: month", "every: monthly"), false],
  ["an empty fee list", BASE.replace(/fees:[\s\S]*$/, "fees: []\n"), false],
  ["language version 2", BASE.replace("dealspec: 1", "dealspec: 2"), false],
  ["a deal id with capitals", BASE.replace("deal: small", "deal: Small"), false],
  ["a fee id with a space", BASE.replace("id: base", "id: base fee"), false],
  ["fees as a mapping", BASE.replace(/fees:[\s\S]*$/, "fees: {base: 1}\n"), false],
  ["a boolean credit written as text", BASE.replace("every: month", "every: month\n    credit: yes"), false],
  ["an escalation as a mapping", BASE.replace("every: month", "every: month\n    escalate: {rate: 3%, every: year}"), true],
  ["an escalation written as text", BASE.replace("every: month", "every: month\n    escalate: 3%"), false],
  ["another party role", BASE.replace("provider: B}", "provider: B, broker: C}"), true],
  ["a termination clause", `${BASE}termination:\n  - by: either\n    notice: 90 days\n`, true],
  ["a termination clause without notice", `${BASE}termination:\n  - by: either\n`, false],
  ["expectations", `${BASE}expect:\n  total: $12M\n  year: {2027: $12M}\n  run_rate: {value: $12M, tolerance: 1%}\n`, true],
  ["an unknown expectation", `${BASE}expect:\n  totals: $12M\n`, false],
  ["a term in months that is not whole", BASE.replace("months: 12", "months: 1.5"), false],
];

/** The engine's shape codes, and the rules the schema adds: amount or price (DS320, DS321), a step sets something (DS326). */
const SHAPE_CODES = /^DS20[0-6]$|^DS32[016]$/;

describe("JSON Schema (schemas/deal.schema.json)", () => {
  it("is the committed file, equal to a fresh generation from the zod schema (and so is the portfolio schema)", () => {
    const dir = schemaDir();
    try {
      const r = gen(["--check", "--out", dir]);
      assert.equal(r.code, 0, r.stderr);
      for (const [name, fresh] of [["deal.schema.json", dealJsonSchema()], ["portfolio.schema.json", portfolioJsonSchema()]] as const) {
        const { $comment, title, ...generated } = JSON.parse(readFileSync(path.join(dir, name), "utf8"));
        assert.ok($comment && title, name);
        assert.deepEqual(generated, fresh, name);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const name of ["deal.schema.json", "portfolio.schema.json"]) {
    it(`${name} is reported stale by the generator when it differs`, () => {
      const text = committedSchema(name).replace(/"description": "[^"]*"/, '"description": "Old."');
      const dir = schemaDir({ name, text });
      try {
        const r = gen(["--check", "--out", dir]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, new RegExp(`${name.replace(".", "\\.")} is stale: run \`npm run build\``));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it("is contributed to YAML editors for deal files, and the portfolio schema for portfolio files", () => {
    assert.deepEqual(manifest.contributes.yamlValidation, [
      { fileMatch: ["*.deal.yaml", "*.deal.yml"], url: "./schemas/deal.schema.json" },
      { fileMatch: ["*.portfolio.yaml", "*.portfolio.yml"], url: "./schemas/portfolio.schema.json" },
    ]);
  });

  it("accepts every sample and conformance fixture", () => {
    const files = [
      ...readdirSync(SAMPLES).filter((f) => f.endsWith(".deal.yaml")).map((f) => path.join(SAMPLES, f)),
      ...readdirSync(path.join(FIXTURES, "conformance")).filter((f) => f.endsWith(".deal.yaml")).map((f) => path.join(FIXTURES, "conformance", f)),
    ];
    assert.ok(files.length >= 2);
    for (const file of files) {
      assert.ok(validate(data(readFileSync(file, "utf8"))), `${path.relative(ROOT, file)}: ${ajv.errorsText(validate.errors)}`);
    }
  });

  for (const [what, text, shapeIsValid] of SHAPES) {
    it(`agrees with the engine on ${what} (${shapeIsValid ? "valid" : "invalid"})`, () => {
      const engine = analyze(text).diagnostics.filter((d) => SHAPE_CODES.test(d.code)).map((d) => d.code);
      const valid = validate(data(text));
      assert.equal(valid, shapeIsValid, `schema: ${valid ? "valid" : ajv.errorsText(validate.errors)}`);
      assert.equal(valid, engine.length === 0, `schema: ${valid ? "valid" : ajv.errorsText(validate.errors)}; engine: ${engine.join(", ") || "no shape error"}`);
    });
  }
});
