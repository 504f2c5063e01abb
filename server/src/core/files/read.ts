/**
 * Reading a deal, portfolio or configuration file by the file policy: at most
 * `MAX_FILE_BYTES`, no NUL byte, UTF-8 (a byte order mark dropped); anything
 * else is "cannot read" with the reason.
 */
import { canonicalLocation } from "../portfolio/uri";
import { ask, isProblem, problemText, runAsync, runSync, type AsyncFileSystem, type FileSystem, type Problem, type Program } from "./host";
import { groupDigits } from "../money";

/** Files larger than this many bytes are not read (the engine reads up to 8 Mi characters). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/**
 * A file's text, or why it cannot be read (`missing` when there is no such
 * file; `code` when the bytes are there but are not a deal file's text:
 * DS104 too large, DS110 not UTF-8 text).
 */
export type TextRead =
  | { readonly text: string; readonly size: number; readonly mtime: number }
  | { readonly problem: string; readonly missing?: boolean; readonly code?: "DS104" | "DS110" };

function thousands(n: number): string {
  return groupDigits(String(n));
}

function tooLarge(name: string, size: number): string {
  return `${name} is ${thousands(size)} bytes, over the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit for deal files: split it into several deals`;
}

/** Checks that bytes are a deal file's text: within the size limit, not binary, UTF-8. `name` is the file as messages show it. */
export function decodeFileBytes(
  name: string,
  bytes: Uint8Array,
  decode: (bytes: Uint8Array) => string | undefined,
): { readonly text: string } | { readonly problem: string; readonly code: "DS104" | "DS110" } {
  if (bytes.length > MAX_FILE_BYTES) return { problem: tooLarge(name, bytes.length), code: "DS104" };
  const utf16 = utf16Kind(bytes);
  if (utf16) return { problem: `${name} is ${utf16} text, not UTF-8: save it as UTF-8`, code: "DS110" };
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { problem: `${name} is a binary file (a NUL byte on line ${lineAt(bytes, nul)}), not a deal file`, code: "DS110" };
  const text = decode(bytes);
  if (text !== undefined) return { text };
  const bad = firstInvalidUtf8(bytes);
  return {
    problem: `${name} is not UTF-8 text: the byte 0x${bytes[bad]!.toString(16).toUpperCase().padStart(2, "0")} on line ${lineAt(bytes, bad)} is not UTF-8 (a Latin-1 or Windows-1252 file?): save it as UTF-8`,
    code: "DS110",
  };
}

/** `UTF-16` (with its byte order) when the bytes start with a UTF-16 byte order mark, or read as ASCII in UTF-16 without one. */
function utf16Kind(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "UTF-16 (little-endian, with a byte order mark)";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "UTF-16 (big-endian, with a byte order mark)";
  // Without a mark: text of ASCII characters has a NUL in every other byte.
  const pairs = Math.min(bytes.length >> 1, 256);
  if (pairs < 2) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) even++;
    if (bytes[2 * i + 1] === 0) odd++;
  }
  if (odd === pairs && even === 0) return "UTF-16 (little-endian)";
  if (even === pairs && odd === 0) return "UTF-16 (big-endian)";
  return undefined;
}

/** The 1-based line of a byte offset. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return line;
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence (the decoder said there is one). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= bytes.length || (bytes[i + k]! & 0xc0) !== 0x80) return i;
    // Overlong, surrogate and out-of-range forms the decoder also rejects.
    const c1 = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && c1 < 0xa0) || (b === 0xed && c1 >= 0xa0) || (b === 0xf0 && c1 < 0x90) || (b === 0xf4 && c1 >= 0x90)) return i;
    i += n + 1;
  }
  return 0;
}

function* readProgram(location: string, name: string, decode: (bytes: Uint8Array) => string | undefined): Program<TextRead> {
  const cannot = (p: Problem): TextRead => ({ problem: `cannot read ${name}: ${problemText(p)}`, ...(p.problem === "missing" ? { missing: true } : {}) });
  const stat = yield* ask("stat", location);
  if (isProblem(stat)) return cannot(stat);
  if (stat.type === "folder") return cannot({ problem: "folder" });
  if (stat.size > MAX_FILE_BYTES) return { problem: tooLarge(name, stat.size), code: "DS104" };
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
