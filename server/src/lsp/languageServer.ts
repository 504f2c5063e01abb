/**
 * The language server: wires LSP requests to the engine. Every handler is
 * thin: the cached analysis of the document's version, a core feature, a
 * conversion to LSP positions. A handler that throws is logged and answered
 * with an empty result (standard requests) or an error (custom requests); the
 * server keeps running.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
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
  type Diagnostic,
  type DocumentSymbolParams,
  type FoldingRangeParams,
  type HoverParams,
  type InitializeResult,
  type InlayHintParams,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { analyze, figuresJson, LineIndex, type FiguresJson } from "../core";
import { codeLenses, complete, documentSymbols, foldingRanges, hover, HINT_GROUPS, inlayHints, figuresDisplay, quickFixes, scheduleOf, type HintGroup } from "../core/features";
import { toCodeAction, toCodeLens, toCompletionItem, toDiagnostic, toFoldingRange, toHover, toInlayHint, toSymbol } from "./convert";
import { DiagnosticsScheduler } from "./diagnostics";
import { AnalysisCache, type Snapshot } from "./documents";
import { FIGURES_REQUEST, SCHEDULE_REQUEST, type DocumentParams, type FiguresDisplay, type ScheduleResult } from "./protocol";
import { SettingsStore } from "./settings";

export interface ServerOptions {
  /** URL of the docs folder, ending in `/`: diagnostics link to `diagnostics.md#<code>` in it. */
  readonly docsBase: string;
  /** Debounce of diagnostics after an edit (default 150 ms). */
  readonly diagnosticsDelayMs?: number;
  readonly version?: string;
}

function message(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

export function startLanguageServer(connection: Connection, options: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new AnalysisCache();
  let settings = new SettingsStore(undefined, () => {});
  let configurationChanges = false;
  let canRefreshHints = false;
  let canRefreshLenses = false;

  const log = (text: string) => connection.console.error(text);
  const snapshotOf = (uri: string): Snapshot | undefined => {
    const doc = documents.get(uri);
    return doc ? cache.get(doc) : undefined;
  };

  const diagnostics = new DiagnosticsScheduler<Diagnostic>(
    {
      currentVersion: (uri) => documents.get(uri)?.version,
      compute: (uri) => {
        const s = snapshotOf(uri);
        return s && { version: s.version, diagnostics: s.analysis.diagnostics.map((d) => toDiagnostic(uri, s.lines, d, options.docsBase)) };
      },
      publish: (uri, version, list) => void connection.sendDiagnostics(version === undefined ? { uri, diagnostics: list } : { uri, version, diagnostics: list }),
      logError: log,
    },
    options.diagnosticsDelayMs ?? 150,
  );

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

  /** The snapshot of an open document; custom requests also read a closed `file:` document from disk. */
  async function snapshotForRequest(uri: string): Promise<Snapshot> {
    const open = snapshotOf(uri);
    if (open) return open;
    if (!uri.startsWith("file:")) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not open`);
    const text = await readFile(fileURLToPath(uri), "utf8");
    return { uri, version: -1, analysis: analyze(text), lines: new LineIndex(text) };
  }

  function custom<R>(name: string, handler: (s: Snapshot) => R) {
    return async (params: DocumentParams): Promise<R | ResponseError<void>> => {
      try {
        if (typeof params?.uri !== "string") return new ResponseError(ErrorCodes.InvalidParams, `${name} needs {"uri": "..."}`);
        return handler(await snapshotForRequest(params.uri));
      } catch (e) {
        if (e instanceof ResponseError) return e as ResponseError<void>;
        log(`${name} failed: ${message(e)}`);
        return new ResponseError(ErrorCodes.InternalError, `${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
  }

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    if (caps.workspace?.configuration) {
      settings = new SettingsStore((uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: "dealspec" }), log);
    }
    configurationChanges = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    canRefreshHints = caps.workspace?.inlayHint?.refreshSupport === true;
    canRefreshLenses = caps.workspace?.codeLens?.refreshSupport === true;
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
      },
      serverInfo: { name: "dealspec", ...(options.version ? { version: options.version } : {}) },
    };
  });

  connection.onInitialized(() => {
    if (configurationChanges) void connection.client.register(DidChangeConfigurationNotification.type, { section: "dealspec" });
  });

  connection.onDidChangeConfiguration(() => {
    settings.invalidate();
    if (canRefreshHints) connection.languages.inlayHint.refresh().catch(() => {});
    if (canRefreshLenses) connection.sendRequest("workspace/codeLens/refresh").catch(() => {});
  });

  const seen = new Set<string>();
  documents.onDidChangeContent(({ document }) => {
    // The first version is published at once; edits wait for a pause in typing.
    diagnostics.schedule(document.uri, document.version, !seen.has(document.uri));
    seen.add(document.uri);
  });
  documents.onDidClose(({ document }) => {
    seen.delete(document.uri);
    cache.delete(document.uri);
    settings.forget(document.uri);
    diagnostics.clear(document.uri);
  });

  connection.onHover(
    guarded("hover", null, (params: HoverParams) => {
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
      const s = snapshotOf(uri);
      if (!s || !conf.codeLens.enabled) return [];
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
      const s = snapshotOf(uri);
      if (!s) return [];
      const range = { start: s.lines.offset(params.range.start), end: s.lines.offset(params.range.end) };
      return quickFixes(s.analysis, range).map((q) => toCodeAction(uri, s.lines, q, toDiagnostic(uri, s.lines, q.diagnostic, options.docsBase)));
    }),
  );

  connection.onDocumentSymbol(
    guarded("document symbols", [], (params: DocumentSymbolParams) => {
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

  connection.onRequest(new RequestType<DocumentParams, FiguresJson & { display: FiguresDisplay }, void>(FIGURES_REQUEST), custom(FIGURES_REQUEST, (s) => ({ ...figuresJson(s.analysis), display: figuresDisplay(s.analysis) })));
  connection.onRequest(new RequestType<DocumentParams, ScheduleResult, void>(SCHEDULE_REQUEST), custom(SCHEDULE_REQUEST, (s): ScheduleResult => scheduleOf(s.analysis)));

  connection.onShutdown(() => diagnostics.dispose());

  documents.listen(connection);
}
