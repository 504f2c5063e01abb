/**
 * The client's side of the browser build's file host: the language server in
 * the web worker has no file system, and asks the client for what the file
 * policy needs (the requests of `FILE_HOST_REQUESTS` in protocol/src). The
 * client answers through VS Code's `workspace.fs`, so the workspace may be a
 * virtual file system (github.dev's `vscode-vfs:`). A failure is an answer
 * (`FileProblem`), never an error of the request.
 */
import * as vscode from "vscode";
import type { BaseLanguageClient } from "vscode-languageclient";
import { FileStatRequest, ReadFileRequest, ReadFolderRequest, type FileBytes, type FileProblem, type FileStatResult, type FolderEntry } from "../../../protocol/src";

/** What a `workspace.fs` failure is, in the file policy's words. */
export function problemOf(error: unknown): FileProblem {
  if (error instanceof vscode.FileSystemError) {
    switch (error.code) {
      case "FileNotFound":
      case "FileNotADirectory":
        return { problem: "missing" };
      case "NoPermissions":
        return { problem: "denied" };
      case "FileIsADirectory":
        return { problem: "folder" };
    }
  }
  return { problem: "other", detail: error instanceof Error ? error.message : String(error) };
}

/** A folder entry's type, a link as a link (as the file policy lists folders). */
export function entryType(type: vscode.FileType): FolderEntry["type"] {
  if (type & vscode.FileType.SymbolicLink) return "link";
  if (type & vscode.FileType.File) return "file";
  if (type & vscode.FileType.Directory) return "folder";
  return "other";
}

/** A file's type, links followed. */
function statType(type: vscode.FileType): FileStatResult["type"] {
  if (type & vscode.FileType.File) return "file";
  if (type & vscode.FileType.Directory) return "folder";
  return "other";
}

function base64Of(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Answers the server's file requests through `fs` (VS Code's `workspace.fs`). */
export function answerFileRequests(client: BaseLanguageClient, fs: vscode.FileSystem = vscode.workspace.fs): vscode.Disposable[] {
  return [
    client.onRequest(FileStatRequest.type, async ({ uri }): Promise<FileStatResult | FileProblem> => {
      try {
        const s = await fs.stat(vscode.Uri.parse(uri, true));
        return { type: statType(s.type), size: s.size, mtime: s.mtime };
      } catch (e) {
        return problemOf(e);
      }
    }),
    client.onRequest(ReadFolderRequest.type, async ({ uri }): Promise<readonly FolderEntry[] | FileProblem> => {
      try {
        return (await fs.readDirectory(vscode.Uri.parse(uri, true))).map(([name, type]) => ({ name, type: entryType(type) }));
      } catch (e) {
        return problemOf(e);
      }
    }),
    client.onRequest(ReadFileRequest.type, async ({ uri }): Promise<FileBytes | FileProblem> => {
      try {
        return { base64: base64Of(await fs.readFile(vscode.Uri.parse(uri, true))) };
      } catch (e) {
        return problemOf(e);
      }
    }),
  ];
}
