/** Finding deal files from the command line's paths, folders and globs. */
import { statSync } from "node:fs";
import * as path from "node:path";
import { globSync, isDynamicPattern } from "tinyglobby";

export const DEAL_FILE = /\.deal\.ya?ml$/;
export const DEAL_GLOBS = ["**/*.deal.yaml", "**/*.deal.yml"];
const IGNORE = ["**/node_modules/**", "**/.git/**"];

export interface Target {
  readonly file: string;
}

export interface Resolution {
  readonly files: string[];
  /** Arguments that named nothing, with the reason. */
  readonly problems: { readonly arg: string; readonly message: string }[];
}

/** Expands arguments to deal files, in argument order, each file once. */
export function resolveTargets(args: readonly string[], cwd: string): Resolution {
  const files: string[] = [];
  const seen = new Set<string>();
  const problems: Resolution["problems"] = [];
  const add = (f: string) => {
    const abs = path.resolve(cwd, f);
    if (!seen.has(abs)) {
      seen.add(abs);
      files.push(path.relative(cwd, abs) || f);
    }
  };
  const inFolder = (dir: string) => globSync(DEAL_GLOBS, { cwd: dir, ignore: IGNORE, absolute: true, dot: false }).sort();
  if (args.length === 0) {
    for (const f of inFolder(cwd)) add(f);
    return { files, problems };
  }
  for (const arg of args) {
    let stat;
    try {
      stat = statSync(path.resolve(cwd, arg));
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const found = inFolder(path.resolve(cwd, arg));
      if (found.length === 0) problems.push({ arg, message: `no deal files (*.deal.yaml, *.deal.yml) in folder ${arg}` });
      found.forEach(add);
    } else if (stat) {
      add(arg);
    } else if (isDynamicPattern(arg)) {
      const found = globSync([arg], { cwd, ignore: IGNORE, absolute: true }).sort();
      if (found.length === 0) problems.push({ arg, message: `no file matches ${arg}` });
      found.forEach(add);
    } else {
      problems.push({ arg, message: `no such file or folder: ${arg}` });
    }
  }
  return { files, problems };
}
