/**
 * What a portfolio analysis needs from the outside world, as a small service
 * interface: the CLI implements it over the file system, the language server
 * over its document cache and workspace index. Locations are URIs or plain
 * POSIX paths (see `uri.ts`); the core passes them in canonical form.
 */
import { analyze, type Analysis } from "../analyze";
import { PortfolioMemo } from "./memo";
import { canonicalLocation } from "./uri";

export interface PortfolioHost {
  /**
   * The files below a folder, as locations: at most `depth` folder levels
   * down (1: the folder's own files; Infinity: all). Used for glob includes;
   * listing more than asked is fine (the core filters), and so is leaving out
   * folders no one includes from (`node_modules`, `.git`).
   */
  listFiles(folder: string, depth: number): Iterable<string>;
  /**
   * The analysis of the deal file at a location, or undefined when there is
   * no such file or it cannot be read. The host caches analyses (per file
   * version), so that editing one deal re-analyzes that deal only.
   */
  deal(location: string): Analysis | undefined;
  /** The text of the portfolio file at a location, or undefined when there is no such file. */
  portfolioText(location: string): string | undefined;
  /**
   * Where the file at a location really is (symbolic links resolved), when
   * the host knows: a deal reached by its own path and through a link then
   * counts once. Without it, each location is its own file.
   */
  realLocation?(location: string): string | undefined;
  /** What portfolio analyses over this host may reuse from one another; without it, each analysis starts afresh. */
  readonly memo?: PortfolioMemo;
}

/** The I/O a `cachingHost` needs: reading a file's text and listing a folder (and, optionally, resolving links). */
export interface FileReader {
  readText(location: string): string | undefined;
  listFiles(folder: string, depth: number): Iterable<string>;
  realLocation?(location: string): string | undefined;
}

export interface CachingHost extends PortfolioHost {
  readonly memo: PortfolioMemo;
  /** Forgets one file's analysis (or all of them). Not needed for correctness: a changed text is re-analyzed anyway. */
  invalidate(location?: string): void;
}

/**
 * A host over a plain reader that keeps one deal analysis per location and
 * re-analyzes a deal only when its text changed, and a memo for the portfolio
 * analyses over it. For the CLI and tests; the language server keys its own
 * cache on document versions instead.
 */
export function cachingHost(reader: FileReader): CachingHost {
  const cache = new Map<string, { text: string; analysis: Analysis }>();
  return {
    memo: new PortfolioMemo(),
    listFiles: (folder, depth) => reader.listFiles(folder, depth),
    deal(location) {
      const key = canonicalLocation(location);
      const text = reader.readText(location);
      if (text === undefined) {
        cache.delete(key);
        return undefined;
      }
      const hit = cache.get(key);
      if (hit && hit.text === text) return hit.analysis;
      const analysis = analyze(text);
      cache.set(key, { text, analysis });
      return analysis;
    },
    portfolioText: (location) => reader.readText(location),
    ...(reader.realLocation ? { realLocation: (location: string) => reader.realLocation!(location) } : {}),
    invalidate(location) {
      if (location === undefined) cache.clear();
      else cache.delete(canonicalLocation(location));
    },
  };
}
