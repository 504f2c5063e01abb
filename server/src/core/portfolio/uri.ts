/**
 * Locations of files, POSIX-style, without `path` or `URL`: a location is a
 * URI (`file:///work/a.deal.yaml`, `untitled:x`) or a plain path
 * (`/work/a.deal.yaml`, `deals/a.deal.yaml`). The core joins include paths to
 * the portfolio's own location, matches globs and names files in messages;
 * the hosts (CLI, language server) turn locations into file reads.
 *
 * URIs are written in one canonical form, the one VS Code writes: each path
 * segment percent-encoded except `A-Z a-z 0-9 - . _ ~`, hex in capitals. So a
 * location the core builds equals the one an editor sends for the same file.
 *
 * Nothing is kept between calls. A portfolio analysis asks about the same
 * few hundred locations several times each (listing, glob matching, file
 * kinds), and almost all of them are already canonical: those are answered
 * from the string itself (`canonicalPath`), without parsing.
 */

interface Location {
  /** `file://`, `file://host`, `untitled:` or "" for a plain path. */
  readonly prefix: string;
  readonly isUri: boolean;
  readonly absolute: boolean;
  /** Decoded path segments, without `.` and `..` (except leading `..` of a relative path). */
  readonly segments: readonly string[];
}

/** What comes before a URI's path: its scheme, then `//` and the authority when it has them. */
const URI_PREFIX = /^[A-Za-z][A-Za-z0-9+.-]+:(?:\/\/[^/]*)?/;

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function encodeSegment(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Appends `parts` to `base`, resolving `.` and `..` (never above the root of an absolute path). */
function resolveSegments(base: readonly string[], parts: readonly string[], absolute: boolean): string[] {
  const out = [...base];
  for (const p of parts) {
    if (p === "" || p === ".") continue;
    if (p === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
    } else out.push(p);
  }
  return out;
}

/** A URI path as `format` writes it: segments of unreserved characters only, none empty, `.` or `..`. */
const CANONICAL_URI_PATH = /^\/?(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]+(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]+)*$/;
/** A plain path as `format` writes it: no segment empty, `.` or `..`. */
const CANONICAL_PLAIN_PATH = /^\/?(?!\.\.?(?:\/|$))[^/]+(?:\/(?!\.\.?(?:\/|$))[^/]+)*$/;

/**
 * The path of a location that is already in canonical form (nothing to
 * resolve, decode or encode: `format(parse(location))` is `location`, and its
 * segments are its path split at `/`), else undefined.
 */
function canonicalPath(location: string): string | undefined {
  const prefix = URI_PREFIX.exec(location)?.[0];
  const path = prefix === undefined ? location : location.slice(prefix.length);
  return path === "" || path === "/" || (prefix === undefined ? CANONICAL_PLAIN_PATH : CANONICAL_URI_PATH).test(path) ? path : undefined;
}

function parse(location: string): Location {
  const m = URI_PREFIX.exec(location);
  if (m) {
    const path = location.slice(m[0].length).replace(/[?#].*$/s, "");
    return { prefix: m[0], isUri: true, absolute: path.startsWith("/"), segments: resolveSegments([], path.split("/").map(decodeSegment), path.startsWith("/")) };
  }
  return { prefix: "", isUri: false, absolute: location.startsWith("/"), segments: resolveSegments([], location.split("/"), location.startsWith("/")) };
}

function format(l: Location): string {
  const body = l.segments.map(l.isUri ? encodeSegment : (s: string) => s).join("/");
  return `${l.prefix}${l.absolute ? "/" : ""}${body}`;
}

/** The canonical form of a location: `.` and `..` resolved, URI segments encoded as VS Code does. */
export function canonicalLocation(location: string): string {
  return canonicalPath(location) !== undefined ? location : format(parse(location));
}

/** The folder holding a file, as a location. */
export function folderOf(location: string): string {
  const l = parse(location);
  return format({ ...l, segments: l.segments.slice(0, -1) });
}

/** The file's name, decoded: `colossus-1.deal.yaml`. */
export function baseName(location: string): string {
  const path = canonicalPath(location);
  if (path !== undefined) return path.slice(path.lastIndexOf("/") + 1);
  const l = parse(location);
  return l.segments[l.segments.length - 1] ?? "";
}

/**
 * A path written in a file (`../deals/a.deal.yaml`, decoded, `/`-separated)
 * resolved against the folder of the file at `base`. A path starting with `/`
 * starts at the root of `base`'s location.
 */
export function resolveRelative(base: string, relative: string): string {
  const b = parse(base);
  const parts = relative.split("/");
  const from = relative.startsWith("/") ? [] : b.segments.slice(0, -1);
  return format({ ...b, segments: resolveSegments(from, parts, b.absolute || relative.startsWith("/")) });
}

/** Resolves a folder location and a relative folder path (both as for `resolveRelative`, but `base` is a folder). */
function resolveInFolder(folder: string, relative: string): string {
  const b = parse(folder);
  return format({ ...b, segments: resolveSegments(relative.startsWith("/") ? [] : b.segments, relative.split("/"), b.absolute || relative.startsWith("/")) });
}

/**
 * How to write `target` relative to the folder of `from`, decoded, for
 * messages and JSON: `deals/a.deal.yaml`, `../other.portfolio.yaml`. Falls
 * back to `target` itself when the two are not under the same root.
 */
export function relativeLocation(from: string, target: string): string {
  const a = parse(from);
  const b = parse(target);
  if (a.prefix !== b.prefix || a.absolute !== b.absolute) return target;
  const dir = a.segments.slice(0, -1);
  let common = 0;
  while (common < dir.length && common < b.segments.length - 1 && dir[common] === b.segments[common]) common++;
  if (dir.slice(common).includes("..")) return target;
  return [...dir.slice(common).map(() => ".."), ...b.segments.slice(common)].join("/");
}

/** How to write `folder` relative to the folder of `from`: `deals`, `..`, `.` for the same folder. */
export function relativeFolder(from: string, folder: string): string {
  const r = relativeLocation(from, resolveInFolder(folder, "x"));
  return r === "x" ? "." : r.endsWith("/x") ? r.slice(0, -2) : folder;
}

/** The segments of `location` below `folder`, decoded and `/`-joined; undefined when it is not below it. */
export function pathBelow(folder: string, location: string): string | undefined {
  // Both canonical, the folder's path not empty: below it is after its text and a `/`.
  const folderPath = canonicalPath(folder);
  if (folderPath !== undefined && folderPath !== "" && canonicalPath(location) !== undefined) {
    const head = folder.endsWith("/") ? folder : `${folder}/`;
    // A canonical path has no empty segment: `//` after the folder's text starts another authority (`untitled://-/a` is not below `untitled:/`).
    return location.length > head.length && location.startsWith(head) && location[head.length] !== "/" ? location.slice(head.length) : undefined;
  }
  const f = parse(folder);
  const l = parse(location);
  if (f.prefix !== l.prefix || f.absolute !== l.absolute || l.segments.length <= f.segments.length) return undefined;
  for (let i = 0; i < f.segments.length; i++) if (f.segments[i] !== l.segments[i]) return undefined;
  return l.segments.slice(f.segments.length).join("/");
}

export type IncludedKind = "deal" | "portfolio";

/** What a file is, by its name: `*.deal.yaml`/`.yml` or `*.portfolio.yaml`/`.yml`. */
export function fileKindOf(location: string): IncludedKind | undefined {
  const name = baseName(location);
  if (/\.deal\.ya?ml$/.test(name)) return "deal";
  if (/\.portfolio\.ya?ml$/.test(name)) return "portfolio";
  return undefined;
}

// ---------------------------------------------------------------------------
// Globs

const GLOB_CHARS = /[*?[\]{}]/;

export function isGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/** A glob include, compiled: the folder to list, how deep, and a matcher for paths below that folder. */
export interface IncludeGlob {
  /** The include as written. */
  readonly pattern: string;
  /** The location of the glob's fixed leading folders (`deals/` in `deals/**\/*.deal.yaml`). */
  readonly folder: string;
  /** How many folder levels below `folder` a match may be: the number of glob segments, or Infinity with `**`. */
  readonly depth: number;
  /** The glob below `folder`, as written (`**\/*.deal.yaml`). */
  readonly rest: string;
  /** `rest` as a regular expression over the `/`-joined path below `folder` (see `globRegExp`). */
  readonly matcher: RegExp;
}

export function compileGlob(base: string, pattern: string): IncludeGlob {
  const parts = pattern.split("/");
  const firstGlob = parts.findIndex((p) => isGlob(p));
  const fixed = parts.slice(0, firstGlob);
  const rest = parts.slice(firstGlob).filter((p) => p !== "" && p !== ".");
  const folder = pattern.startsWith("/") ? resolveInFolder(folderOf(base), `/${fixed.join("/")}`) : resolveInFolder(folderOf(base), fixed.join("/"));
  return { pattern, folder, depth: rest.includes("**") ? Infinity : rest.length, rest: rest.join("/"), matcher: globRegExp(rest.join("/")) };
}

/** True when `location` matches the glob (decoded path below its folder). Files and folders starting with `.` match only a pattern segment that starts with `.`. */
export function globMatches(glob: IncludeGlob, location: string): boolean {
  const below = pathBelow(glob.folder, location);
  return below !== undefined && glob.matcher.test(below);
}

const ESCAPE = /[.*+?^${}()|[\]\\/]/g;

function segmentSource(seg: string, guardDot: boolean): string {
  let out = guardDot && !seg.startsWith(".") ? "(?!\\.)" : "";
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const close = seg.indexOf("]", i + 2);
      if (close < 0) {
        out += "\\[";
        continue;
      }
      let body = seg.slice(i + 1, close);
      const negate = body.startsWith("!") || body.startsWith("^");
      if (negate) body = body.slice(1);
      out += `[${negate ? "^/" : ""}${body.replace(/[\\\]^]/g, "\\$&")}]`;
      i = close;
    } else if (c === "{") {
      const close = seg.indexOf("}", i + 1);
      if (close < 0) {
        out += "\\{";
        continue;
      }
      out += `(?:${seg
        .slice(i + 1, close)
        .split(",")
        .map((alt) => segmentSource(alt, false))
        .join("|")})`;
      i = close;
    } else out += c.replace(ESCAPE, "\\$&");
  }
  return out;
}

/** A glob (`/`-separated; `*`, `?`, `[abc]`, `[!abc]`, `{a,b}`, `**` as a whole segment) as a regular expression over `/`-separated paths. */
export function globRegExp(glob: string): RegExp {
  const segs = glob.split("/").filter((s) => s !== "");
  let src = "^";
  segs.forEach((seg, i) => {
    const last = i === segs.length - 1;
    if (seg === "**") src += last ? "(?:(?!\\.)[^/]+/)*(?!\\.)[^/]+" : "(?:(?!\\.)[^/]+/)*";
    else src += segmentSource(seg, true) + (last ? "" : "/");
  });
  return new RegExp(`${src}$`, "u");
}
