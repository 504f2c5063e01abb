/**
 * The file-system `PortfolioHost` of the command line (docs/portfolio.md):
 * locations are `file://` URIs, each file is read once per host (so once per
 * run), and each deal is analyzed once, whether it is linted itself, reached
 * by a portfolio, or both. The tests use it too.
 */
import { readdirSync, statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cachingHost, canonicalLocation, type CachingHost } from "../core";
import { readDealFile, type ReadResult } from "./files";

/** Folders no include reaches into. */
const SKIP = new Set(["node_modules", ".git"]);

/** The canonical `file://` location of a path (relative paths against `cwd`). */
export function fileLocation(file: string, cwd = process.cwd()): string {
  return canonicalLocation(pathToFileURL(path.resolve(cwd, file)).href);
}

/** The absolute path of a `file://` location. */
export function locationPath(location: string): string {
  return fileURLToPath(location);
}

export interface FileHost extends CachingHost {
  /** A file's text, or why it cannot be read (missing, too large, binary, not UTF-8); read once per host. */
  read(location: string): ReadResult;
  /** The path of a location as the CLI shows it: relative to the working folder. */
  display(location: string): string;
  /** The files that exist but could not be read, with the reason, in the order they were met. */
  unreadable(): ReadonlyMap<string, string>;
}

/** Every file below `dir`, at most `depth` folder levels down, as locations; symbolic links to files count. */
function* walk(dir: string, depth: number): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (depth > 1 && !SKIP.has(e.name)) yield* walk(full, depth - 1);
    } else if (e.isFile() || (e.isSymbolicLink() && statSync(full, { throwIfNoEntry: false })?.isFile())) {
      yield pathToFileURL(full).href;
    }
  }
}

/**
 * A host over the file system for one run: texts are read once and kept, so
 * a file that changes during the run is seen as it was first read.
 */
export function fileHost(cwd = process.cwd()): FileHost {
  const texts = new Map<string, ReadResult>();
  const unreadable = new Map<string, string>();
  const display = (location: string) => path.relative(cwd, locationPath(location)) || locationPath(location);
  const read = (location: string): ReadResult => {
    const key = canonicalLocation(location);
    let r = texts.get(key);
    if (r === undefined) {
      r = readDealFile(display(key), cwd);
      texts.set(key, r);
      if ("problem" in r && !r.missing) unreadable.set(key, r.problem);
    }
    return r;
  };
  const host = cachingHost({
    readText: (location) => {
      const r = read(location);
      return "text" in r ? r.text : undefined;
    },
    listFiles: (folder, depth) => walk(locationPath(folder), depth),
  });
  return Object.assign(host, { read, display, unreadable: () => unreadable });
}
