/**
 * The Node host of the file policy (`core/files.ts`): `file:` locations over
 * `node:fs`, for the command line and the language server's Node entry
 * (`server.ts`). The only module that turns locations into file-system paths
 * for both; another platform (a browser build over VS Code's `workspace.fs`)
 * passes its own host instead.
 */
import { promises as fsp, readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { canonicalLocation, type AsyncFileSystem, type DirEntry, type FileStat, type FileSystem, type Problem } from "../core";
import { decodeUtf8 } from "../utf8";

/** The canonical `file:` location of an absolute path (the form the core writes and VS Code sends). */
export function locationOfPath(p: string): string {
  return canonicalLocation(pathToFileURL(p).href);
}

/** The file-system path of a `file:` location, or undefined for other schemes. */
export function pathOfLocation(location: string): string | undefined {
  if (!location.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(location);
  } catch {
    return undefined;
  }
}

function problemOf(e: unknown): Problem {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
    case "ENOTDIR":
      return { problem: "missing" };
    case "EACCES":
    case "EPERM":
      return { problem: "denied" };
    case "EISDIR":
      return { problem: "folder" };
    case "ELOOP":
      return { problem: "loop" };
    default:
      return { problem: "other", detail: code ?? (e instanceof Error ? e.message : String(e)) };
  }
}

const NOT_A_FILE_LOCATION: Problem = { problem: "missing" };

function entryOf(e: Dirent): DirEntry {
  return { name: e.name, type: e.isSymbolicLink() ? "link" : e.isDirectory() ? "folder" : e.isFile() ? "file" : "other" };
}

function statOf(s: Stats): FileStat {
  return { type: s.isFile() ? "file" : s.isDirectory() ? "folder" : "other", size: s.size, mtime: s.mtimeMs };
}


/** Runs `f` on the path of a `file:` location; a problem for other schemes and on any error. */
function onPath<T>(location: string, f: (p: string) => T): T | Problem {
  const p = pathOfLocation(location);
  if (p === undefined) return NOT_A_FILE_LOCATION;
  try {
    return f(p);
  } catch (e) {
    return problemOf(e);
  }
}

async function onPathAsync<T>(location: string, f: (p: string) => Promise<T>): Promise<T | Problem> {
  const p = pathOfLocation(location);
  if (p === undefined) return NOT_A_FILE_LOCATION;
  try {
    return await f(p);
  } catch (e) {
    return problemOf(e);
  }
}

export const nodeFileSystem: FileSystem = {
  list: (folder) => onPath(folder, (p) => readdirSync(p, { withFileTypes: true }).map(entryOf)),
  stat: (location) => onPath(location, (p) => statOf(statSync(p))),
  read: (location) => onPath(location, (p) => readFileSync(p)),
  realpath: (location) => onPath(location, (p) => locationOfPath(realpathSync(p))),
  decode: decodeUtf8,
};

export const nodeAsyncFileSystem: AsyncFileSystem = {
  list: (folder) => onPathAsync(folder, async (p) => (await fsp.readdir(p, { withFileTypes: true })).map(entryOf)),
  stat: (location) => onPathAsync(location, async (p) => statOf(await fsp.stat(p))),
  read: (location) => onPathAsync(location, (p) => fsp.readFile(p)),
  realpath: (location) => onPathAsync(location, async (p) => locationOfPath(await fsp.realpath(p))),
  decode: decodeUtf8,
};
