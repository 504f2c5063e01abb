/**
 * The GitHub Action (action.yml) as GitHub would run it: each `run:` step of
 * the composite action, in order, with bash, the environment of a pull-request
 * job and the step's `env:` (its few `${{ }}` expressions filled in), in a clone
 * of a repository on a pull-request branch; GitHub's REST API is a local HTTP
 * server that implements the calls the comment step makes (list, create and
 * update an issue comment). A second run must update the comment, not add one.
 */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import { ROOT } from "../support/paths";
import { cleanEnv, deal, git, gitRepo, tempDir } from "./support";

interface Step {
  name: string;
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
}

interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(path.join(ROOT, "action.yml"), "utf8")) as Action;

// ---------------------------------------------------------------- a small GitHub

interface Comment {
  id: number;
  body: string;
  html_url: string;
  user: { login: string };
}

const TOKEN = "test-token";
const REPO = "acme/deals";
const PR = 7;

class FakeGitHub {
  comments: Comment[] = [];
  requests: string[] = [];
  /** Status returned to writes, to act as a read-only token. */
  refuseWrites = false;
  private server: Server | undefined;
  private nextId = 1000;

  constructor() {
    // Someone else's comments first, so that the action's lands on a later page.
    for (let i = 0; i < 120; i++) this.add(`comment ${i}`, "someone");
  }

  private add(body: string, login: string): Comment {
    const id = this.nextId++;
    const c = { id, body, html_url: `https://github.example/${REPO}/pull/${PR}#issuecomment-${id}`, user: { login } };
    this.comments.push(c);
    return c;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(([status, payload]) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(payload === undefined ? "" : JSON.stringify(payload));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage): Promise<[number, unknown]> {
    const url = new URL(req.url ?? "/", "http://x");
    let text = "";
    for await (const chunk of req) text += chunk;
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return [401, { message: "Bad credentials" }];
    if (req.headers.accept !== "application/vnd.github+json") return [415, { message: "Accept" }];
    const list = new RegExp(`^/repos/${REPO}/issues/${PR}/comments$`);
    const one = new RegExp(`^/repos/${REPO}/issues/comments/(\\d+)$`);
    if (req.method === "GET" && list.test(url.pathname)) {
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const page = Number(url.searchParams.get("page") ?? 1);
      return [200, this.comments.slice((page - 1) * perPage, page * perPage)];
    }
    if (req.method === "POST" && list.test(url.pathname)) {
      if (this.refuseWrites) return [403, { message: "Resource not accessible by integration" }];
      return [201, this.add((JSON.parse(text) as { body: string }).body, "github-actions[bot]")];
    }
    const m = one.exec(url.pathname);
    if (req.method === "PATCH" && m) {
      if (this.refuseWrites) return [403, { message: "Resource not accessible by integration" }];
      const c = this.comments.find((x) => x.id === Number(m[1]));
      if (!c) return [404, { message: "Not Found" }];
      c.body = (JSON.parse(text) as { body: string }).body;
      return [200, c];
    }
    return [404, { message: `no route ${req.method} ${url.pathname}` }];
  }

  ours(): Comment[] {
    return this.comments.filter((c) => c.body.startsWith("<!-- dealspec-diff -->"));
  }
}

// ---------------------------------------------------------------- running the steps

/** Fills in the `${{ }}` expressions the action may use; any other is a failure of the test. */
function expand(value: string, inputs: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    if (expr === "github.action_path") return ROOT;
    if (expr === "github.token") return TOKEN;
    const input = /^inputs\.([\w-]+)$/.exec(expr);
    if (input && input[1]! in inputs) return inputs[input[1]!]!;
    throw new Error(`action.yml uses an expression the test does not know: ${expr}`);
  });
}

interface StepResult {
  name: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Omit<StepResult, "name">> {
  return new Promise((resolve) => {
    // As GitHub runs `shell: bash`.
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the action's steps in a checkout, as a pull-request job would; stops at the first failing step, as GitHub does. */
async function runAction(cwd: string, api: string, given: Record<string, string> = {}): Promise<{ steps: StepResult[]; summary: string; output: string }> {
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = given[name] ?? expand(spec.default ?? "", {});
  const temp = mkdtempSync(path.join(tmpdir(), "dealspec-runner-"));
  const event = path.join(temp, "event.json");
  writeFileSync(event, JSON.stringify({ pull_request: { number: PR } }));
  const summary = path.join(temp, "summary.md");
  const output = path.join(temp, "output.txt");
  writeFileSync(summary, "");
  writeFileSync(output, "");
  const steps: StepResult[] = [];
  for (const step of action.runs.steps) {
    assert.equal(step.uses, undefined, "the action runs its own steps only");
    assert.equal(step.if, undefined, "no step condition: each step decides in bash");
    assert.equal(step.shell, "bash");
    const env = cleanEnv({
      GITHUB_ACTIONS: "true",
      GITHUB_API_URL: api,
      GITHUB_REPOSITORY: REPO,
      GITHUB_EVENT_NAME: "pull_request",
      GITHUB_EVENT_PATH: event,
      GITHUB_BASE_REF: "main",
      GITHUB_HEAD_REF: "feature",
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: temp,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v), inputs)])),
    });
    const r = await bash(step.run!, cwd, env);
    steps.push({ name: step.name, ...r });
    if (r.code !== 0) break;
  }
  return { steps, summary: readFileSync(summary, "utf8"), output: readFileSync(output, "utf8") };
}

/** A clone on a pull-request branch: `origin/main` has the deals and the policies, the branch changes deal `a`. */
function pullRequest(amount: string): string {
  const origin = gitRepo({
    "dealspec.config.yaml": "policies:\n  - figure: total\n    max_increase: 5%\n    severity: error\n",
    "deals/a.deal.yaml": deal("a"),
    "deals/b.deal.yaml": deal("b"),
  });
  const parent = tempDir();
  git(parent, "clone", "-q", origin, "work");
  const dir = path.join(parent, "work");
  git(dir, "checkout", "-q", "-b", "feature");
  writeFileSync(path.join(dir, "deals/a.deal.yaml"), deal("a", "    basis: assumed\n").replace("amount: $1M", `amount: ${amount}`));
  return dir;
}

describe("action.yml (composite GitHub Action)", () => {
  let github: FakeGitHub;
  let api: string;
  before(async () => {
    github = new FakeGitHub();
    api = await github.start();
  });
  after(() => github.stop());

  it("is a composite action of bash steps that run the committed CLI bundle", () => {
    assert.equal(action.runs.using, "composite");
    const runs = action.runs.steps.map((s) => `${JSON.stringify(s.env ?? {})}\n${s.run}`).join("\n");
    assert.match(runs, /\$\{\{ github\.action_path \}\}\/dist\/cli\.js/);
    assert.doesNotMatch(runs, /npm (ci|install)|npx /, "no install step: the bundle is in the repository");
  });

  it("lints with annotations, posts the comment, then updates the same comment on the next push", async () => {
    const dir = pullRequest("$1.1M");
    const first = await runAction(dir, api);
    const names = first.steps.map((s) => `${s.name}: ${s.code}`);
    assert.deepEqual(names, [
      "Lint deal and portfolio files: 0",
      "Compare with the base and check the policies: 0",
      "Create or update the pull-request comment: 0",
      "Fail on errors and breached policies: 1",
    ], first.steps.map((s) => s.stdout + s.stderr).join("\n"));
    const [lint, compare, comment, verdict] = first.steps as [StepResult, StepResult, StepResult, StepResult];
    assert.match(lint.stdout, /^::warning file=deals\/a\.deal\.yaml,line=10,col=12,.*title=DS306::/m);
    assert.match(compare.stdout, /^::error file=deals\/a\.deal\.yaml,line=6,col=1,endLine=6,endColumn=5,title=DS821::`total` rose by/m);
    assert.match(comment.stdout, /^Created https:\/\/github\.example\/acme\/deals\/pull\/7#issuecomment-\d+$/m);
    assert.match(verdict.stdout, /::error title=dealspec::dealspec diff exited with 1/);
    assert.match(first.summary, /^<!-- dealspec-diff -->/);
    assert.match(first.output, /^url=https:\/\/github\.example\/acme\/deals\/pull\/7#issuecomment-\d+$/m);
    assert.equal(github.ours().length, 1);
    const [posted] = github.ours();
    assert.match(posted!.body, /\*\*1 policy breach\*\* \(1 error\)/);
    assert.match(posted!.body, /^\| total \| \$12,000,000\.00 \| \$13,200,000\.00 \| \+\$1,200,000\.00 \(\+10\.00%\) \|$/m);
    assert.ok(github.requests.includes(`GET /repos/${REPO}/issues/${PR}/comments?per_page=100&page=2`), "the comments are listed page by page");

    // The next push: the change now stays within the policy.
    writeFileSync(path.join(dir, "deals/a.deal.yaml"), deal("a").replace("amount: $1M", "amount: $1.04M"));
    const before = github.requests.length;
    const second = await runAction(dir, api);
    assert.deepEqual(second.steps.map((s) => s.code), [0, 0, 0, 0], second.steps.map((s) => s.stdout + s.stderr).join("\n"));
    assert.match(second.steps[2]!.stdout, /^Updated https:\/\/github\.example\/acme\/deals\/pull\/7#issuecomment-\d+$/m);
    const calls = github.requests.slice(before);
    assert.deepEqual(calls.filter((c) => !c.startsWith("GET")), [`PATCH /repos/${REPO}/issues/comments/${posted!.id}`]);
    assert.equal(github.ours().length, 1, "one comment, updated");
    assert.equal(github.ours()[0]!.id, posted!.id);
    assert.match(github.ours()[0]!.body, /No policy breached \(1 policy checked\)/);
    assert.match(github.ours()[0]!.body, /\+\$480,000\.00 \(\+4\.00%\)/);
  });

  it("leaves the comment alone with `comment: false`, and only warns when the token may not write", async () => {
    const dir = pullRequest("$1.02M");
    const before = github.requests.length;
    const quiet = await runAction(dir, api, { comment: "false" });
    assert.deepEqual(quiet.steps.map((s) => s.code), [0, 0, 0, 0]);
    assert.equal(github.requests.length, before, "no API call");
    github.refuseWrites = true;
    try {
      const fork = await runAction(dir, api);
      assert.equal(fork.steps[2]!.code, 0);
      assert.match(fork.steps[2]!.stdout, /^::warning title=dealspec comment::could not write the comment \(403\)/m);
    } finally {
      github.refuseWrites = false;
    }
  });
});
