/**
 * The command line's files: its arguments resolved by the file policy
 * (`core/files.ts`) over the Node host, as paths relative to the working
 * folder, and deal files read with the policy's checks.
 */
import * as path from "node:path";
import { decodeFileBytes, fileKindOf, readText, resolveTargets as resolve, type IncludedKind, type TextRead } from "../core";
import { locationOfPath, nodeFileSystem, pathOfLocation } from "../node/host";

export { MAX_FILE_BYTES } from "../core";

export const DEAL_FILE = /\.deal\.ya?ml$/;

/** What a file on the command line is, by its name: a portfolio file, else a deal file. */
export function kindOf(file: string): "deal" | "portfolio" {
  return fileKindOf(file.split(path.sep).join("/")) === "portfolio" ? "portfolio" : "deal";
}

/** The location of a path (relative paths against `cwd`). */
export function locationOf(file: string, cwd: string): string {
  return locationOfPath(path.resolve(cwd, file));
}

/** A location as the CLI shows it: relative to the working folder, else absolute. */
export function displayPath(location: string, cwd: string): string {
  const p = pathOfLocation(location) ?? location;
  return path.relative(cwd, p) || p;
}

export interface Resolution {
  readonly files: string[];
  /** The files named one by one on the command line (not found in a folder or by a glob). */
  readonly explicit: ReadonlySet<string>;
  /** Arguments that named nothing, with the reason. */
  readonly problems: { readonly arg: string; readonly message: string }[];
}

/**
 * Expands arguments to files, in argument order, each file once (a file and
 * a link to it are one file). Folders (and no argument: the working folder)
 * give their deal files, and their portfolio files too with `portfolios`;
 * a file named on its own is taken whatever its name. See docs/cli.md#which-files.
 */
export function resolveTargets(args: readonly string[], cwd: string, options: { readonly portfolios?: boolean } = {}): Resolution {
  const kinds: IncludedKind[] = options.portfolios ? ["deal", "portfolio"] : ["deal"];
  const r = resolve(nodeFileSystem, locationOfPath(path.resolve(cwd)), args, kinds);
  const files = r.files.map((f) => displayPath(f.location, cwd));
  const explicit = new Set(r.files.filter((f) => f.explicit).map((f) => displayPath(f.location, cwd)));
  return { files, explicit, problems: [...r.problems] };
}

/** A file's text, or why it cannot be read (`missing` when there is no such file). */
export type ReadResult = { readonly text: string } | { readonly problem: string; readonly missing?: boolean; readonly code?: "DS104" | "DS110" };

/** Checks that bytes (a file at a git revision) are a deal file's text: within the size limit, not binary, UTF-8. */
export function decodeDealBytes(file: string, bytes: Uint8Array): ReadResult {
  return decodeFileBytes(file, bytes, nodeFileSystem.decode);
}

/** Reads a deal file from disk with the policy's checks. Never throws. */
export function readDealFile(file: string, cwd: string): ReadResult {
  return textOnly(readText(nodeFileSystem, locationOf(file, cwd), file));
}

function textOnly(r: TextRead): ReadResult {
  return "text" in r ? { text: r.text } : r;
}
