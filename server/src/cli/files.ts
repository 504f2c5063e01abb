/** Finding deal and portfolio files from the command line's paths, folders and globs. */
import { readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { globSync, isDynamicPattern } from "tinyglobby";

export const DEAL_FILE = /\.deal\.ya?ml$/;
export const DEAL_GLOBS = ["**/*.deal.yaml", "**/*.deal.yml"];
export const PORTFOLIO_FILE = /\.portfolio\.ya?ml$/;
export const PORTFOLIO_GLOBS = ["**/*.portfolio.yaml", "**/*.portfolio.yml"];

/** What a file on the command line is, by its name: a portfolio file, else a deal file. */
export function kindOf(file: string): "deal" | "portfolio" {
  return PORTFOLIO_FILE.test(file) ? "portfolio" : "deal";
}
const IGNORE = ["**/node_modules/**", "**/.git/**"];

export interface Resolution {
  readonly files: string[];
  /** The files named one by one on the command line (not found in a folder or by a glob). */
  readonly explicit: ReadonlySet<string>;
  /** Arguments that named nothing, with the reason. */
  readonly problems: { readonly arg: string; readonly message: string }[];
}

/**
 * Expands arguments to files, in argument order, each file once. Folders (and
 * no argument: the working folder) give their deal files, and their portfolio
 * files too with `portfolios`; a file named on its own is taken whatever its name.
 */
export function resolveTargets(args: readonly string[], cwd: string, options: { readonly portfolios?: boolean } = {}): Resolution {
  const files: string[] = [];
  const seen = new Set<string>();
  const problems: Resolution["problems"] = [];
  const explicit = new Set<string>();
  const add = (f: string) => {
    const abs = path.resolve(cwd, f);
    if (!seen.has(abs)) {
      seen.add(abs);
      files.push(path.relative(cwd, abs) || f);
    }
    return path.relative(cwd, abs) || f;
  };
  const globs = options.portfolios ? [...DEAL_GLOBS, ...PORTFOLIO_GLOBS] : DEAL_GLOBS;
  const inFolder = (dir: string) => globSync(globs, { cwd: dir, ignore: IGNORE, absolute: true, dot: false }).sort();
  const what = options.portfolios ? "deal or portfolio files (*.deal.yaml, *.deal.yml, *.portfolio.yaml, *.portfolio.yml)" : "deal files (*.deal.yaml, *.deal.yml)";
  if (args.length === 0) {
    for (const f of inFolder(cwd)) add(f);
    return { files, explicit, problems };
  }
  for (const arg of args) {
    let stat;
    try {
      stat = statSync(path.resolve(cwd, arg));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") {
        problems.push({ arg, message: `cannot read ${arg}: ${ioReason(e)}` });
        continue;
      }
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const found = inFolder(path.resolve(cwd, arg));
      if (found.length === 0) problems.push({ arg, message: `no ${what} in folder ${arg}` });
      found.forEach(add);
    } else if (stat) {
      explicit.add(add(arg));
    } else if (isDynamicPattern(arg)) {
      const found = globSync([arg], { cwd, ignore: IGNORE, absolute: true }).sort();
      if (found.length === 0) problems.push({ arg, message: `no file matches ${arg}` });
      found.forEach(add);
    } else {
      problems.push({ arg, message: `no such file or folder: ${arg}` });
    }
  }
  return { files, explicit, problems };
}

/** Deal files larger than this many bytes are not read (the engine reads up to 8 Mi characters). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** A file's text, or why it cannot be read (`missing` when there is no such file). */
export type ReadResult = { readonly text: string } | { readonly problem: string; readonly missing?: boolean };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Checks that bytes are a deal file's text: not binary, valid UTF-8, within the size limit. */
export function decodeDealBytes(file: string, bytes: Uint8Array): ReadResult {
  if (bytes.length > MAX_FILE_BYTES) {
    return { problem: `${file} is ${bytes.length.toLocaleString("en-US")} bytes, over the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit for deal files: split it into several deals` };
  }
  if (bytes.indexOf(0) >= 0) return { problem: `${file} is a binary file (it contains a NUL byte), not a deal file` };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { problem: `${file} is not UTF-8 text: save it as UTF-8` };
  }
}

function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "it is a folder";
    case "ELOOP":
      return "a loop of symbolic links";
    default:
      return code ?? (e as Error).message;
  }
}

/** Reads a deal file from disk with the checks of `decodeDealBytes`. Never throws. */
export function readDealFile(file: string, cwd: string): ReadResult {
  const abs = path.resolve(cwd, file);
  try {
    const size = statSync(abs).size;
    if (size > MAX_FILE_BYTES) {
      return { problem: `${file} is ${size.toLocaleString("en-US")} bytes, over the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit for deal files: split it into several deals` };
    }
    return decodeDealBytes(file, readFileSync(abs));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { problem: `cannot read ${file}: ${ioReason(e)}`, ...(code === "ENOENT" || code === "ENOTDIR" ? { missing: true } : {}) };
  }
}
