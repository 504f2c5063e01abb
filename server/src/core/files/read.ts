/**
 * Reading a deal, portfolio or configuration file by the file policy: at most
 * `MAX_FILE_BYTES`, no NUL byte, UTF-8 (a byte order mark dropped); anything
 * else is "cannot read" with the reason.
 */
import { canonicalLocation } from "../portfolio/uri";
import { ask, isProblem, problemText, runAsync, runSync, type AsyncFileSystem, type FileSystem, type Problem, type Program } from "./host";

/** Files larger than this many bytes are not read (the engine reads up to 8 Mi characters). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** A file's text, or why it cannot be read (`missing` when there is no such file). */
export type TextRead = { readonly text: string; readonly size: number; readonly mtime: number } | { readonly problem: string; readonly missing?: boolean };

function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function tooLarge(name: string, size: number): string {
  return `${name} is ${thousands(size)} bytes, over the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit for deal files: split it into several deals`;
}

/** Checks that bytes are a deal file's text: within the size limit, not binary, UTF-8. `name` is the file as messages show it. */
export function decodeFileBytes(name: string, bytes: Uint8Array, decode: (bytes: Uint8Array) => string | undefined): { readonly text: string } | { readonly problem: string } {
  if (bytes.length > MAX_FILE_BYTES) return { problem: tooLarge(name, bytes.length) };
  if (bytes.indexOf(0) >= 0) return { problem: `${name} is a binary file (it contains a NUL byte), not a deal file` };
  const text = decode(bytes);
  return text === undefined ? { problem: `${name} is not UTF-8 text: save it as UTF-8` } : { text };
}

function* readProgram(location: string, name: string, decode: (bytes: Uint8Array) => string | undefined): Program<TextRead> {
  const cannot = (p: Problem): TextRead => ({ problem: `cannot read ${name}: ${problemText(p)}`, ...(p.problem === "missing" ? { missing: true } : {}) });
  const stat = yield* ask("stat", location);
  if (isProblem(stat)) return cannot(stat);
  if (stat.type === "folder") return cannot({ problem: "folder" });
  if (stat.size > MAX_FILE_BYTES) return { problem: tooLarge(name, stat.size) };
  const bytes = yield* ask("read", location);
  if (isProblem(bytes)) return cannot(bytes);
  const decoded = decodeFileBytes(name, bytes, decode);
  return "text" in decoded ? { text: decoded.text, size: stat.size, mtime: stat.mtime } : decoded;
}

/** Reads a deal or portfolio file with the policy's checks. `name` is the file as messages show it (default: the location). */
export function readText(fs: FileSystem, location: string, name = location): TextRead {
  return runSync(readProgram(location, name, (b) => fs.decode(b)), fs);
}

export function readTextAsync(fs: AsyncFileSystem, location: string, name = location): Promise<TextRead> {
  return runAsync(readProgram(location, name, (b) => fs.decode(b)), fs);
}

/** The real location of a file (links resolved), canonical; the location itself when it cannot be resolved. */
export function realLocation(fs: FileSystem, location: string): string {
  const r = runSync(ask("realpath", location), fs);
  return typeof r === "string" ? canonicalLocation(r) : canonicalLocation(location);
}
