/**
 * The CI files under examples/ run as written: their shell commands run in a
 * temporary repository, with `npx` and `dealspec` on PATH resolving to the
 * built CLI, as `npm ci` would provide them.
 */
import { strict as assert } from "node:assert";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { CLI, ROOT } from "../support/paths";
import { cleanEnv, deal, git, gitRepo, tempDir } from "./support";

const EXAMPLES = path.join(ROOT, "examples");

/** A folder with `dealspec` and `npx` commands: `npx [--no-install] dealspec ...` runs the built CLI. */
function shims(): string {
  const bin = tempDir();
  writeFileSync(path.join(bin, "dealspec"), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  writeFileSync(path.join(bin, "npx"), `#!/bin/sh\n[ "$1" = "--no-install" ] && shift\n[ "$1" = "dealspec" ] || { echo "unexpected npx $*" >&2; exit 99; }\nexec "$@"\n`);
  for (const f of ["dealspec", "npx"]) chmodSync(path.join(bin, f), 0o755);
  return bin;
}

function sh(script: string, cwd: string, env: Record<string, string> = {}) {
  const bin = shims();
  const r = spawnSync("bash", ["-e", "-c", script], {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
    env: cleanEnv({ ...env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.invalid", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.invalid" }),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A clone of a repository whose main has two deals, on a feature branch that changes one. */
function pullRequest(change: (dir: string) => void): string {
  const origin = gitRepo({ "deals/a.deal.yaml": deal("a"), "deals/b.deal.yaml": deal("b") });
  const parent = tempDir();
  git(parent, "clone", "-q", origin, "work");
  const dir = path.join(parent, "work");
  git(dir, "checkout", "-q", "-b", "feature");
  change(dir);
  return dir;
}

interface Step {
  run?: string;
  uses?: string;
  if?: string;
}

describe("examples/github/dealspec.yml", () => {
  const workflow = parse(readFileSync(path.join(EXAMPLES, "github", "dealspec.yml"), "utf8")) as { jobs: Record<string, { steps: Step[] }> };
  const runs = (job: string) =>
    workflow.jobs[job]!.steps.filter((s) => s.run !== undefined && s.run !== "npm ci").map((s) => s.run!.replace(/\$\{\{ github\.base_ref \}\}/g, "main"));

  it("lint job: annotations, and a SARIF file for the upload step", () => {
    const dir = pullRequest((d) => writeFileSync(path.join(d, "deals/a.deal.yaml"), deal("a", "    basis: assumed\n")));
    const [annotate, writeSarif] = runs("lint");
    assert.ok(annotate && writeSarif);
    const a = sh(annotate, dir);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /^::warning file=deals\/a\.deal\.yaml,line=10,col=12,endLine=10,endColumn=19,title=DS306::/m);
    const s = sh(writeSarif, dir);
    assert.equal(s.code, 0, s.stderr);
    const upload = workflow.jobs.lint!.steps.find((x) => x.uses?.startsWith("github/codeql-action/upload-sarif")) as Step & { with: { sarif_file: string } };
    const log = JSON.parse(readFileSync(path.join(dir, upload.with.sarif_file), "utf8"));
    assert.equal(log.version, "2.1.0");
    assert.equal(log.runs[0].results[0].ruleId, "DS306");
  });

  it("lint job: an error fails the annotation step, and the SARIF step still succeeds", () => {
    const dir = pullRequest((d) => writeFileSync(path.join(d, "deals/a.deal.yaml"), deal("a").replace("every: month", "every: fortnight")));
    const [annotate, writeSarif] = runs("lint");
    const a = sh(annotate!, dir);
    assert.equal(a.code, 1);
    assert.match(a.stdout, /^::error file=deals\/a\.deal\.yaml,line=9,/m);
    assert.equal(sh(writeSarif!, dir).code, 0);
    // An input problem (exit 2) fails the step.
    writeFileSync(path.join(dir, "deals/c.deal.yaml"), new Uint8Array([0]));
    assert.notEqual(sh(writeSarif!, dir).code, 0);
  });

  it("diff job: a Markdown report starting with the marker the comment script looks for", () => {
    const dir = pullRequest((d) => writeFileSync(path.join(d, "deals/b.deal.yaml"), deal("b").replace("amount: $1M", "amount: $1.5M")));
    const [compare] = runs("diff");
    const r = sh(compare!, dir);
    assert.equal(r.code, 0, r.stderr);
    const body = readFileSync(path.join(dir, "dealspec-diff.md"), "utf8");
    const script = workflow.jobs.diff!.steps.find((x) => x.uses?.startsWith("actions/github-script")) as Step & { with: { script: string } };
    const marker = /const marker = "([^"]+)"/.exec(script.with.script)![1]!;
    assert.ok(body.startsWith(marker), body);
    assert.match(body, /^\| total \| \$12,000,000\.00 \| \$18,000,000\.00 \| \+\$6,000,000\.00 \(\+50\.00%\) \|$/m);
  });
});

describe("examples/gitlab/.gitlab-ci.yml", () => {
  const ci = parse(readFileSync(path.join(EXAMPLES, "gitlab", ".gitlab-ci.yml"), "utf8")) as Record<string, { script?: string[]; artifacts?: { reports?: { junit?: string }; paths?: string[] } }>;
  const script = (job: string) => ci[job]!.script!.filter((l) => l !== "npm ci").join("\n");

  it("lint job: a JUnit report for the merge request", () => {
    const dir = pullRequest((d) => writeFileSync(path.join(d, "deals/a.deal.yaml"), deal("a", "    basis: assumed\n")));
    const r = sh(script("dealspec-lint"), dir);
    assert.equal(r.code, 0, r.stderr);
    const report = readFileSync(path.join(dir, ci["dealspec-lint"]!.artifacts!.reports!.junit!), "utf8");
    assert.match(report, /<testsuites name="dealspec lint" tests="2" failures="0" errors="0">/);
  });

  it("diff job: fetches the target branch and writes the report artifact", () => {
    const dir = pullRequest((d) => writeFileSync(path.join(d, "deals/b.deal.yaml"), deal("b").replace("amount: $1M", "amount: $2M")));
    const r = sh(script("dealspec-diff"), dir, { CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "main" });
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(path.join(dir, ci["dealspec-diff"]!.artifacts!.paths![0]!), "utf8"), /^#### `b` \(`deals\/b\.deal\.yaml`\)$/m);
  });
});

/** Like `sh`, without blocking: a server in this process can answer the script. */
function shAsync(script: string, cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bin = shims();
  return new Promise((resolve) => {
    const child = spawn("bash", ["-e", "-c", script], {
      cwd,
      env: cleanEnv({ ...env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.invalid", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.invalid" }),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("examples/gitlab/.gitlab-ci.yml: the merge-request note", () => {
  const ci = parse(readFileSync(path.join(EXAMPLES, "gitlab", ".gitlab-ci.yml"), "utf8")) as Record<string, { script: string[] }>;
  const script = ci["dealspec-diff"]!.script.filter((l) => l !== "npm ci").join("\n");

  it("creates one note on the merge request, and updates it on the next pipeline", async () => {
    const notes: { id: number; body: string }[] = Array.from({ length: 105 }, (_, i) => ({ id: i + 1, body: `a review comment ${i}` }));
    const calls: string[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      let text = "";
      req.on("data", (d) => (text += d));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://x");
        calls.push(`${req.method} ${url.pathname}`);
        const reply = (status: number, payload: unknown) => {
          res.writeHead(status, { "Content-Type": "application/json" });
          res.end(JSON.stringify(payload));
        };
        if (req.headers["private-token"] !== "glpat-test") return reply(401, { message: "401 Unauthorized" });
        const base = "/api/v4/projects/42/merge_requests/9/notes";
        if (req.method === "GET" && url.pathname === base) {
          const per = Number(url.searchParams.get("per_page"));
          const page = Number(url.searchParams.get("page"));
          return reply(200, notes.slice((page - 1) * per, page * per));
        }
        if (req.method === "POST" && url.pathname === base) {
          const note = { id: 1000 + notes.length, body: (JSON.parse(text) as { body: string }).body };
          notes.push(note);
          return reply(201, note);
        }
        const m = new RegExp(`^${base}/(\\d+)$`).exec(url.pathname);
        const note = m ? notes.find((n) => n.id === Number(m[1])) : undefined;
        if (req.method === "PUT" && note) {
          note.body = (JSON.parse(text) as { body: string }).body;
          return reply(200, note);
        }
        return reply(404, { message: "404 Not found" });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const env = {
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "main",
        CI_API_V4_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`,
        CI_PROJECT_ID: "42",
        CI_MERGE_REQUEST_IID: "9",
        DEALSPEC_GITLAB_TOKEN: "glpat-test",
      };
      const dir = pullRequest((d) => {
        writeFileSync(path.join(d, "dealspec.config.yaml"), "policies:\n  - figure: total\n    max_increase: 10%\n");
        writeFileSync(path.join(d, "deals/b.deal.yaml"), deal("b").replace("amount: $1M", "amount: $1.5M"));
      });
      const first = await shAsync(script, dir, env);
      assert.equal(first.code, 1, "a breached policy fails the job, after the note is written");
      assert.match(first.stdout, /^Created note \d+$/m, first.stderr);
      const ours = () => notes.filter((n) => n.body.startsWith("<!-- dealspec-diff -->"));
      assert.equal(ours().length, 1);
      assert.match(ours()[0]!.body, /\*\*1 policy breach\*\* \(1 error\)/);
      writeFileSync(path.join(dir, "deals/b.deal.yaml"), deal("b").replace("amount: $1M", "amount: $1.05M"));
      const second = await shAsync(script, dir, env);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /^Updated note \d+$/m);
      assert.equal(ours().length, 1, "one note, updated");
      assert.match(ours()[0]!.body, /No policy breached/);
      assert.equal(calls.filter((c) => c.startsWith("POST")).length, 1);
      assert.equal(calls.filter((c) => c.startsWith("PUT")).length, 1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("examples/pre-commit", () => {
  it("the git hook blocks a commit with a broken deal file and lets a fixed one through", () => {
    const dir = gitRepo({ "a.deal.yaml": deal("a") });
    mkdirSync(path.join(dir, ".git", "hooks"), { recursive: true });
    copyFileSync(path.join(EXAMPLES, "pre-commit", "pre-commit"), path.join(dir, ".git", "hooks", "pre-commit"));
    chmodSync(path.join(dir, ".git", "hooks", "pre-commit"), 0o755);
    writeFileSync(path.join(dir, "a.deal.yaml"), deal("a").replace("every: month", "every: weekly"));
    writeFileSync(path.join(dir, "notes.txt"), "not a deal");
    const blocked = sh("git add -A && git commit -q -m broken", dir);
    assert.equal(blocked.code, 1);
    assert.match(blocked.stderr, /a\.deal\.yaml\n {2}9:12 {2}error/, "git shows a hook's output on stderr");
    writeFileSync(path.join(dir, "a.deal.yaml"), deal("a").replace("$1M", "$2M"));
    const ok = sh("git add -A && git commit -q -m fixed", dir);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const other = sh("echo more >> notes.txt && git add -A && git commit -q -m notes", dir);
    assert.equal(other.code, 0, "no deal file staged: nothing to lint");
  });

  it("the pre-commit framework hook runs its entry on the matching files", () => {
    const config = parse(readFileSync(path.join(EXAMPLES, "pre-commit", ".pre-commit-config.yaml"), "utf8")) as { repos: { hooks: { entry: string; files: string }[] }[] };
    const hook = config.repos[0]!.hooks[0]!;
    const files = ["a.deal.yaml", "b.deal.yml", "c.yaml"].filter((f) => new RegExp(hook.files).test(f));
    assert.deepEqual(files, ["a.deal.yaml", "b.deal.yml"]);
    const dir = tempDir({ "a.deal.yaml": deal("a"), "b.deal.yml": deal("b").replace("USD", "usd") });
    const r = sh(`${hook.entry} ${files.join(" ")}`, dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /b\.deal\.yml\n {2}3:11 {2}error/);
  });
});
