/**
 * The language server: its capabilities and the wiring of its parts. Every
 * handler is thin: the cached analysis of the document's version, a core
 * feature, a conversion to LSP positions. A handler that throws is logged and
 * answered with an empty result (standard requests) or an error (custom
 * requests); the server keeps running.
 *
 * Deal files are served from the document cache (one analysis per version).
 * Portfolio files are served from the portfolio cache, whose engine reads the
 * workspace index (workspace.ts): every deal and portfolio file in the
 * workspace folders, kept current by watched-file events, the editor's
 * buffers taking precedence over the disk. A change to any file drops the
 * portfolio analyses that depend on it and republishes their diagnostics.
 *
 * The parts, by area (each registers its handlers on the connection):
 * - state.ts: what the handlers share (documents, caches, index, settings);
 * - documentSync.ts: document analysis and the deal diagnostics;
 * - portfolioDiagnostics.ts: the portfolio diagnostics;
 * - editorFeatures.ts: hover, inlay hints, CodeLens, completion, code actions, folding;
 * - navigation.ts: definition, references, symbols, rename;
 * - requests.ts: the custom requests of the protocol module (protocol/src).
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
  type WorkspaceFoldersChangeEvent,
} from "vscode-languageserver";
import { canonicalLocation, parseIsoDate } from "../core";
import { registerDocumentSync } from "./documentSync";
import { registerEditorFeatures } from "./editorFeatures";
import { registerNavigation } from "./navigation";
import { PortfolioDiagnostics } from "./portfolioDiagnostics";
import { registerCustomRequests } from "./requests";
import { SettingsStore } from "./settings";
import { errorText, ServerState, type ServerOptions } from "./state";
import { WATCH_GLOBS } from "./workspace";

export type { ServerOptions } from "./state";

/**
 * A docs folder URL as diagnostics link to it: an absolute `http:`, `https:`
 * or `file:` URL, with a `/` added at the end when it has none; undefined for
 * anything else (empty, relative, another scheme).
 */
export function docsBaseOf(url: unknown): string | undefined {
  if (typeof url !== "string" || url.trim() === "") return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (!["http:", "https:", "file:"].includes(parsed.protocol)) return undefined;
  parsed.hash = "";
  parsed.search = "";
  return parsed.href.endsWith("/") ? parsed.href : `${parsed.href}/`;
}

export function startLanguageServer(connection: Connection, options: ServerOptions): void {
  const state = new ServerState(connection, options);
  const { index, client } = state;
  const portfolioDiagnostics = new PortfolioDiagnostics(state);
  const dealDiagnostics = registerDocumentSync(state, portfolioDiagnostics);
  registerEditorFeatures(state);
  registerNavigation(state);
  registerCustomRequests(state);
  options.files.onDidRead?.(() => portfolioDiagnostics.filesRead());

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    const init = params.initializationOptions as { docsUrl?: unknown; today?: unknown } | null | undefined;
    if (typeof init?.today === "string") {
      const t = parseIsoDate(init.today);
      if (t.ok) state.today = t.day;
      else state.log(`The today option \`${init.today}\` is not a date written YYYY-MM-DD: the deadline lenses show no days left.`);
    }
    const docsUrl = docsBaseOf(init?.docsUrl);
    if (docsUrl !== undefined) state.docsBase = docsUrl;
    else if (typeof init?.docsUrl === "string" && init.docsUrl.trim() !== "") state.log(`The docsUrl option \`${init.docsUrl}\` is not an http(s) or file URL: diagnostic codes link to ${state.docsBase}.`);
    if (caps.workspace?.configuration) {
      state.settings = new SettingsStore((uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: "dealspec" }), state.log);
    }
    client.configurationChanges = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    client.refreshHints = caps.workspace?.inlayHint?.refreshSupport === true;
    client.refreshLenses = caps.workspace?.codeLens?.refreshSupport === true;
    client.watchFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    client.folderChanges = caps.workspace?.workspaceFolders === true;
    client.definitionLinks = caps.textDocument?.definition?.linkSupport === true;
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: "" }] : []);
    index.setFolders(folders.map((f) => f.uri));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [" ", ":", "-", "["], resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: { resolveProvider: false },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        workspaceSymbolProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: "dealspec", ...(options.version ? { version: options.version } : {}) },
    };
  });

  connection.onInitialized(() => {
    if (client.configurationChanges) void connection.client.register(DidChangeConfigurationNotification.type, { section: "dealspec" });
    if (client.watchFiles) {
      // Until the client confirms, the index checks files against the disk when it uses them.
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCH_GLOBS.map((globPattern) => ({ globPattern })) }).then(
        () => (index.watching = true),
        (e: unknown) => state.log(`Registering file watchers failed: ${errorText(e)}`),
      );
    }
    if (client.folderChanges) {
      connection.workspace.onDidChangeWorkspaceFolders((e: WorkspaceFoldersChangeEvent) => {
        const removed = new Set(e.removed.map((f) => canonicalLocation(f.uri)));
        index.setFolders([...index.workspaceFolders.filter((f) => !removed.has(f)), ...e.added.map((f) => f.uri)]);
        void portfolioDiagnostics.reindex();
      });
    }
    void portfolioDiagnostics.reindex();
  });

  connection.onDidChangeConfiguration(() => {
    state.settings.invalidate();
    state.refreshViews();
  });

  connection.onShutdown(() => {
    dealDiagnostics.dispose();
    portfolioDiagnostics.dispose();
    state.cache.dispose();
  });

  state.documents.listen(connection);
}
