/**
 * The browser build's file host: the file policy's `FileSystem` and
 * `AsyncFileSystem` over the client, which reads through VS Code's
 * `workspace.fs` (the requests of `FILE_HOST_REQUESTS` in protocol/src), so
 * the workspace may be a virtual file system (github.dev, vscode.dev). The
 * Node build passes the Node host (`server/src/node/host.ts`) instead; the
 * core and the LSP layer are the same.
 *
 * A web worker cannot wait for the client, so the synchronous access answers
 * from what the asynchronous one has read (the workspace walk reads every
 * deal and portfolio file through it). A synchronous access to something not
 * read yet answers `not read yet`, asks the client in the background, and
 * then tells the server (`onDidRead`), which computes its portfolios again.
 * After a watched-file event the server awaits `reread` before it reads the
 * changed files. There are no symbolic links here: `workspace.fs` resolves
 * them, so a location is its own real location.
 */
import { folderOf, isProblem, pathBelow, type AsyncFileSystem, type DirEntry, type FileStat, type FileSystem, type Problem } from "../core";
import { FileStatRequest, ReadFileRequest, ReadFolderRequest, type CustomRequest, type FileBytes, type FileLocationParams, type FileProblem } from "../../../protocol/src";
import type { WorkspaceFiles } from "../lsp/workspace";
import { decodeUtf8 } from "../utf8";

/** Sends one of the file host's requests to the client. */
export type SendRequest = <R>(request: CustomRequest<FileLocationParams, R>, params: FileLocationParams) => Promise<R>;

/** What a synchronous access answers for what the host has not read yet. */
export const NOT_READ_YET: Problem = { problem: "other", detail: "not read yet" };


function failed(e: unknown): Problem {
  return { problem: "other", detail: e instanceof Error ? e.message : String(e) };
}

function bytesOf(answer: FileBytes): Uint8Array {
  const binary = atob(answer.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

type Op = "stat" | "list" | "read";

export class ClientFiles {
  private readonly stats = new Map<string, FileStat | Problem>();
  private readonly folders = new Map<string, readonly DirEntry[] | Problem>();
  private readonly contents = new Map<string, Uint8Array | Problem>();
  /** Background reads under way, as `op location`. */
  private readonly background = new Set<string>();
  private readonly listeners: (() => void)[] = [];
  private notifyScheduled = false;

  constructor(private readonly send: SendRequest) {}

  // The asynchronous access: asks the client and keeps the answer. ----------

  private async ask<R>(request: CustomRequest<FileLocationParams, R | FileProblem>, location: string): Promise<R | Problem> {
    try {
      return await this.send(request, { uri: location });
    } catch (e) {
      return failed(e);
    }
  }

  private async fetchStat(location: string): Promise<FileStat | Problem> {
    const answer = await this.ask(FileStatRequest, location);
    const stat: FileStat | Problem = isProblem(answer) ? answer : { type: answer.type, size: answer.size, mtime: answer.mtime };
    this.stats.set(location, stat);
    return stat;
  }

  private async fetchList(folder: string): Promise<readonly DirEntry[] | Problem> {
    const answer = await this.ask(ReadFolderRequest, folder);
    const list: readonly DirEntry[] | Problem = isProblem(answer) ? answer : answer.map((e) => ({ name: e.name, type: e.type }));
    this.folders.set(folder, list);
    return list;
  }

  private async fetchRead(location: string): Promise<Uint8Array | Problem> {
    const answer = await this.ask(ReadFileRequest, location);
    const bytes = isProblem(answer) ? answer : bytesOf(answer);
    this.contents.set(location, bytes);
    return bytes;
  }

  readonly async: AsyncFileSystem = {
    list: (folder) => this.fetchList(folder),
    stat: (location) => this.fetchStat(location),
    read: (location) => this.fetchRead(location),
    realpath: async (location) => location,
    decode: decodeUtf8,
  };

  // The synchronous access: what was read, else a read in the background. ---

  private known<T>(op: Op, map: Map<string, T | Problem>, location: string): T | Problem {
    const hit = map.get(location);
    if (hit !== undefined) return hit;
    this.readInBackground(op, location);
    return NOT_READ_YET;
  }

  private readInBackground(op: Op, location: string): void {
    const key = `${op} ${location}`;
    if (this.background.has(key)) return;
    this.background.add(key);
    const fetch = op === "stat" ? this.fetchStat(location) : op === "list" ? this.fetchList(location) : this.fetchRead(location);
    void fetch.then(() => {
      this.background.delete(key);
      this.scheduleNotify();
    });
  }

  private scheduleNotify(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    // One notice for the reads that end together (a portfolio asks for several files at once).
    setTimeout(() => {
      this.notifyScheduled = false;
      for (const listener of this.listeners) listener();
    }, 0);
  }

  readonly sync: FileSystem = {
    list: (folder) => this.known("list", this.folders, folder),
    stat: (location) => this.known("stat", this.stats, location),
    read: (location) => this.known("read", this.contents, location),
    realpath: (location) => location,
    decode: decodeUtf8,
  };

  /**
   * Reads the changed locations again (a watched-file event): their status,
   * their bytes when they were read before or are files now, and the listing
   * of their folder when it was read before. What was known below a location
   * (a deleted folder) is forgotten.
   */
  async reread(locations: readonly string[]): Promise<void> {
    await Promise.all(
      locations.map(async (location) => {
        for (const map of [this.stats, this.folders, this.contents] as Map<string, unknown>[]) {
          for (const key of [...map.keys()]) if (pathBelow(location, key) !== undefined) map.delete(key);
        }
        const parent = folderOf(location);
        const tasks: Promise<unknown>[] = [];
        if (this.folders.has(parent)) tasks.push(this.fetchList(parent));
        if (this.folders.has(location)) tasks.push(this.fetchList(location));
        const hadBytes = this.contents.has(location);
        this.contents.delete(location);
        const stat = await this.fetchStat(location);
        if (hadBytes || (!isProblem(stat) && stat.type === "file")) tasks.push(this.fetchRead(location));
        await Promise.all(tasks);
      }),
    );
  }

  /** Calls `listener` after background reads have brought what a synchronous access asked for. */
  onDidRead(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** The host as the language server takes it. */
  workspaceFiles(): WorkspaceFiles {
    return { sync: this.sync, async: this.async, reread: (locations) => this.reread(locations), onDidRead: (listener) => this.onDidRead(listener) };
  }
}
