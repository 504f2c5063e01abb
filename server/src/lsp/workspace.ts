/**
 * The workspace index: every deal and portfolio file in the workspace
 * folders, their texts as on disk, and one deal analysis per file text. It is
 * the `PortfolioHost` the portfolio engine reads through, so the engine stays
 * free of file access. An open document's text (the editor's buffer) takes
 * precedence over the disk: `OpenDocuments` answers first.
 *
 * Which files a folder holds and how a file is read is the file policy of
 * the CLI (`core/files.ts`: `node_modules` and folders whose name starts with
 * `.` skipped, symbolic links to files followed, a file and a link to it one
 * file), over the file access the server is given (`WorkspaceFiles`: the Node
 * host from `server.ts`, or another platform's). The walk is capped on the
 * number of files, and the index kept current by the client's watched-file
 * events. Where it cannot be trusted (before the walk, outside the workspace
 * folders, in skipped folders, past the cap, or when the client does not
 * watch files) the disk is read directly, and a file read that way, or
 * reached through a symbolic link, is checked against its modification time
 * whenever it is used again.
 */
import {
  analyze,
  baseName,
  canonicalLocation,
  failedAnalysis,
  fileKindOf,
  folderOf,
  isProblem,
  isSkippedFolder,
  listFolder,
  listFolderAsync,
  pathBelow,
  readText,
  readTextAsync,
  realLocation,
  resolveRelative,
  type Analysis,
  type AsyncFileSystem,
  type FileSystem,
  type IncludedKind,
  type PortfolioHost,
  type TextRead,
} from "../core";

/** The glob patterns the server asks the client to watch. */
export const WATCH_GLOBS = ["**/*.deal.yaml", "**/*.deal.yml", "**/*.portfolio.yaml", "**/*.portfolio.yml"] as const;

/** How many deal and portfolio files the walk indexes at most (a log line says when the cap is reached). */
const DEFAULT_MAX_FILES = 5000;

/**
 * The file access the server is given: synchronous for the reads a request
 * needs at once, asynchronous for the walk. The Node entry passes the Node
 * host (`server/src/node/host.ts`), the browser entry one over the client's
 * `workspace.fs` (`server/src/browser/host.ts`).
 */
export interface WorkspaceFiles {
  readonly sync: FileSystem;
  readonly async: AsyncFileSystem;
  /**
   * A host whose synchronous access answers from what it has read before (the
   * browser's): reads these locations again. The server awaits it after a
   * watched-file event, before it reads the changed files. The Node host reads
   * the disk each time and has none.
   */
  readonly reread?: (locations: readonly string[]) => Promise<void>;
  /**
   * Such a host calls `listener` once it has read, in the background, what a
   * synchronous access asked for before it had it; the server then computes
   * its portfolios again.
   */
  readonly onDidRead?: (listener: () => void) => void;
}

export interface WorkspaceOptions {
  /** The most deal and portfolio files the walk indexes (default `DEFAULT_MAX_FILES`). */
  readonly maxFiles?: number;
  /**
   * Called for each indexed symbolic link whose target changed or went away
   * (a watched-file event names the target, not the link), after the index
   * read the link again.
   */
  readonly linkChanged?: (location: string) => void;
  /** Where the analysis of a deal file on disk that threw (a bug) is reported: what failed, and the error. */
  readonly log?: (what: string, error: unknown) => void;
  /** What analyses a deal file's text: the core's `analyze` unless given (a test's). */
  readonly analyze?: (text: string) => Analysis;
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
  /** Where the file really is (links resolved), canonical. */
  readonly real: string;
  /** A symbolic link: its target may change without an event for the link, so it is checked against the disk when used. */
  readonly linked: boolean;
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

  private readonly maxFiles: number;
  /** True once a symbolic link has been indexed: then a change to a file may concern links to it. */
  private hasLinks = false;

  constructor(
    private readonly open: OpenDocuments,
    private readonly fs: WorkspaceFiles,
    private readonly options: WorkspaceOptions = {},
  ) {
    this.maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  }

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
    const found: { location: string; kind: IncludedKind; real: string; link: boolean }[] = [];
    let capped = false;
    for (const folder of folders) {
      const listing = await listFolderAsync(this.fs.async, folder, { max: this.maxFiles - found.length });
      found.push(...listing.files);
      if (listing.capped) {
        capped = true;
        break;
      }
    }
    const seen = new Set<string>();
    const reads = found.map(({ location, kind, real, link }) => async () => {
      seen.add(location);
      const read = await readTextAsync(this.fs.async, location);
      if (!("text" in read)) return;
      const old = this.files.get(location);
      if (old && old.mtimeMs > read.mtime) return;
      this.put({ location, kind, text: read.text, mtimeMs: read.mtime, size: read.size, real, linked: link, unwatched: false }, old);
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
    if (next.linked) this.hasLinks = true;
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
   * A file's text, size and modification time as on disk now, with where it
   * really is; undefined when it cannot be read (by the policy's checks).
   */
  private readNow(location: string): Pick<IndexedFile, "text" | "mtimeMs" | "size" | "real" | "linked"> | undefined {
    const read = readText(this.fs.sync, location);
    if (!("text" in read)) return undefined;
    const real = realLocation(this.fs.sync, location);
    // A link when its real location is not its folder's real location and its own name.
    const linked = real !== location && real !== resolveRelative(`${realLocation(this.fs.sync, folderOf(location))}/_`, baseName(location));
    return { text: read.text, mtimeMs: read.mtime, size: read.size, real, linked };
  }

  /**
   * A created or changed file (a watched-file event, or a document the editor
   * closed): reads it again, synchronously, so that a request after the event
   * sees the new text. Returns true when what the index holds for it changed.
   * The indexed links to it are read again too (`linkChanged`).
   */
  refresh(location: string): boolean {
    const loc = canonicalLocation(location);
    const kind = fileKindOf(loc);
    if (!kind) return false;
    const before = this.files.get(loc)?.real;
    const read = this.readNow(loc);
    if (!read) return this.remove(loc).length > 0;
    const old = this.files.get(loc);
    this.linksTo([before, read.real], false, loc);
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
    const one = this.files.get(loc);
    const gone = one ? [loc] : [...this.files.keys()].filter((f) => pathBelow(loc, f) !== undefined);
    const reals = gone.map((f) => this.files.get(f)!.real);
    for (const f of gone) this.files.delete(f);
    this.linksTo(one ? reals : [...reals, loc], !one);
    return gone;
  }

  /** Reads again the indexed links (but `except`) whose target is one of `reals` (or, with `below`, under one of them), and reports each. */
  private linksTo(reals: readonly (string | undefined)[], below = false, except?: string): void {
    if (!this.hasLinks) return;
    const targets = reals.filter((r) => r !== undefined);
    const hit = (real: string) => targets.some((t) => real === t || (below && pathBelow(t, real) !== undefined));
    const links = [...this.files.values()].filter((f) => f.linked && f.location !== except && hit(f.real));
    for (const f of links) {
      const read = this.readNow(f.location);
      if (read) this.put({ location: f.location, kind: f.kind, ...read, unwatched: f.unwatched }, f);
      else this.files.delete(f.location);
      this.options.linkChanged?.(f.location);
    }
  }

  /** The indexed file at a location, read from disk where the index cannot be trusted. */
  file(location: string): IndexedFile | undefined {
    const hit = this.files.get(location);
    if (hit && !hit.unwatched && !hit.linked && this.watching) return hit;
    if (!hit && this.trusted(location)) return undefined;
    const kind = fileKindOf(location);
    if (!kind) return undefined;
    const stat = this.fs.sync.stat(location);
    if (isProblem(stat) || stat.type !== "file") {
      if (hit) this.files.delete(location);
      return undefined;
    }
    if (hit && hit.mtimeMs === stat.mtime && hit.size === stat.size) return hit;
    const read = this.readNow(location);
    if (!read) return undefined;
    return this.put({ location, kind, ...read, unwatched: hit ? hit.unwatched : !this.covers(location) || !this.walked }, hit);
  }

  /** A file's text by the file policy (the custom requests on a closed deal file), or why it cannot be read. */
  read(location: string): TextRead {
    return readText(this.fs.sync, location);
  }

  /** Every indexed file of a kind (deal or portfolio), walked or read directly. */
  indexed(kind: IncludedKind): IndexedFile[] {
    return [...this.files.values()].filter((f) => f.kind === kind);
  }

  /** The deal analysis of a file as on disk (computed once per text; one that throws, a bug, is the core's `failedAnalysis`). */
  diskAnalysis(f: IndexedFile): Analysis {
    if (!f.analysis) {
      try {
        f.analysis = (this.options.analyze ?? analyze)(f.text);
      } catch (e) {
        this.options.log?.(`The analysis of ${f.location}`, e);
        f.analysis = failedAnalysis(f.text, e);
      }
    }
    return f.analysis;
  }

  // PortfolioHost ------------------------------------------------------------

  listFiles(folder: string, depth: number): string[] {
    const out = new Set<string>();
    const below = within(canonicalLocation(folder), depth);
    if (this.trusted(folder, true)) {
      for (const loc of this.files.keys()) if (below(loc)) out.add(loc);
    } else {
      for (const f of listFolder(this.fs.sync, folder, { depth, max: this.maxFiles }).files) out.add(f.location);
    }
    // Open documents count as files, even before (or after) the disk has them.
    for (const loc of this.open.locations()) if (below(loc) && fileKindOf(loc)) out.add(loc);
    return [...out];
  }

  /** Where a file really is: as indexed, else asked of the file system. */
  realLocation(location: string): string {
    return this.files.get(location)?.real ?? realLocation(this.fs.sync, location);
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


async function inBatches(tasks: readonly (() => Promise<void>)[], width: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
}

