/**
 * The pure-core rule, checked on the sources: every module in server/src/core
 * imports only yaml, zod, decimal.js, currency-codes or other modules inside
 * core, and uses no Node globals (process, require, __dirname, Buffer).
 */
import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { specifiers } from "../support/imports";
import { ROOT } from "../support/paths";

const CORE = path.join(ROOT, "server", "src", "core");
const ALLOWED = new Set(["yaml", "zod", "decimal.js", "currency-codes"]);

describe("the core's boundary", () => {
  const files = (readdirSync(CORE, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).sort();

  it("finds the core's modules", () => {
    assert.ok(files.includes("analyze.ts") && files.length >= 10);
  });

  for (const file of files) {
    it(`${file} imports only yaml, zod, decimal.js, currency-codes and core modules`, () => {
      const source = readFileSync(path.join(CORE, file), "utf8");
      for (const spec of specifiers(source)) {
        if (spec.startsWith(".")) {
          const target = path.resolve(CORE, path.dirname(file), spec);
          assert.ok(target === CORE || target.startsWith(CORE + path.sep), `${file}: ${spec} leaves the core`);
          assert.ok(existsSync(`${target}.ts`) || existsSync(path.join(target, "index.ts")), `${file}: ${spec} is a core module`);
        } else {
          assert.ok(ALLOWED.has(spec), `${file} imports ${spec}: the core imports only ${[...ALLOWED].join(", ")}`);
        }
      }
      const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
      for (const global of ["process", "__dirname", "__filename", "Buffer", "globalThis"]) {
        assert.ok(!new RegExp(`\\b${global}\\b`).test(code), `${file} uses ${global}`);
      }
    });
  }

  it("the import reader sees every form of import", () => {
    const sample = [
      'import { a } from "fs";',
      'import type { B } from "./b";',
      'import * as c from "node:path";',
      'import d from "vscode-languageserver";',
      'export { e } from "./e";',
      'export * from "zod";',
      'import "side-effect";',
      'const f = await import("dynamic");',
      'const g = require("required");',
      "import {\n  h,\n  i,\n} from 'multi-line';",
      '// import { no } from "commented";',
    ].join("\n");
    assert.deepEqual(specifiers(sample).sort(), ["./b", "./e", "dynamic", "fs", "multi-line", "node:path", "required", "side-effect", "vscode-languageserver", "zod"].sort());
  });
});
