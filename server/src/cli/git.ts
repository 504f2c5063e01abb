/** The few git operations `dealspec diff` needs, through the git command. */
import { spawnSync } from "node:child_process";

/** A git problem worth a clear message (exit 2), not a stack trace. */
export class GitError extends Error {}

interface GitResult {
  readonly ok: boolean;
  readonly stdout: Buffer;
  readonly stderr: string;
}

function git(args: readonly string[], cwd: string, input?: string): GitResult {
  const r = spawnSync("git", args, { cwd, input, maxBuffer: 1024 * 1024 * 1024, env: { ...process.env, GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" } });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new GitError(code === "ENOENT" ? "dealspec diff needs git, and no `git` command was found on PATH" : `could not run git: ${r.error.message}`);
  }
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr.toString("utf8").trim() };
}

const text = (r: GitResult) => r.stdout.toString("utf8").trim();

/** The top folder of the work tree holding `cwd`. */
export function repoRoot(cwd: string): string {
  const r = git(["rev-parse", "--show-toplevel"], cwd);
  if (!r.ok) throw new GitError(`${cwd} is not inside a git work tree: dealspec diff compares a git revision with the working tree`);
  return text(r);
}

export function isShallow(root: string): boolean {
  return text(git(["rev-parse", "--is-shallow-repository"], root)) === "true";
}

/** The commit a revision names, if it is in this clone. */
export function resolveCommit(root: string, rev: string): string | undefined {
  if (rev.startsWith("-")) return undefined;
  const r = git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], root);
  return r.ok ? text(r) : undefined;
}

/** The default branch as a revision: origin's HEAD, else origin/main, origin/master, main or master. */
export function defaultBranch(root: string): string | undefined {
  const head = git(["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"], root);
  if (head.ok) {
    const ref = text(head).replace(/^refs\/remotes\//, "");
    if (resolveCommit(root, ref)) return ref;
  }
  return ["origin/main", "origin/master", "main", "master"].find((b) => resolveCommit(root, b) !== undefined);
}

export function mergeBase(root: string, a: string, b: string): string | undefined {
  const r = git(["merge-base", a, b], root);
  return r.ok ? text(r) : undefined;
}

export interface TreeFile {
  /** Relative to the root, with `/`. */
  readonly path: string;
  /** A symbolic link: its blob is the path it points to. */
  readonly link: boolean;
}

/** Every file (blob) in a commit's tree, in git's path order. */
export function listFiles(root: string, commit: string): TreeFile[] {
  const r = git(["ls-tree", "-r", "-z", "--full-tree", commit], root);
  if (!r.ok) throw new GitError(`git could not list the files of ${commit}: ${r.stderr}`);
  const out: TreeFile[] = [];
  for (const line of r.stdout.toString("utf8").split("\0")) {
    // <mode> SP <type> SP <object> TAB <path>
    const m = /^(\d+) (\w+) [0-9a-f]+\t(.*)$/s.exec(line);
    if (m && m[2] === "blob") out.push({ path: m[3]!, link: m[1] === "120000" });
  }
  return out;
}

/** The contents of files at a commit (paths relative to the root), read in one git process. */
export function readFiles(root: string, commit: string, paths: readonly string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (paths.length === 0) return out;
  const r = git(["cat-file", "--batch"], root, paths.map((p) => `${commit}:${p}\n`).join(""));
  if (!r.ok) throw new GitError(`git could not read files at ${commit}: ${r.stderr}`);
  const buf = r.stdout;
  let pos = 0;
  for (const p of paths) {
    const nl = buf.indexOf(10, pos);
    if (nl < 0) break;
    const header = buf.toString("utf8", pos, nl);
    pos = nl + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) continue; // "<object> missing"
    const size = Number(m[2]);
    if (m[1] === "blob") out.set(p, buf.subarray(pos, pos + size));
    pos += size + 1;
  }
  return out;
}

export function shortCommit(commit: string): string {
  return commit.slice(0, 7);
}
