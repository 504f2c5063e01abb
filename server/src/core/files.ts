/**
 * The one file policy of the command line and the language server: which
 * files a folder or a glob holds, how a file is read, and which
 * `dealspec.config.yaml` applies to it. Pure: every file access goes through
 * a `FileSystem` (or `AsyncFileSystem`) the front end passes in, the Node host
 * (`server/src/node/host.ts`) for the CLI and the server, another host for
 * another platform. Locations are URIs or plain paths, as in `portfolio/uri.ts`.
 *
 * The policy (docs/cli.md#which-files and docs/portfolio.md#includes say it
 * for users):
 * - Names: deal files are `*.deal.yaml`/`.yml`, portfolio files
 *   `*.portfolio.yaml`/`.yml`; a folder or a glob holds those only.
 * - A listing (a folder, a glob below its fixed leading folders, a workspace
 *   folder) never enters a folder whose name starts with `.` or is
 *   `node_modules`; the folder listed may be one (it is named explicitly).
 *   A folder holds what the glob `**\/*` holds below it, so files whose name
 *   starts with `.` only when a glob segment starting with `.` names them.
 * - Symbolic links: a link to a file counts as that file, under the link's
 *   name, wherever the file is; a link to a folder is not entered (no loops,
 *   no tree walked twice); a broken link is skipped. A path written out (on
 *   the command line, in an include) is followed wherever it leads.
 * - Each file once: files are compared by their real location (`real`), so a
 *   file reached by its own path and through a link is one file, under the
 *   first name that reached it.
 * - Reading: at most `MAX_FILE_BYTES`, no NUL byte, UTF-8 (a byte order mark
 *   is dropped); any other file is "cannot read" with the reason.
 *
 * The algorithms are written once, as generators that yield the file
 * operations they need, and run over a synchronous host (the CLI, the
 * server's direct reads) or an asynchronous one (the server's walk of the
 * workspace, a host over VS Code's `workspace.fs`).
 */
import { CONFIG_FILE, EMPTY_CONFIG, isIgnored, parseConfig, type ConfigProblem, type DealspecConfig } from "./config";
import { baseName, canonicalLocation, compileGlob, fileKindOf, folderOf, globMatches, isGlob, pathBelow, resolveRelative, type IncludedKind, type IncludeGlob } from "./portfolio/uri";

// ---------------------------------------------------------------------------
// The host interface

/** What a folder entry is, without following a link. */
export type EntryType = "file" | "folder" | "link" | "other";

export interface DirEntry {
  readonly name: string;
  readonly type: EntryType;
}

/** What a file access found instead: no such file, no permission, a folder, a loop of links, or something else (`detail`). */
export interface Problem {
  readonly problem: "missing" | "denied" | "folder" | "loop" | "other";
  readonly detail?: string;
}

/** A file's status, following links. `mtime` in milliseconds. */
export interface FileStat {
  readonly type: "file" | "folder" | "other";
  readonly size: number;
  readonly mtime: number;
}

/**
 * Synchronous file access by location. No method throws: a failure is a
 * `Problem`. Locations are canonical (`canonicalLocation`) when the policy
 * passes them, and may be in any encoding when a host returns them.
 */
export interface FileSystem {
  /** The entries of a folder, in any order. */
  list(folder: string): readonly DirEntry[] | Problem;
  stat(location: string): FileStat | Problem;
  read(location: string): Uint8Array | Problem;
  /** The location with every link resolved. */
  realpath(location: string): string | Problem;
  /** Strict UTF-8 decoding (a byte order mark dropped); undefined when the bytes are not UTF-8. */
  decode(bytes: Uint8Array): string | undefined;
}

/** The same access, asynchronous (as VS Code's `workspace.fs` is). */
export interface AsyncFileSystem {
  list(folder: string): Promise<readonly DirEntry[] | Problem>;
  stat(location: string): Promise<FileStat | Problem>;
  read(location: string): Promise<Uint8Array | Problem>;
  realpath(location: string): Promise<string | Problem>;
  decode(bytes: Uint8Array): string | undefined;
}

export function isProblem(x: unknown): x is Problem {
  return typeof x === "object" && x !== null && !Array.isArray(x) && "problem" in x;
}

/** A problem in words, for messages: `permission denied`. */
export function problemText(p: Problem): string {
  switch (p.problem) {
    case "missing":
      return "no such file";
    case "denied":
      return "permission denied";
    case "folder":
      return "it is a folder";
    case "loop":
      return "a loop of symbolic links";
    case "other":
      return p.detail ?? "it cannot be read";
  }
}

// ---------------------------------------------------------------------------
// Running an algorithm over a host

interface Answers {
  list: readonly DirEntry[] | Problem;
  stat: FileStat | Problem;
  read: Uint8Array | Problem;
  realpath: string | Problem;
}
type Op = keyof Answers;
interface Request {
  readonly op: Op;
  readonly location: string;
}
/** An algorithm over files: yields the operations it needs, returns its result. */
type Program<T> = Generator<Request, T, unknown>;

function* ask<K extends Op>(op: K, location: string): Generator<Request, Answers[K], unknown> {
  return (yield { op, location }) as Answers[K];
}

function failed(e: unknown): Problem {
  return { problem: "other", detail: e instanceof Error ? e.message : String(e) };
}

function runSync<T>(program: Program<T>, fs: FileSystem): T {
  let step = program.next();
  while (!step.done) {
    const { op, location } = step.value;
    let answer: unknown;
    try {
      answer = fs[op](location);
    } catch (e) {
      answer = failed(e);
    }
    step = program.next(answer);
  }
  return step.value;
}

async function runAsync<T>(program: Program<T>, fs: AsyncFileSystem): Promise<T> {
  let step = program.next();
  while (!step.done) {
    const { op, location } = step.value;
    let answer: unknown;
    try {
      answer = await fs[op](location);
    } catch (e) {
      answer = failed(e);
    }
    step = program.next(answer);
  }
  return step.value;
}

// ---------------------------------------------------------------------------
// Which files a folder or a glob holds

/** Folders a listing does not enter below the folder it lists. */
export function isSkippedFolder(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

/** The location of an entry of a folder. */
function child(folder: string, name: string): string {
  return resolveRelative(`${folder}/_`, name);
}

export interface ListedFile {
  /** Canonical, as reached: a link keeps its own location. */
  readonly location: string;
  readonly kind: IncludedKind;
  /** Where the file really is (links resolved), canonical: the same file has the same `real` however it is reached. */
  readonly real: string;
  /** True when the entry is a symbolic link. */
  readonly link: boolean;
}

export interface Listing {
  /** In path order. */
  readonly files: readonly ListedFile[];
  /** True when the listing stopped at `max`. */
  readonly capped: boolean;
}

export interface ListOptions {
  /** How many folder levels down: 1 the folder's own files, Infinity (the default) all. */
  readonly depth?: number;
  /** Stop after this many files. */
  readonly max?: number;
}

function* listProgram(folder: string, options: ListOptions): Program<Listing> {
  const root = canonicalLocation(folder);
  const depth = options.depth ?? Infinity;
  const max = options.max ?? Infinity;
  const rootReal = yield* ask("realpath", root);
  const realRoot = typeof rootReal === "string" ? canonicalLocation(rootReal) : root;
  const found: (ListedFile & { readonly path: string })[] = [];
  let capped = false;
  const stack = [{ location: root, path: "", level: 1 }];
  walk: while (stack.length > 0) {
    const dir = stack.pop()!;
    const entries = yield* ask("list", dir.location);
    if (isProblem(entries)) continue;
    const sorted = [...entries].sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    for (const e of sorted) {
      const location = child(dir.location, e.name);
      const path = dir.path === "" ? e.name : `${dir.path}/${e.name}`;
      if (e.type === "folder") {
        if (dir.level < depth && !isSkippedFolder(e.name)) stack.push({ location, path, level: dir.level + 1 });
        continue;
      }
      const kind = fileKindOf(location);
      if (kind === undefined || (e.type !== "file" && e.type !== "link")) continue;
      let real = realRoot === root ? location : resolveRelative(`${realRoot}/_`, path);
      if (e.type === "link") {
        const target = yield* ask("stat", location);
        if (isProblem(target) || target.type !== "file") continue;
        const resolved = yield* ask("realpath", location);
        real = typeof resolved === "string" ? canonicalLocation(resolved) : location;
      }
      if (found.length >= max) {
        capped = true;
        break walk;
      }
      found.push({ location, kind, real, link: e.type === "link", path });
    }
  }
  found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: found.map(({ path: _path, ...f }) => f), capped };
}

/** The deal and portfolio files below a folder, by the policy above (not yet filtered by a glob). */
export function listFolder(fs: FileSystem, folder: string, options: ListOptions = {}): Listing {
  return runSync(listProgram(folder, options), fs);
}

export function listFolderAsync(fs: AsyncFileSystem, folder: string, options: ListOptions = {}): Promise<Listing> {
  return runAsync(listProgram(folder, options), fs);
}

/**
 * True when a glob holds the file at `location`: the glob matches it, and no
 * folder between the glob's fixed leading folders and the file is one a
 * listing skips (`.name`, `node_modules`).
 */
export function globHolds(glob: IncludeGlob, location: string): boolean {
  if (!globMatches(glob, location)) return false;
  const folders = (pathBelow(glob.folder, location) ?? "").split("/").slice(0, -1);
  return !folders.some(isSkippedFolder);
}

/** The glob a folder stands for: every file below it, as `**\/*` holds them. */
export function folderGlob(folder: string): IncludeGlob {
  return compileGlob(`${canonicalLocation(folder)}/_`, "**/*");
}

/** A glob written relative to a folder (a command-line argument relative to the working folder). */
export function globIn(folder: string, pattern: string): IncludeGlob {
  return compileGlob(`${canonicalLocation(folder)}/_`, pattern);
}

// ---------------------------------------------------------------------------
// Command-line targets

export interface Target {
  readonly location: string;
  readonly real: string;
  /** Named one by one (not found in a folder or by a glob). */
  readonly explicit: boolean;
}

export interface Targets {
  /** In argument order, each file once (by its real location). */
  readonly files: readonly Target[];
  /** Arguments that named nothing, or could not be read, with the reason. */
  readonly problems: readonly { readonly arg: string; readonly message: string }[];
}

function kindsText(kinds: readonly IncludedKind[]): string {
  return kinds.includes("portfolio") ? "deal or portfolio files (*.deal.yaml, *.deal.yml, *.portfolio.yaml, *.portfolio.yml)" : "deal files (*.deal.yaml, *.deal.yml)";
}

function* targetsProgram(cwd: string, args: readonly string[], kinds: readonly IncludedKind[]): Program<Targets> {
  const files: Target[] = [];
  const problems: { arg: string; message: string }[] = [];
  const seen = new Set<string>();
  const add = (t: Target) => {
    if (seen.has(t.real)) return;
    seen.add(t.real);
    files.push(t);
  };
  const held = function* (glob: IncludeGlob): Program<Target[]> {
    const listing = yield* listProgram(glob.folder, { depth: glob.depth });
    return listing.files.filter((f) => kinds.includes(f.kind) && globHolds(glob, f.location)).map((f) => ({ location: f.location, real: f.real, explicit: false }));
  };
  if (args.length === 0) {
    for (const t of yield* held(folderGlob(cwd))) add(t);
    return { files, problems };
  }
  for (const arg of args) {
    const location = resolveRelative(`${canonicalLocation(cwd)}/_`, arg);
    const stat = yield* ask("stat", location);
    if (isProblem(stat) && stat.problem !== "missing") {
      problems.push({ arg, message: `cannot read ${arg}: ${problemText(stat)}` });
      continue;
    }
    if (!isProblem(stat) && stat.type === "folder") {
      const found = yield* held(folderGlob(location));
      if (found.length === 0) problems.push({ arg, message: `no ${kindsText(kinds)} in folder ${arg}` });
      found.forEach(add);
    } else if (!isProblem(stat)) {
      const real = yield* ask("realpath", location);
      add({ location, real: typeof real === "string" ? canonicalLocation(real) : location, explicit: true });
    } else if (isGlob(arg)) {
      const found = yield* held(globIn(cwd, arg));
      if (found.length === 0) problems.push({ arg, message: `no file matches ${arg}` });
      found.forEach(add);
    } else {
      problems.push({ arg, message: `no such file or folder: ${arg}` });
    }
  }
  return { files, problems };
}

/**
 * The files that command-line arguments name, relative to the working folder
 * `cwd` (a location): a folder (and no argument: the working folder) gives
 * the files of `kinds` it holds, a glob those it holds, a file named on its
 * own is taken whatever its name.
 */
export function resolveTargets(fs: FileSystem, cwd: string, args: readonly string[], kinds: readonly IncludedKind[]): Targets {
  return runSync(targetsProgram(cwd, args, kinds), fs);
}

// ---------------------------------------------------------------------------
// Reading

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

// ---------------------------------------------------------------------------
// The configuration of a file

export interface LoadedConfig {
  readonly location: string;
  /** The folder its ignore globs are relative to. */
  readonly folder: string;
  readonly config: DealspecConfig;
  /** The file's text ("" when it cannot be read), for the positions of `problems`. */
  readonly text: string;
  readonly problems: readonly ConfigProblem[];
  /** Why the file could not be read. */
  readonly unreadable?: string;
}

/** Reads and validates one configuration file; `name` is the file as messages show it. */
export function loadConfig(fs: FileSystem, location: string, name = baseName(location)): LoadedConfig {
  const loc = canonicalLocation(location);
  const folder = folderOf(loc);
  const read = runSync(readProgram(loc, `the configuration ${name}`, (b) => fs.decode(b)), fs);
  if ("problem" in read) return { location: loc, folder, config: EMPTY_CONFIG, text: "", problems: [], unreadable: read.problem };
  const { config, problems } = parseConfig(read.text);
  return { location: loc, folder, config, text: read.text, problems };
}

/**
 * The configuration of each file: the nearest `dealspec.config.yaml` in its
 * folder or a folder above (looked up once per folder), or one `fixed` file
 * for all. Only the nearest applies.
 */
export class ConfigLookup {
  private readonly byFolder = new Map<string, LoadedConfig | null>();
  private readonly loaded = new Map<string, LoadedConfig>();

  constructor(
    private readonly fs: FileSystem,
    private readonly fixed?: LoadedConfig,
    /** How messages name a configuration file (default: its name). */
    private readonly display: (location: string) => string = baseName,
  ) {}

  /** The configuration that applies to the file at a location, if any. */
  forFile(location: string): LoadedConfig | undefined {
    return this.fixed ?? this.forFolder(folderOf(canonicalLocation(location))) ?? undefined;
  }

  private forFolder(folder: string): LoadedConfig | null {
    const cached = this.byFolder.get(folder);
    if (cached !== undefined) return cached;
    const candidate = child(folder, CONFIG_FILE);
    const stat = this.fs.stat(candidate);
    let found: LoadedConfig | null;
    if (!isProblem(stat) && stat.type === "file") {
      found = loadConfig(this.fs, candidate, this.display(candidate));
      this.loaded.set(candidate, found);
    } else {
      const parent = folderOf(folder);
      found = parent === folder ? null : this.forFolder(parent);
    }
    this.byFolder.set(folder, found);
    return found;
  }

  /** Every configuration file read so far. */
  all(): LoadedConfig[] {
    return this.fixed ? [this.fixed] : [...this.loaded.values()];
  }

  /** The configuration whose `ignore` globs ignore the file at a location (by its path below the configuration's folder), if any. */
  ignores(location: string): LoadedConfig | undefined {
    const c = this.forFile(location);
    if (!c || c.config.ignore.length === 0) return undefined;
    const below = pathBelow(c.folder, canonicalLocation(location));
    return below !== undefined && isIgnored(c.config, below) ? c : undefined;
  }
}
