/**
 * The language server: wires LSP requests to the engine. Every handler is
 * thin: the cached analysis of the document's version, a core feature, a
 * conversion to LSP positions. A handler that throws is logged and answered
 * with an empty result (standard requests) or an error (custom requests); the
 * server keeps running.
 *
 * Deal files are served from the document cache (one analysis per version).
 * Portfolio files are served from the portfolio cache, whose engine reads the
 * workspace index (workspace.ts): every deal and portfolio file in the
 * workspace folders, kept current by watched-file events, the editor's
 * buffers taking precedence over the disk. A change to any file drops the
 * portfolio analyses that depend on it and republishes their diagnostics.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  SymbolKind,
  ErrorCodes,
  LSPErrorCodes,
  RequestType,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeActionParams,
  type CodeLensParams,
  type CompletionParams,
  type Connection,
  type DefinitionParams,
  type PrepareRenameParams,
  type RenameParams,
  type WorkspaceEdit,
  type Diagnostic,
  type DidChangeWatchedFilesParams,
  type DocumentSymbolParams,
  type FoldingRangeParams,
  type HoverParams,
  type InitializeResult,
  type InlayHintParams,
  type Location,
  type LocationLink,
  type Range,
  type ReferenceParams,
  type SymbolInformation,
  type WorkspaceFoldersChangeEvent,
  type WorkspaceSymbolParams,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import {
  analyze,
  canonicalLocation,
  figuresJson,
  fileKindOf,
  LineIndex,
  newFileTemplate,
  parseSyntax,
  pathBelow,
  portfolioFiguresJson,
  providerOf,
  templateSnippet,
  type IncludedKind,
  type Span,
} from "../core";
import {
  codeLenses,
  complete,
  dealTarget,
  documentSymbols,
  figuresDisplay,
  portfolioFiguresDisplay,
  portfolioScheduleOf,
  foldingRanges,
  hitAt,
  hover,
  HINT_GROUPS,
  mentionAt,
  mentionsOf,
  renameEdits,
  includesOf,
  inlayHints,
  portfolioCodeLenses,
  portfolioDefinition,
  portfolioHover,
  portfolioInlayHints,
  priceRewrites,
  quickFixes,
  scheduleOf,
  symbolQueryMatches,
  valueAt,
  type FileTarget,
  type HintGroup,
  type PortfolioHintGroup,
} from "../core/features";
import { toCodeAction, toRewriteAction, toCodeLens, toCompletionItem, toDiagnostic, toFoldingRange, toHover, toInlayHint, toRange, toSymbol, type FileLines } from "./convert";
import { DiagnosticsScheduler } from "./diagnostics";
import { AnalysisCache, type Snapshot } from "./documents";
import { PortfolioCache, type PortfolioSnapshot } from "./portfolios";
import { cashFlowOf, portfolioCashFlowOf } from "../core/features/cashflow";
import {
  CashFlowRequest,
  DEAL_LANGUAGE_ID,
  FiguresRequest,
  PORTFOLIO_LANGUAGE_ID,
  ScheduleRequest,
  TemplateRequest,
  type CustomRequest,
  type DocumentParams,
  type TemplateParams,
  type TemplateResult,
} from "../../../protocol/src";
import { SettingsStore } from "./settings";
import { WATCH_GLOBS, WorkspaceIndex, type IndexedFile, type WorkspaceFiles } from "./workspace";

export interface ServerOptions {
  /**
   * URL of the docs folder, ending in `/`: diagnostics link to
   * `diagnostics.md#<code>` in it. The client's `docsUrl` initialization
   * option replaces it (VS Code: the `dealspec.docs.url` setting).
   */
  readonly docsBase: string;
  /** Debounce of diagnostics after an edit (default 150 ms). */
  readonly diagnosticsDelayMs?: number;
  readonly version?: string;
  /** The most deal and portfolio files the workspace index holds (default 5,000). */
  readonly maxIndexedFiles?: number;
  /** File access for the workspace index and closed files (the Node entry passes the Node host). */
  readonly files: WorkspaceFiles;
}

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

/**
 * The server library's `RequestType` of a custom request declared in the
 * protocol module: the same method, params and result. The server library is
 * built on its own copy of vscode-jsonrpc, older than the client's one that
 * the protocol module shares, and the compiler tells the two copies'
 * `RequestType` classes apart.
 */
function serverType<P, R>(request: CustomRequest<P, R>): RequestType<P, R, void> {
  return new RequestType<P, R, void>(request.type.method);
}

function message(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

export function startLanguageServer(connection: Connection, options: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new AnalysisCache();
  /** Where diagnostic codes link: `options.docsBase`, or the client's `docsUrl`. */
  let docsBase = options.docsBase;
  let settings = new SettingsStore(undefined, () => {});
  let configurationChanges = false;
  let canRefreshHints = false;
  let canRefreshLenses = false;
  let canWatchFiles = false;
  let folderChanges = false;
  let definitionLinks = false;

  const log = (text: string) => connection.console.error(text);

  // Open documents, by canonical location (the form the portfolio engine uses) -> the URI the client sent.
  const openByLocation = new Map<string, string>();
  const kindOfDoc = (doc: TextDocument): IncludedKind => fileKindOf(doc.uri) ?? (doc.languageId === PORTFOLIO_LANGUAGE_ID ? "portfolio" : "deal");
  const openDoc = (location: string): TextDocument | undefined => {
    const uri = openByLocation.get(location);
    return uri === undefined ? undefined : documents.get(uri);
  };
  /** The URI the client knows a file by: the open document's, else the canonical one. */
  const clientUri = (location: string): string => openByLocation.get(location) ?? location;

  const index = new WorkspaceIndex(
    {
      text: (location) => openDoc(location)?.getText(),
      dealAnalysis: (location) => {
        const doc = openDoc(location);
        return doc && kindOfDoc(doc) === "deal" ? cache.get(doc).analysis : undefined;
      },
      locations: () => [...openByLocation.keys()].filter((l) => l.startsWith("file:")),
    },
    options.files,
    {
      ...(options.maxIndexedFiles !== undefined ? { maxFiles: options.maxIndexedFiles } : {}),
      // A link whose target changed on disk changes what the portfolios that include the link count.
      linkChanged: (location) => {
        if (!openByLocation.has(location)) fileChanged(location, fileKindOf(location) === "portfolio", false);
      },
    },
  );
  const portfolios = new PortfolioCache(
    index,
    (location) => index.portfolioText(location),
    () => index.watching,
  );

  const snapshotOf = (uri: string): Snapshot | undefined => {
    const doc = documents.get(uri);
    return doc && kindOfDoc(doc) === "deal" ? cache.get(doc) : undefined;
  };
  /** The portfolio analysis of an open portfolio document. */
  const portfolioOf = (uri: string): PortfolioSnapshot | undefined => {
    const doc = documents.get(uri);
    return doc && kindOfDoc(doc) === "portfolio" ? portfolios.get(canonicalLocation(uri)) : undefined;
  };

  /** Line indexes of other files (related information, navigation), one per file text. */
  const linesCache = new Map<string, { text: string; lines: LineIndex }>();
  const linesOf = (location: string, text: string): LineIndex => {
    let e = linesCache.get(location);
    if (!e || e.text !== text) {
      e = { text, lines: new LineIndex(text) };
      linesCache.set(location, e);
    }
    return e.lines;
  };
  const fileLines: FileLines = (location) => {
    const loc = canonicalLocation(location);
    const text = openDoc(loc)?.getText() ?? index.file(loc)?.text;
    return text === undefined ? undefined : { uri: clientUri(loc), lines: linesOf(loc, text) };
  };

  const diagnostics = new DiagnosticsScheduler<Diagnostic>(
    {
      currentVersion: (uri) => documents.get(uri)?.version,
      compute: (uri) => {
        const s = snapshotOf(uri);
        return s && { version: s.version, diagnostics: s.analysis.diagnostics.map((d) => toDiagnostic(uri, s.lines, d, docsBase)) };
      },
      publish: (uri, version, list) => void connection.sendDiagnostics(version === undefined ? { uri, diagnostics: list } : { uri, version, diagnostics: list }),
      logError: log,
    },
    options.diagnosticsDelayMs ?? 150,
  );

  // Portfolio diagnostics, for every portfolio file in the workspace and every open one, keyed by
  // canonical location; a portfolio's "version" is its generation in the portfolio cache.
  const isKnownPortfolio = (location: string): boolean => {
    const doc = openDoc(location);
    return doc ? kindOfDoc(doc) === "portfolio" : index.isWalked(location) && fileKindOf(location) === "portfolio";
  };
  const publishedPortfolios = new Set<string>();
  /** Portfolios whose analysis changed because of another file since their diagnostics were last published. */
  const changedElsewhere = new Set<string>();
  const portfolioDiagnostics = new DiagnosticsScheduler<Diagnostic>(
    {
      currentVersion: (location) => (isKnownPortfolio(location) ? portfolios.generation(location) : undefined),
      compute: (location) => {
        const s = portfolios.get(location);
        const uri = clientUri(location);
        return s && { version: s.generation, diagnostics: s.analysis.diagnostics.map((d) => toDiagnostic(uri, s.lines, d, docsBase, fileLines)) };
      },
      publish: (location, _generation, list) => {
        const uri = clientUri(location);
        const version = documents.get(uri)?.version;
        // An open portfolio changed through another file: its hints and lenses are stale in the editor.
        if (changedElsewhere.delete(location) && version !== undefined) refreshViews();
        if (list.length > 0 || _generation !== undefined) publishedPortfolios.add(location);
        else publishedPortfolios.delete(location);
        void connection.sendDiagnostics(version === undefined ? { uri, diagnostics: list } : { uri, version, diagnostics: list });
      },
      logError: log,
    },
    options.diagnosticsDelayMs ?? 150,
  );

  /**
   * A file changed (in the editor or on disk), appeared or disappeared: the
   * portfolio analyses that depend on it are dropped and their diagnostics
   * scheduled (debounced like a deal's, or at once).
   */
  function fileChanged(location: string, isPortfolio: boolean, immediate: boolean): void {
    for (const p of portfolios.changed(location, isPortfolio)) {
      if (p !== location) changedElsewhere.add(p);
      if (isKnownPortfolio(p)) portfolioDiagnostics.schedule(p, portfolios.generation(p), immediate);
    }
  }

  /** Asks the client to request inlay hints and CodeLens again (they are pulled per document). */
  function refreshViews(): void {
    if (canRefreshHints) connection.languages.inlayHint.refresh().catch(() => {});
    if (canRefreshLenses) connection.sendRequest("workspace/codeLens/refresh").catch(() => {});
  }

  /** A portfolio file that is gone: its diagnostics are cleared. */
  function portfolioGone(location: string, uri = clientUri(location)): void {
    portfolios.forget(location);
    portfolioDiagnostics.cancel(location);
    publishedPortfolios.delete(location);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Every portfolio the server publishes diagnostics for: in the workspace index, or open. */
  function knownPortfolios(): string[] {
    const out = new Set(index.indexed("portfolio").filter((f) => !f.unwatched).map((f) => f.location));
    for (const [location, uri] of openByLocation) {
      const doc = documents.get(uri);
      if (doc && kindOfDoc(doc) === "portfolio") out.add(location);
    }
    return [...out];
  }

  /** Walks the workspace folders, then (re)publishes every portfolio's diagnostics. */
  async function reindex(): Promise<void> {
    try {
      const s = await index.index();
      connection.console.info(`Indexed ${s.deals} deal and ${s.portfolios} portfolio files in ${s.folders} workspace folder${s.folders === 1 ? "" : "s"} (${Math.round(s.ms)} ms).`);
      if (s.capped) {
        connection.console.warn(
          `Stopped indexing at ${options.maxIndexedFiles ?? 5000} deal and portfolio files: portfolios outside the index read their files from disk directly, and workspace symbols list the indexed files only.`,
        );
      }
      portfolios.clear();
      const known = knownPortfolios();
      for (const p of known) portfolioDiagnostics.schedule(p, portfolios.generation(p), true);
      for (const p of [...publishedPortfolios]) if (!known.includes(p)) portfolioGone(p);
    } catch (e) {
      log(`Indexing the workspace failed: ${message(e)}`);
    }
  }

  /**
   * Wraps a standard request handler: a cancelled request is answered as
   * cancelled; an exception is logged and answered with `empty`.
   */
  function guarded<P, R>(name: string, empty: R, handler: (params: P) => R | Promise<R>) {
    return async (params: P, token?: CancellationToken): Promise<R | ResponseError<void>> => {
      if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
      try {
        const result = await handler(params);
        if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
        return result;
      } catch (e) {
        log(`${name} failed: ${message(e)}`);
        return empty;
      }
    };
  }

  /** What a custom request is about: an open deal's snapshot, a closed deal file read from disk, or a portfolio. */
  type RequestTarget = { readonly kind: "deal"; readonly snapshot: Snapshot } | { readonly kind: "portfolio"; readonly snapshot: PortfolioSnapshot };

  async function targetForRequest(uri: string): Promise<RequestTarget> {
    const doc = documents.get(uri);
    const isPortfolio = doc ? kindOfDoc(doc) === "portfolio" : fileKindOf(uri) === "portfolio";
    if (isPortfolio) {
      if (!doc && !uri.startsWith("file:")) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not open`);
      const s = portfolios.get(canonicalLocation(uri));
      if (!s) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} cannot be read`);
      return { kind: "portfolio", snapshot: s };
    }
    const open = snapshotOf(uri);
    if (open) return { kind: "deal", snapshot: open };
    if (!uri.startsWith("file:")) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not open`);
    const read = index.read(canonicalLocation(uri));
    if (!("text" in read)) throw new ResponseError(ErrorCodes.InvalidParams, read.problem);
    const text = read.text;
    return { kind: "deal", snapshot: { uri, version: -1, analysis: analyze(text), lines: new LineIndex(text) } };
  }

  /** The handler of a request about one document: `handler` gets the document's analysis. */
  function documentRequest<R>(request: CustomRequest<DocumentParams, unknown>, handler: (t: RequestTarget) => R) {
    const name = request.method;
    return async (params: DocumentParams): Promise<R | ResponseError<void>> => {
      try {
        if (typeof params?.uri !== "string") return new ResponseError(ErrorCodes.InvalidParams, `${name} needs {"uri": "..."}`);
        return handler(await targetForRequest(params.uri));
      } catch (e) {
        if (e instanceof ResponseError) return e as ResponseError<void>;
        log(`${name} failed: ${message(e)}`);
        return new ResponseError(ErrorCodes.InternalError, `${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
  }

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    const init = params.initializationOptions as { docsUrl?: unknown } | null | undefined;
    const docsUrl = docsBaseOf(init?.docsUrl);
    if (docsUrl !== undefined) docsBase = docsUrl;
    else if (typeof init?.docsUrl === "string" && init.docsUrl.trim() !== "") log(`The docsUrl option \`${init.docsUrl}\` is not an http(s) or file URL: diagnostic codes link to ${docsBase}.`);
    if (caps.workspace?.configuration) {
      settings = new SettingsStore((uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: "dealspec" }), log);
    }
    configurationChanges = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    canRefreshHints = caps.workspace?.inlayHint?.refreshSupport === true;
    canRefreshLenses = caps.workspace?.codeLens?.refreshSupport === true;
    canWatchFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    folderChanges = caps.workspace?.workspaceFolders === true;
    definitionLinks = caps.textDocument?.definition?.linkSupport === true;
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
    if (configurationChanges) void connection.client.register(DidChangeConfigurationNotification.type, { section: "dealspec" });
    if (canWatchFiles) {
      // Until the client confirms, the index checks files against the disk when it uses them.
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCH_GLOBS.map((globPattern) => ({ globPattern })) }).then(
        () => (index.watching = true),
        (e: unknown) => log(`Registering file watchers failed: ${message(e)}`),
      );
    }
    if (folderChanges) {
      connection.workspace.onDidChangeWorkspaceFolders((e: WorkspaceFoldersChangeEvent) => {
        const removed = new Set(e.removed.map((f) => canonicalLocation(f.uri)));
        index.setFolders([...index.workspaceFolders.filter((f) => !removed.has(f)), ...e.added.map((f) => f.uri)]);
        void reindex();
      });
    }
    void reindex();
  });

  connection.onDidChangeConfiguration(() => {
    settings.invalidate();
    refreshViews();
  });

  connection.onDidChangeWatchedFiles((params: DidChangeWatchedFilesParams) => {
    try {
      for (const change of params.changes) {
        const location = canonicalLocation(change.uri);
        if (change.type === FileChangeType.Deleted) {
          const gone = index.remove(location);
          // A file not indexed may still be something a portfolio looked for.
          if (gone.length === 0 && fileKindOf(location)) gone.push(location);
          for (const g of gone) {
            if (openByLocation.has(g)) continue; // the editor's buffer still stands
            const isPortfolio = fileKindOf(g) === "portfolio";
            if (isPortfolio) portfolioGone(g);
            fileChanged(g, false, false);
          }
        } else if (index.refresh(location) && !openByLocation.has(location)) {
          fileChanged(location, fileKindOf(location) === "portfolio", false);
        }
      }
    } catch (e) {
      log(`Watched-file changes failed: ${message(e)}`);
    }
  });

  const seen = new Set<string>();
  documents.onDidOpen(({ document }) => {
    openByLocation.set(canonicalLocation(document.uri), document.uri);
  });
  documents.onDidChangeContent(({ document }) => {
    // The first version is published at once; edits wait for a pause in typing.
    const first = !seen.has(document.uri);
    seen.add(document.uri);
    const location = canonicalLocation(document.uri);
    if (kindOfDoc(document) === "portfolio") {
      fileChanged(location, true, first);
      return;
    }
    diagnostics.schedule(document.uri, document.version, first);
    fileChanged(location, false, false);
  });
  documents.onDidClose(({ document }) => {
    const location = canonicalLocation(document.uri);
    const isPortfolio = kindOfDoc(document) === "portfolio";
    seen.delete(document.uri);
    cache.delete(document.uri);
    settings.forget(document.uri);
    openByLocation.delete(location);
    if (!isPortfolio) diagnostics.clear(document.uri);
    // The disk's text counts again: read it anew (the client may not watch files).
    index.refresh(location);
    if (isPortfolio && !isKnownPortfolio(location)) portfolioGone(location, document.uri);
    else fileChanged(location, isPortfolio, isPortfolio);
  });

  connection.onHover(
    guarded("hover", null, (params: HoverParams) => {
      const p = portfolioOf(params.textDocument.uri);
      if (p) {
        const h = portfolioHover(p.analysis, p.lines.offset(params.position));
        return h ? toHover(p.lines, h) : null;
      }
      const s = snapshotOf(params.textDocument.uri);
      if (!s) return null;
      const h = hover(s.analysis, s.lines.offset(params.position));
      return h ? toHover(s.lines, h) : null;
    }),
  );

  connection.languages.inlayHint.on(
    guarded("inlay hints", [], async (params: InlayHintParams) => {
      const uri = params.textDocument.uri;
      const conf = await settings.get(uri);
      const p = portfolioOf(uri);
      if (p) {
        const off = new Set<PortfolioHintGroup>(conf.inlayHints.expectations ? [] : ["expectations"]);
        const range = { start: p.lines.offset(params.range.start), end: p.lines.offset(params.range.end) };
        return portfolioInlayHints(p.analysis, { range, off }).map((h) => toInlayHint(p.lines, h));
      }
      const s = snapshotOf(uri);
      if (!s) return [];
      const off = new Set<HintGroup>(HINT_GROUPS.filter((g) => !conf.inlayHints[g]));
      const range = { start: s.lines.offset(params.range.start), end: s.lines.offset(params.range.end) };
      return inlayHints(s.analysis, { range, off }).map((h) => toInlayHint(s.lines, h));
    }),
  );

  connection.onCodeLens(
    guarded("code lens", [], async (params: CodeLensParams) => {
      const uri = params.textDocument.uri;
      const conf = await settings.get(uri);
      if (!conf.codeLens.enabled) return [];
      const p = portfolioOf(uri);
      if (p) return portfolioCodeLenses(p.analysis).map((l) => toCodeLens(p.lines, uri, l));
      const s = snapshotOf(uri);
      if (!s) return [];
      return codeLenses(s.analysis).map((l) => toCodeLens(s.lines, uri, l));
    }),
  );

  connection.onCompletion(
    guarded("completion", [], (params: CompletionParams) => {
      const s = snapshotOf(params.textDocument.uri);
      if (!s) return [];
      return complete(s.analysis.text, s.lines.offset(params.position), s.analysis).map((c) => toCompletionItem(s.lines, c));
    }),
  );

  connection.onCodeAction(
    guarded("code action", [], (params: CodeActionParams) => {
      const uri = params.textDocument.uri;
      const p = portfolioOf(uri);
      const deal = p ? undefined : snapshotOf(uri);
      const s = p ? { lines: p.lines, analysis: p.analysis } : deal;
      if (!s) return [];
      const range = { start: s.lines.offset(params.range.start), end: s.lines.offset(params.range.end) };
      const fixes = quickFixes(s.analysis, range).map((q) =>
        toCodeAction(
          uri,
          s.lines,
          q,
          [q.diagnostic, ...(q.also ?? [])].map((d) => toDiagnostic(uri, s.lines, d, docsBase, fileLines)),
        ),
      );
      // Rewrites that keep the figures (amount <-> price), where no diagnostic asks for them.
      const rewrites = deal ? priceRewrites(deal.analysis, range).map((fix) => toRewriteAction(uri, deal.lines, fix)) : [];
      return [...fixes, ...rewrites];
    }),
  );

  connection.onDocumentSymbol(
    guarded("document symbols", [], (params: DocumentSymbolParams) => {
      const p = portfolioOf(params.textDocument.uri);
      if (p) return documentSymbols(p.analysis.syntax).map((sym) => toSymbol(p.lines, sym));
      const s = snapshotOf(params.textDocument.uri);
      return s ? documentSymbols(s.analysis.syntax).map((sym) => toSymbol(s.lines, sym)) : [];
    }),
  );

  connection.onFoldingRanges(
    guarded("folding ranges", [], (params: FoldingRangeParams) => {
      const doc = documents.get(params.textDocument.uri);
      return doc ? foldingRanges(doc.getText()).map(toFoldingRange) : [];
    }),
  );

  /** A place in another file as an LSP range: its span, or the file's start. */
  const targetRange = (t: FileTarget): { uri: string; range: Range } => {
    const start = { line: 0, character: 0 };
    if (t.span && t.text !== undefined) return { uri: clientUri(t.location), range: toRange(linesOf(t.location, t.text), t.span) };
    return { uri: clientUri(t.location), range: { start, end: start } };
  };

  /** The span of a deal file's id (`deal:` key or value) under the offset, if that is where it is. */
  const dealIdAt = (s: Snapshot, offset: number): Span | undefined => {
    const hit = hitAt(s.analysis.syntax, offset);
    return hit && hit.path.length === 1 && hit.path[0] === "deal" ? (s.analysis.model?.idSpan ?? hit.span) : undefined;
  };

  connection.onDefinition(
    guarded("definition", null, (params: DefinitionParams): Location[] | LocationLink[] | null => {
      const uri = params.textDocument.uri;
      const p = portfolioOf(uri);
      if (p) {
        const def = portfolioDefinition(p.analysis, p.lines.offset(params.position));
        if (!def) return null;
        const origin = toRange(p.lines, def.origin);
        const targets = def.targets.map(targetRange);
        return definitionLinks
          ? targets.map((t) => ({ originSelectionRange: origin, targetUri: t.uri, targetRange: t.range, targetSelectionRange: t.range }))
          : targets.map((t) => ({ uri: t.uri, range: t.range }));
      }
      // In a deal file, the id is its own definition: editors then offer its references (the portfolios that include it).
      const s = snapshotOf(uri);
      if (!s) return null;
      const offset = s.lines.offset(params.position);
      // A fee, option or clause a scenario names: its definition.
      const named = mentionsOf(s.analysis, offset)?.definition;
      if (named) return [{ uri, range: toRange(s.lines, named.span) }];
      const id = dealIdAt(s, offset);
      return id ? [{ uri, range: toRange(s.lines, id) }] : null;
    }),
  );

  /** Where the portfolios of the workspace (and the open ones) include a file. */
  function includesOfFile(location: string): Location[] {
    const out: Location[] = [];
    for (const p of knownPortfolios()) {
      const s = portfolios.get(p);
      if (!s) continue;
      for (const span of includesOf(s.analysis, location)) out.push({ uri: clientUri(p), range: toRange(s.lines, span) });
    }
    return out;
  }

  connection.onReferences(
    guarded("references", [], (params: ReferenceParams): Location[] => {
      const uri = params.textDocument.uri;
      const p = portfolioOf(uri);
      if (p) {
        const offset = p.lines.offset(params.position);
        const hit = hitAt(p.analysis.syntax, offset);
        if (hit?.path[0] === "portfolio") return includesOfFile(p.location);
        if (hit?.path[0] === "include" && typeof hit.path[1] === "number") {
          const inc = p.analysis.includes.find((i) => i.index === hit.path[1]);
          const out: Location[] = [];
          for (const f of inc?.files ?? []) {
            if (params.context.includeDeclaration && f.kind === "deal") out.push(targetRange(dealTarget(f.location, p.analysis.deals.find((d) => d.location === f.location)?.analysis)));
            out.push(...includesOfFile(f.location));
          }
          return out;
        }
        return [];
      }
      const s = snapshotOf(uri);
      if (!s) return [];
      const named = mentionsOf(s.analysis, s.lines.offset(params.position));
      if (named) return named.mentions.filter((x) => params.context.includeDeclaration || !x.definition).map((x) => ({ uri, range: toRange(s.lines, x.span) }));
      const id = dealIdAt(s, s.lines.offset(params.position));
      if (!id) return [];
      const out = params.context.includeDeclaration ? [{ uri, range: toRange(s.lines, id) }] : [];
      return [...out, ...includesOfFile(canonicalLocation(uri))];
    }),
  );

  connection.onPrepareRename(
    guarded("prepare rename", null, (params: PrepareRenameParams) => {
      const s = snapshotOf(params.textDocument.uri);
      if (!s) return null;
      const at = mentionAt(s.analysis, s.lines.offset(params.position));
      if (!at || at.kind === "clause") return null;
      return { range: toRange(s.lines, at.span), placeholder: at.id };
    }),
  );

  connection.onRenameRequest(
    guarded("rename", null, (params: RenameParams): WorkspaceEdit | ResponseError<void> | null => {
      const uri = params.textDocument.uri;
      const s = snapshotOf(uri);
      if (!s) return null;
      const r = renameEdits(s.analysis, s.lines.offset(params.position), params.newName);
      if (!r) return null;
      // The editor shows the reason to the user.
      if ("problem" in r) return new ResponseError(ErrorCodes.InvalidRequest, r.problem);
      return { changes: { [uri]: r.edits.map((e) => ({ range: toRange(s.lines, e.span), newText: e.newText })) } };
    }),
  );

  /** A deal file's id, provider and where its id is, from its analysis if there is one, else from its syntax alone. */
  const symbolInfo = new WeakMap<IndexedFile, { id?: string; provider?: string; span?: Span; text: string }>();
  function dealSymbol(f: IndexedFile): { id?: string; provider?: string; span?: Span; text: string } {
    let info = symbolInfo.get(f);
    if (!info) {
      const a = f.analysis;
      if (a) info = { ...(a.model?.id ? { id: a.model.id } : {}), ...(a.model ? { provider: providerOf(a.model) } : {}), ...(a.model?.idSpan ? { span: a.model.idSpan } : {}), text: f.text };
      else {
        const tree = parseSyntax(f.text);
        const id = valueAt(tree.root, ["deal"]);
        const provider = valueAt(tree.root, ["parties", "provider"]);
        info = { text: f.text };
        if (typeof id === "string") Object.assign(info, { id, span: tree.spanOf(["deal"]) });
        if (typeof provider === "string") info.provider = provider.trim();
      }
      symbolInfo.set(f, info);
    }
    return info;
  }

  /** The path of a file in its workspace folder, for the symbol list. */
  const shownPath = (location: string): string => {
    for (const folder of index.workspaceFolders) {
      const below = pathBelow(folder, location);
      if (below !== undefined) return below;
    }
    return location;
  };

  connection.onWorkspaceSymbol(
    guarded("workspace symbols", [], (params: WorkspaceSymbolParams): SymbolInformation[] => {
      const out: SymbolInformation[] = [];
      const seenDeals = new Set<string>();
      const addDeal = (location: string, id: string | undefined, provider: string | undefined, span: Span | undefined, text: string) => {
        if (id === undefined || seenDeals.has(location)) return;
        seenDeals.add(location);
        if (!symbolQueryMatches(params.query, id) && !(provider && symbolQueryMatches(params.query, provider))) return;
        const range = span ? toRange(linesOf(location, text), span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        out.push({ name: provider ? `${id} (${provider})` : id, kind: SymbolKind.Object, location: { uri: clientUri(location), range }, containerName: shownPath(location) });
      };
      for (const [location, uri] of openByLocation) {
        const s = snapshotOf(uri);
        const m = s?.analysis.model;
        if (s) addDeal(location, m?.id, m ? providerOf(m) : undefined, m?.idSpan, s.analysis.text);
      }
      for (const f of index.indexed("deal")) {
        if (f.unwatched) continue;
        const info = dealSymbol(f);
        addDeal(f.location, info.id, info.provider, info.span, info.text);
      }
      for (const location of knownPortfolios()) {
        const s = portfolios.get(location);
        const m = s?.analysis.model;
        if (!s || !m?.id || !symbolQueryMatches(params.query, m.id)) continue;
        out.push({ name: m.id, kind: SymbolKind.Package, location: { uri: clientUri(location), range: toRange(s.lines, m.idSpan ?? { start: 0, end: 0 }) }, containerName: shownPath(location) });
      }
      return out;
    }),
  );

  connection.onRequest(
    serverType(FiguresRequest),
    documentRequest(FiguresRequest, (t) => (t.kind === "portfolio" ? { ...portfolioFiguresJson(t.snapshot.analysis), display: portfolioFiguresDisplay(t.snapshot.analysis) } : { ...figuresJson(t.snapshot.analysis), display: figuresDisplay(t.snapshot.analysis) })),
  );
  connection.onRequest(
    serverType(CashFlowRequest),
    documentRequest(CashFlowRequest, (t) => (t.kind === "portfolio" ? portfolioCashFlowOf(t.snapshot.analysis) : cashFlowOf(t.snapshot.analysis))),
  );
  connection.onRequest(
    serverType(ScheduleRequest),
    documentRequest(ScheduleRequest, (t) => (t.kind === "portfolio" ? portfolioScheduleOf(t.snapshot.analysis) : scheduleOf(t.snapshot.analysis))),
  );

  connection.onRequest(serverType(TemplateRequest), (params: TemplateParams): TemplateResult => {
    const kind = params?.kind;
    if (kind !== "deal" && kind !== "portfolio") throw new ResponseError(ErrorCodes.InvalidParams, `${TemplateRequest.method}: \`kind\` is "deal" or "portfolio"`);
    const now = new Date();
    const template = newFileTemplate(kind, { today: { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() } });
    const lines = new LineIndex(template.text);
    const first = template.fields[0]!.span;
    return {
      languageId: kind === "deal" ? DEAL_LANGUAGE_ID : PORTFOLIO_LANGUAGE_ID,
      text: template.text,
      snippet: templateSnippet(template),
      selection: { start: lines.position(first.start), end: lines.position(first.end) },
    };
  });

  connection.onShutdown(() => {
    diagnostics.dispose();
    portfolioDiagnostics.dispose();
  });

  documents.listen(connection);
}
