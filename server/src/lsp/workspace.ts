/**
 * The workspace index: every deal and portfolio file in the workspace
 * folders, their texts as on disk, and one deal analysis per file text. It is
 * the `PortfolioHost` the portfolio engine reads through, so the engine stays
 * free of file access. An open document's text (the editor's buffer) takes
 * precedence over the disk: `OpenDocuments` answers first.
 *
 * The index is built by walking the folders (skipping `node_modules` and
 * folders whose name starts with `.`, up to a cap on the number of files) and
 * kept current by the client's watched-file events. Where it cannot be
 * trusted (before the walk, outside the workspace folders, in skipped folders,
 * past the cap, or when the client does not watch files) the disk is read
 * directly, and a file read that way is checked against its modification
 * time whenever it is used again.
 */
import { promises as fsp, readdirSync, readFileSync, statSync, type Dirent } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { analyze, canonicalLocation, fileKindOf, pathBelow, type Analysis, type IncludedKind, type PortfolioHost } from "../core";

/** The glob patterns the server asks the client to watch. */
export const WATCH_GLOBS = ["**/*.deal.yaml", "**/*.deal.yml", "**/*.portfolio.yaml", "**/*.portfolio.yml"] as const;

/** How many deal and portfolio files the walk indexes at most (a log line says when the cap is reached). */
export const DEFAULT_MAX_FILES = 5000;

/** Folders the walk (and a disk listing) does not enter. */
export function isSkippedFolder(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

/** The canonical `file:` location of a path (the form the core writes and VS Code sends). */
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

/** What the editor has open, by canonical location. */
export interface OpenDocuments {
  /** The text of an open document. */
  text(location: string): string | undefined;
  /** The analysis of an open deal document (cached per version). */
  dealAnalysis(location: string): Analysis | undefined;
  /** The canonical locations of the open `file:` documents. */
  locations(): Iterable<string>;
}

export interface IndexedFile {
  readonly location: string;
  readonly kind: IncludedKind;
  readonly text: string;
  readonly mtimeMs: number;
  readonly size: number;
  /** Read outside the walk: not known to be watched, so checked against the disk when used. */
  readonly unwatched: boolean;
  /** The analysis of `text` (deal files), computed on first use. */
  analysis?: Analysis;
}

export interface IndexSummary {
  readonly deals: number;
  readonly portfolios: number;
  readonly folders: number;
  /** True when the walk stopped at the cap. */
  readonly capped: boolean;
  readonly ms: number;
}

export class WorkspaceIndex implements PortfolioHost {
  private folders: string[] = [];
  private readonly files = new Map<string, IndexedFile>();
  private walked = false;
  private capped = false;
  /** Set when the client sends watched-file events: then the index is trusted inside the folders. */
  watching = false;
  private walks: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly open: OpenDocuments,
    private readonly maxFiles = DEFAULT_MAX_FILES,
  ) {}

  /** The workspace folders, as canonical locations. */
  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  /** True once the folders have been walked. */
  get ready(): boolean {
    return this.walked;
  }

  setFolders(locations: readonly string[]): void {
    this.folders = [...new Set(locations.map(canonicalLocation))];
    this.walked = false;
  }

  /**
   * Walks the workspace folders and reads every deal and portfolio file in
   * them. Walks run one at a time; a file changed while a walk was reading it
   * keeps the newer text.
   */
  index(): Promise<IndexSummary> {
    const run = this.walks.then(() => this.walk());
    this.walks = run.catch(() => undefined);
    return run;
  }

  private async walk(): Promise<IndexSummary> {
    const t0 = performance.now();
    const folders = [...this.folders];
    const found: { file: string; kind: IncludedKind }[] = [];
    let capped = false;
    for (const folder of folders) {
      const root = pathOfLocation(folder);
      if (!root) continue;
      const stack = [root];
      while (stack.length > 0 && !capped) {
        const dir = stack.pop()!;
        let entries: Dirent[];
        try {
          entries = await fsp.readdir(dir, { withFileTypes: true });
        } catch {
          continue;
        }
        entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
        for (const e of entries) {
          if (e.isDirectory()) {
            if (!isSkippedFolder(e.name)) stack.push(path.join(dir, e.name));
            continue;
          }
          const kind = e.isFile() ? fileKindOf(e.name) : undefined;
          if (!kind) continue;
          if (found.length >= this.maxFiles) {
            capped = true;
            break;
          }
          found.push({ file: path.join(dir, e.name), kind });
        }
      }
    }
    const seen = new Set<string>();
    const reads = found.map(({ file, kind }) => async () => {
      const location = locationOfPath(file);
      seen.add(location);
      const read = await readDisk(file);
      if (!read) return;
      const old = this.files.get(location);
      if (old && old.mtimeMs > read.mtimeMs) return;
      this.put({ location, kind, ...read, unwatched: false }, old);
    });
    await inBatches(reads, 32);
    // Files the walk no longer finds are gone (or past the cap); files read directly stay, checked on use.
    for (const [location, f] of this.files) if (!f.unwatched && !seen.has(location)) this.files.delete(location);
    this.capped = capped;
    this.walked = true;
    let deals = 0;
    let portfolios = 0;
    for (const f of this.files.values()) if (!f.unwatched) f.kind === "deal" ? deals++ : portfolios++;
    return { deals, portfolios, folders: folders.length, capped, ms: performance.now() - t0 };
  }

  private put(next: Omit<IndexedFile, "analysis">, old: IndexedFile | undefined): IndexedFile {
    const f: IndexedFile = { ...next };
    // The same text keeps its analysis: one analysis per file text.
    if (old?.analysis && old.text === next.text) f.analysis = old.analysis;
    this.files.set(next.location, f);
    return f;
  }

  /**
   * True when the file (or, with `folder`, the folder) at `location` is
   * inside a workspace folder and not in a folder the walk skips.
   */
  covers(location: string, folder = false): boolean {
    return this.folders.some((root) => {
      if (location === root) return folder;
      const below = pathBelow(root, location);
      if (below === undefined) return false;
      const folders = below.split("/");
      if (!folder) folders.pop();
      return !folders.some(isSkippedFolder);
    });
  }

  /** Whether the index alone can say what is at (or, with `folder`, below) a location. */
  private trusted(location: string, folder = false): boolean {
    return this.walked && this.watching && !this.capped && this.covers(location, folder);
  }

  /**
   * A created or changed file (a watched-file event, or a document the editor
   * closed): reads it again, synchronously, so that a request after the event
   * sees the new text. Returns true when what the index holds for it changed.
   */
  refresh(location: string): boolean {
    const loc = canonicalLocation(location);
    const kind = fileKindOf(loc);
    const file = pathOfLocation(loc);
    if (!kind || !file) return false;
    const read = readDiskSync(file);
    if (!read) return this.remove(loc).length > 0;
    const old = this.files.get(loc);
    if (old && old.text === read.text && !old.unwatched) return false;
    this.put({ location: loc, kind, ...read, unwatched: !this.covers(loc) }, old);
    return true;
  }

  /** True when the file is in the index as found by the walk or a watched-file event (not only read directly). */
  isWalked(location: string): boolean {
    const f = this.files.get(location);
    return f !== undefined && !f.unwatched;
  }

  /** A deleted file or folder: forgets it (or everything below it). Returns the locations forgotten. */
  remove(location: string): string[] {
    const loc = canonicalLocation(location);
    if (this.files.delete(loc)) return [loc];
    const gone = [...this.files.keys()].filter((f) => pathBelow(loc, f) !== undefined);
    for (const f of gone) this.files.delete(f);
    return gone;
  }

  /** The indexed file at a location, read from disk where the index cannot be trusted. */
  file(location: string): IndexedFile | undefined {
    const hit = this.files.get(location);
    if (hit && !hit.unwatched && this.watching) return hit;
    if (!hit && this.trusted(location)) return undefined;
    const kind = fileKindOf(location);
    const p = pathOfLocation(location);
    if (!kind || !p) return undefined;
    let stat;
    try {
      stat = statSync(p);
    } catch {
      if (hit) this.files.delete(location);
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit;
    let text: string;
    try {
      text = readFileSync(p, "utf8");
    } catch {
      return undefined;
    }
    return this.put({ location, kind, text, mtimeMs: stat.mtimeMs, size: stat.size, unwatched: hit ? hit.unwatched : !this.covers(location) || !this.walked }, hit);
  }

  /** Every indexed file of a kind (deal or portfolio), walked or read directly. */
  indexed(kind: IncludedKind): IndexedFile[] {
    return [...this.files.values()].filter((f) => f.kind === kind);
  }

  /** The deal analysis of a file as on disk (computed once per text). */
  diskAnalysis(f: IndexedFile): Analysis {
    f.analysis ??= analyze(f.text);
    return f.analysis;
  }

  // PortfolioHost ------------------------------------------------------------

  listFiles(folder: string, depth: number): string[] {
    const out = new Set<string>();
    const below = within(canonicalLocation(folder), depth);
    if (this.trusted(folder, true)) {
      for (const loc of this.files.keys()) if (below(loc)) out.add(loc);
    } else {
      const root = pathOfLocation(folder);
      if (root) for (const f of listDisk(root, depth, this.maxFiles)) out.add(locationOfPath(f));
    }
    // Open documents count as files, even before (or after) the disk has them.
    for (const loc of this.open.locations()) if (below(loc) && fileKindOf(loc)) out.add(loc);
    return [...out];
  }

  deal(location: string): Analysis | undefined {
    const open = this.open.dealAnalysis(location);
    if (open) return open;
    const f = this.file(location);
    return f ? this.diskAnalysis(f) : undefined;
  }

  portfolioText(location: string): string | undefined {
    return this.open.text(location) ?? this.file(location)?.text;
  }
}

async function readDisk(file: string): Promise<{ text: string; mtimeMs: number; size: number } | undefined> {
  try {
    const [text, stat] = await Promise.all([fsp.readFile(file, "utf8"), fsp.stat(file)]);
    return { text, mtimeMs: stat.mtimeMs, size: stat.size };
  } catch {
    return undefined;
  }
}

/**
 * A test for canonical locations at most `depth` levels below a canonical
 * folder: a prefix and a count of separators, with no parsing (the index's
 * keys and the core's folders share one canonical form).
 */
function within(folder: string, depth: number): (location: string) => boolean {
  const prefix = folder.endsWith("/") ? folder : `${folder}/`;
  return (location) => {
    if (!location.startsWith(prefix) || location.length === prefix.length) return false;
    if (depth === Infinity) return true;
    let levels = 1;
    for (let i = prefix.length; i < location.length; i++) if (location.charCodeAt(i) === 47) levels++;
    return levels <= depth;
  };
}

function readDiskSync(file: string): { text: string; mtimeMs: number; size: number } | undefined {
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return undefined;
    return { text: readFileSync(file, "utf8"), mtimeMs: stat.mtimeMs, size: stat.size };
  } catch {
    return undefined;
  }
}

async function inBatches(tasks: readonly (() => Promise<void>)[], width: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
}

/** The deal and portfolio files below a folder, at most `depth` levels down, skipping the folders the walk skips. */
function listDisk(root: string, depth: number, max: number): string[] {
  const out: string[] = [];
  const visit = (dir: string, level: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= max) return;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (level < depth && !isSkippedFolder(e.name)) visit(full, level + 1);
      } else if (e.isFile() && fileKindOf(e.name)) out.push(full);
    }
  };
  visit(root, 1);
  return out;
}
