// Writes schemas/deal.schema.json: the JSON Schema of deal files, generated from
// the zod schema the server validates with (server/src/core/schema.ts,
// dealJsonSchema()), so that editors using the schema (through the extension's
// `yamlValidation`, or yaml-language-server elsewhere) agree with the server.
// Runs after `tsc -b` (it reads the compiled core from out/).
//
//   node scripts/gen-schema.mjs            write the file
//   node scripts/gen-schema.mjs --check    exit 1 when the committed file is stale
//   --out PATH                             another file than schemas/deal.schema.json
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const check = args.includes("--check");
const outIndex = args.indexOf("--out");
const out = outIndex >= 0 ? args[outIndex + 1] : fileURLToPath(new URL("../schemas/deal.schema.json", import.meta.url));
if (!out) {
  console.error("usage: gen-schema.mjs [--check] [--out PATH]");
  process.exit(2);
}

const require = createRequire(import.meta.url);
const { dealJsonSchema } = require("../out/server/src/core/schema.js");

const generated = dealJsonSchema();
const schema = {
  $schema: generated.$schema,
  $comment: "Generated from server/src/core/schema.ts by scripts/gen-schema.mjs (npm run build). Do not edit by hand.",
  title: "Dealspec deal file (language version 1)",
  ...generated,
};
const text = `${JSON.stringify(schema, null, 2)}\n`;
const shown = relative(root, out) || out;

if (check) {
  let current = "";
  try {
    current = readFileSync(out, "utf8");
  } catch {
    // A missing file is stale too.
  }
  if (current !== text) {
    console.error(`${shown} is stale: run \`npm run build\` (or node scripts/gen-schema.mjs) and commit it.`);
    process.exit(1);
  }
  console.log(`${shown} is up to date.`);
} else {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
}
