/**
 * Which deal files `dealspec diff` compares on each side, by the file policy
 * (docs/cli.md#which-files): the arguments' scope, and the deal files of a
 * commit's tree as the working tree would show them.
 */
import * as path from "node:path";
import { folderGlob, globHolds, globIn, isGlob, isProblem, type IncludeGlob } from "../core";
import { nodeFileSystem } from "../node/host";
import { DEAL_FILE, locationOf } from "./files";
import type { TreeFile } from "./git";

/** True when a file exists in the working tree at `arg` (relative to cwd). */
export function existsNow(arg: string, cwd: string): boolean {
  return !isProblem(nodeFileSystem.stat(locationOf(arg, cwd)));
}

/**
 * The compared set, as a test of a path relative to cwd: what the arguments
 * hold by the file policy (as `resolveTargets` finds them in the working
 * tree), where a path that is gone from the working tree may name a file or a
 * folder.
 */
export function scopeOf(args: readonly string[], cwd: string): (file: string) => boolean {
  const here = locationOf(".", cwd);
  const named = new Set<string>();
  const globs: IncludeGlob[] = [];
  if (args.length === 0) globs.push(folderGlob(here));
  for (const arg of args) {
    if (isGlob(arg) && !existsNow(arg, cwd)) {
      globs.push(globIn(here, arg));
    } else {
      named.add(locationOf(arg, cwd));
      globs.push(folderGlob(locationOf(arg, cwd)));
    }
  }
  return (file) => {
    const location = locationOf(file, cwd);
    return named.has(location) || globs.some((g) => globHolds(g, location));
  };
}

/**
 * The deal files of a commit's tree that `keep` keeps, as the working tree
 * would show them: a symbolic link to a file in the tree stands for that file
 * (a link out of the repository is left out), and a file reached twice counts
 * once, under its first path.
 */
export function baseDealFiles(tree: readonly TreeFile[], linkTargets: ReadonlyMap<string, Uint8Array>, keep: (path: string) => boolean): { path: string; blob: string }[] {
  const byPath = new Map(tree.map((f) => [f.path, f]));
  const target = (start: TreeFile): string | undefined => {
    let f: TreeFile | undefined = start;
    for (let hops = 0; f && hops < 40; hops++) {
      if (!f.link) return f.path;
      const to = linkTargets.get(f.path);
      if (!to) return undefined;
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(f.path), Buffer.from(to).toString("utf8")));
      if (resolved.startsWith("../") || resolved.startsWith("/")) return undefined;
      f = byPath.get(resolved);
    }
    return undefined;
  };
  const out: { path: string; blob: string }[] = [];
  const seen = new Set<string>();
  for (const f of tree) {
    if (!DEAL_FILE.test(f.path) || !keep(f.path)) continue;
    const blob = target(f);
    if (blob === undefined || seen.has(blob)) continue;
    seen.add(blob);
    out.push({ path: f.path, blob });
  }
  return out;
}
