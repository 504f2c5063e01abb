/**
 * The file-system `PortfolioHost` of the command line (docs/portfolio.md):
 * locations are `file://` URIs, folders are listed and files read by the file
 * policy (`core/files.ts`) over the Node host, each file is read once per host
 * (so once per run), and each deal is analyzed once, whether it is linted
 * itself, reached by a portfolio, or both. The tests use it too.
 */
import * as path from "node:path";
import { cachingHost, canonicalLocation, listFolder, readText, realLocation, type CachingHost, type FileSystem } from "../core";
import { nodeFileSystem, pathOfLocation } from "../node/host";
import { displayPath, locationOf, type ReadResult } from "./files";

/** The canonical `file://` location of a path (relative paths against `cwd`). */
export function fileLocation(file: string, cwd = process.cwd()): string {
  return locationOf(file, cwd);
}

/** The absolute path of a `file://` location. */
export function locationPath(location: string): string {
  return pathOfLocation(location) ?? location;
}

export interface FileHost extends CachingHost {
  /** A file's text, or why it cannot be read (missing, too large, binary, not UTF-8); read once per host. */
  read(location: string): ReadResult;
  /** The path of a location as the CLI shows it: relative to the working folder. */
  display(location: string): string;
  /** The files that exist but could not be read, with the reason, in the order they were met. */
  unreadable(): ReadonlyMap<string, string>;
}

/**
 * A host over the file system for one run: texts are read once and kept, so
 * a file that changes during the run is seen as it was first read.
 */
export function fileHost(cwd = process.cwd(), fs: FileSystem = nodeFileSystem): FileHost {
  const base = path.resolve(cwd);
  const texts = new Map<string, ReadResult>();
  const reals = new Map<string, string>();
  const unreadable = new Map<string, string>();
  const display = (location: string) => displayPath(location, base);
  const read = (location: string): ReadResult => {
    const key = canonicalLocation(location);
    let r = texts.get(key);
    if (r === undefined) {
      const t = readText(fs, key, display(key));
      r = "text" in t ? { text: t.text } : t;
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
    listFiles: (folder, depth) => listFolder(fs, folder, { depth }).files.map((f) => f.location),
    realLocation: (location) => {
      let r = reals.get(location);
      if (r === undefined) {
        r = realLocation(fs, location);
        reals.set(location, r);
      }
      return r;
    },
  });
  return Object.assign(host, { read, display, unreadable: () => unreadable });
}
