// `npm run package`: builds the production bundles (minified, no source maps),
// packs the extension with @vscode/vsce into dealspec-<version>.vsix, then lists
// the VSIX and checks it (only the allowed files, under the size limit).
//
//   node scripts/package.mjs [--out FILE] [--no-build]
//   --no-build   pack the bundles as they are (tests use it after `npm run build`)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { checkVsix, MAX_VSIX_BYTES, stageExtension } from "./vsix.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const outIndex = args.indexOf("--out");
const out = resolve(outIndex >= 0 ? args[outIndex + 1] : join(root, `${pkg.name}-${pkg.version}.vsix`));

function run(command, commandArgs, cwd = root) {
  const r = spawnSync(command, commandArgs, { cwd, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`package: \`${[command, ...commandArgs].join(" ")}\` failed`);
    process.exit(r.status ?? 1);
  }
}

if (!args.includes("--no-build")) run(process.execPath, [join(root, "scripts", "bundle.mjs"), "--production"]);

// vsce 3.9 runs on Node 20 (vsce 4 needs Node 22). The bundles hold every dependency,
// so vsce must not collect node_modules; the README's relative links point into the repository.
// vsce packs a staged copy: the manifest without the npm package's `files` list (vsce
// would take it instead of .vscodeignore), and the files the VSIX ships.
const require = createRequire(import.meta.url);
const vsce = join(dirname(require.resolve("@vscode/vsce/package.json")), "vsce");
const stage = stageExtension(root, mkdtempSync(join(tmpdir(), "dealspec-vsix-stage-")));
try {
  run(process.execPath, [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--no-rewrite-relative-links", "--out", out], stage);
} finally {
  rmSync(stage, { recursive: true, force: true });
}

const { size, entries, problems } = checkVsix(out);
console.log(`\n${relative(process.cwd(), out) || out}: ${size} bytes (limit ${MAX_VSIX_BYTES})`);
for (const e of entries) console.log(`  ${String(e.size).padStart(9)}  ${e.name}`);
if (problems.length > 0) {
  for (const p of problems) console.error(`package: ${p}`);
  process.exit(1);
}
