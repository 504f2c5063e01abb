/** Running the built CLI as a process, in temporary folders and git repositories. */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { CLI, FIXTURES, UPDATE_GOLDEN } from "../support/paths";

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a run: no colour variables from the caller unless given. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["NO_COLOR", "FORCE_COLOR", "DEALSPEC_DOCS_URL", "GITHUB_ACTIONS", "CI"]) delete env[k];
  return { ...env, ...extra };
}

export function dealspec(args: readonly string[], cwd = FIXTURES, env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", timeout: 60_000, env: cleanEnv(env), maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The temporary folders this test process made; removed when it exits (each test file runs in a process of its own). */
const made: string[] = [];
process.on("exit", () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder holding the given files (paths may have folders; content string or bytes), removed when the test process exits. */
export function tempDir(files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "dealspec-cli-"));
  made.push(dir);
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: "Dealspec Test",
  GIT_AUTHOR_EMAIL: "test@example.invalid",
  GIT_COMMITTER_NAME: "Dealspec Test",
  GIT_COMMITTER_EMAIL: "test@example.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

/** Runs git in a folder; throws with git's message when it fails. */
export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, ...GIT_ENV } });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** A new repository on branch `main` with the files committed. */
export function gitRepo(files: Record<string, string>): string {
  const dir = tempDir(files);
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
  return dir;
}

/** A small valid deal (12 monthly fees of $1M), with extra lines appended. */
export function deal(id: string, extra = ""): string {
  return `dealspec: 1
deal: ${id}
currency: USD
parties: {buyer: A, provider: B}
term: {start: 2027-01-01, months: 12}
fees:
  - id: base
    amount: $1M
    every: month
${extra}`;
}

const GOLDEN = path.join(FIXTURES, "cli", "golden");

/** Compares with a golden file in fixtures/cli/golden, or rewrites it with UPDATE_GOLDEN=1. */
export function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (UPDATE_GOLDEN) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.equal(actual, readFileSync(file, "utf8"), `${name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)`);
}

/** Validation against the vendored SARIF 2.1.0 schema (fixtures/cli/README.md). */
export function sarifValidator(): { validate(data: unknown): boolean; errors(): string } {
  const schema = JSON.parse(readFileSync(path.join(FIXTURES, "cli", "sarif-schema-2.1.0.json"), "utf8"));
  // The schema's `language` pattern is not valid with the `u` flag, hence unicodeRegExp: false.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const compiled = ajv.compile(schema);
  return { validate: (data) => compiled(data) as boolean, errors: () => ajv.errorsText(compiled.errors, { separator: "\n" }) };
}
