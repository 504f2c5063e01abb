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
export { ConfigLookup, loadConfig, type LoadedConfig } from "./config";
export { isProblem, problemText, type AsyncFileSystem, type DirEntry, type EntryType, type FileStat, type FileSystem, type Problem } from "./host";
export { folderGlob, globHolds, globIn, isSkippedFolder, listFolder, listFolderAsync, resolveTargets, type ListedFile, type Listing, type ListOptions, type Target, type Targets } from "./policy";
export { decodeFileBytes, MAX_FILE_BYTES, readText, readTextAsync, realLocation, type TextRead } from "./read";
