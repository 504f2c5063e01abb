// Writes schemas/deal.schema.json and schemas/portfolio.schema.json: the JSON
// Schemas of deal and portfolio files, generated from the zod schemas the
// server validates with (server/src/core/schema.ts dealJsonSchema(),
// server/src/core/portfolio/schema.ts portfolioJsonSchema()), so that editors
// using them (through the extension's `yamlValidation`, or
// yaml-language-server elsewhere) agree with the server.
// Runs after `tsc -b` (it reads the compiled core from out/).
//
//   node scripts/gen-schema.mjs            write the files
//   node scripts/gen-schema.mjs --check    exit 1 when a committed file is stale
//   --out DIR                              another folder than schemas/
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const check = args.includes("--check");
const outIndex = args.indexOf("--out");
const outDir = outIndex >= 0 ? args[outIndex + 1] : join(root, "schemas");
if (!outDir) {
  console.error("usage: gen-schema.mjs [--check] [--out DIR]");
  process.exit(2);
}

const require = createRequire(import.meta.url);
const { dealJsonSchema, portfolioJsonSchema } = require("../out/server/src/core/index.js");

const SCHEMAS = [
  { file: "deal.schema.json", title: "Dealspec deal file (language version 1)", generate: dealJsonSchema },
  { file: "portfolio.schema.json", title: "Dealspec portfolio file (language version 1)", generate: portfolioJsonSchema },
];

let stale = false;
for (const { file, title, generate } of SCHEMAS) {
  const generated = generate();
  const schema = {
    $schema: generated.$schema,
    $comment: "Generated from the engine's zod schemas (server/src/core) by scripts/gen-schema.mjs (npm run build). Do not edit by hand.",
    title,
    ...generated,
  };
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  const out = join(outDir, file);
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
      stale = true;
    } else {
      console.log(`${shown} is up to date.`);
    }
  } else {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(out, text);
  }
}
if (stale) process.exit(1);
