/**
 * Which files a folder, a glob or the command line's arguments hold, by the
 * file policy (see `index.ts`).
 */
import { canonicalLocation, compileGlob, fileKindOf, globMatches, isGlob, pathBelow, resolveRelative, type IncludedKind, type IncludeGlob } from "../portfolio/uri";
import { ask, isProblem, problemText, runAsync, runSync, type AsyncFileSystem, type FileSystem, type Program } from "./host";

/** Folders a listing does not enter below the folder it lists. */
export function isSkippedFolder(name: string): boolean {
  return name.startsWith(".") || name === "node_modules";
}

/** The location of an entry of a folder. */
export function child(folder: string, name: string): string {
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
