/**
 * The file access the file policy runs over (`FileSystem`, `AsyncFileSystem`:
 * list a folder, stat, read, resolve links, decode UTF-8), and how an
 * algorithm written once as a generator runs over either: it yields the
 * operations it needs, and the runner answers them from the host.
 */

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
export type Program<T> = Generator<Request, T, unknown>;

export function* ask<K extends Op>(op: K, location: string): Generator<Request, Answers[K], unknown> {
  return (yield { op, location }) as Answers[K];
}

function failed(e: unknown): Problem {
  return { problem: "other", detail: e instanceof Error ? e.message : String(e) };
}

export function runSync<T>(program: Program<T>, fs: FileSystem): T {
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

export async function runAsync<T>(program: Program<T>, fs: AsyncFileSystem): Promise<T> {
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
