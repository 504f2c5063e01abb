/**
 * What the handlers of one language server share: the open documents (by URI,
 * and by canonical location, the form the portfolio engine uses), one
 * analysis per deal document version (documents.ts), the workspace index
 * (workspace.ts), the portfolio analyses (portfolios.ts), the settings, and
 * what the client can do. And the lookups every handler starts from: the
 * snapshot of a deal or portfolio document, the URI the client knows a file
 * by, the lines of another file.
 */
import {
  CodeLensRefreshRequest,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  type CancellationToken,
  type Connection,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { canonicalLocation, fileKindOf, LineIndex, type Day, type IncludedKind } from "../core";
import { PORTFOLIO_LANGUAGE_ID } from "../../../protocol/src";
import type { FileLines } from "./convert";
import { AnalysisCache, type Snapshot } from "./documents";
import { PortfolioCache, type PortfolioSnapshot } from "./portfolios";
import { SettingsStore } from "./settings";
import { WorkspaceIndex, type WorkspaceFiles } from "./workspace";

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

/** What the client said it supports, in `initialize`. */
export interface ClientSupport {
  configurationChanges: boolean;
  refreshHints: boolean;
  refreshLenses: boolean;
  watchFiles: boolean;
  folderChanges: boolean;
  definitionLinks: boolean;
}

/** An exception as a log line: its stack when it has one. */
export function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

export class ServerState {
  readonly documents = new TextDocuments(TextDocument);
  readonly cache = new AnalysisCache(undefined, { log: (what, e) => this.logFailure(what, e) });
  /** Open documents, by canonical location -> the URI the client sent. */
  readonly openByLocation = new Map<string, string>();
  readonly index: WorkspaceIndex;
  readonly portfolios: PortfolioCache;
  /** Where diagnostic codes link: `options.docsBase`, or the client's `docsUrl`. */
  docsBase: string;
  /** Today's date as the client gave it (initialization option `today`): the server has no clock. */
  today: Day | undefined;
  settings = new SettingsStore(undefined, () => {});
  readonly client: ClientSupport = { configurationChanges: false, refreshHints: false, refreshLenses: false, watchFiles: false, folderChanges: false, definitionLinks: false };
  /** Called when the index read again a symbolic link whose target changed on disk (set by documentSync.ts). */
  linkChanged: (location: string) => void = () => {};
  /** Line indexes of other files (related information, navigation), one per file text. */
  private readonly linesCache = new Map<string, { text: string; lines: LineIndex }>();

  constructor(
    readonly connection: Connection,
    readonly options: ServerOptions,
  ) {
    this.docsBase = options.docsBase;
    this.index = new WorkspaceIndex(
      {
        text: (location) => this.openDoc(location)?.getText(),
        dealAnalysis: (location) => {
          const doc = this.openDoc(location);
          return doc && this.kindOf(doc) === "deal" ? this.cache.get(doc).analysis : undefined;
        },
        locations: () => [...this.openByLocation.keys()].filter((l) => l.startsWith("file:")),
      },
      options.files,
      {
        ...(options.maxIndexedFiles !== undefined ? { maxFiles: options.maxIndexedFiles } : {}),
        linkChanged: (location) => this.linkChanged(location),
        log: (what, e) => this.logFailure(what, e),
      },
    );
    this.portfolios = new PortfolioCache(
      this.index,
      (location) => this.index.portfolioText(location),
      () => this.index.watching,
      (what, e) => this.logFailure(what, e),
    );
  }

  readonly log = (text: string): void => this.connection.console.error(text);

  /** Logs what failed, with the error (its stack when it has one). */
  readonly logFailure = (what: string, e: unknown): void => this.log(`${what} failed: ${errorText(e)}`);

  /** A document's kind: by its file name, else by its language id (an untitled portfolio). */
  kindOf(doc: TextDocument): IncludedKind {
    return fileKindOf(doc.uri) ?? (doc.languageId === PORTFOLIO_LANGUAGE_ID ? "portfolio" : "deal");
  }

  /** The open document at a canonical location. */
  openDoc(location: string): TextDocument | undefined {
    const uri = this.openByLocation.get(location);
    return uri === undefined ? undefined : this.documents.get(uri);
  }

  /** The URI the client knows a file by: the open document's, else the canonical one. */
  clientUri(location: string): string {
    return this.openByLocation.get(location) ?? location;
  }

  /** The analysis of an open deal document's current version. */
  snapshotOf(uri: string): Snapshot | undefined {
    const doc = this.documents.get(uri);
    return doc && this.kindOf(doc) === "deal" ? this.cache.get(doc) : undefined;
  }

  /** The portfolio analysis of an open portfolio document. */
  portfolioOf(uri: string): PortfolioSnapshot | undefined {
    const doc = this.documents.get(uri);
    return doc && this.kindOf(doc) === "portfolio" ? this.portfolios.get(canonicalLocation(uri)) : undefined;
  }

  linesOf(location: string, text: string): LineIndex {
    let e = this.linesCache.get(location);
    if (!e || e.text !== text) {
      e = { text, lines: new LineIndex(text) };
      this.linesCache.set(location, e);
    }
    return e.lines;
  }

  /** Another file's URI and lines, for related information: the editor's buffer, else the index's text. */
  readonly fileLines: FileLines = (location) => {
    const loc = canonicalLocation(location);
    const text = this.openDoc(loc)?.getText() ?? this.index.file(loc)?.text;
    return text === undefined ? undefined : { uri: this.clientUri(loc), lines: this.linesOf(loc, text) };
  };

  /** Whether the server publishes diagnostics for a portfolio: open as one, or found by the walk. */
  isKnownPortfolio(location: string): boolean {
    const doc = this.openDoc(location);
    return doc ? this.kindOf(doc) === "portfolio" : this.index.isWalked(location) && fileKindOf(location) === "portfolio";
  }

  /** Every portfolio the server publishes diagnostics for: in the workspace index, or open. */
  knownPortfolios(): string[] {
    const out = new Set(this.index.indexed("portfolio").filter((f) => !f.unwatched).map((f) => f.location));
    for (const [location, uri] of this.openByLocation) {
      const doc = this.documents.get(uri);
      if (doc && this.kindOf(doc) === "portfolio") out.add(location);
    }
    return [...out];
  }

  /** Asks the client to request inlay hints and CodeLens again (they are pulled per document). */
  refreshViews(): void {
    if (this.client.refreshHints) this.connection.languages.inlayHint.refresh().catch(() => {});
    if (this.client.refreshLenses) this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => {});
  }

  /**
   * Wraps a standard request handler: a cancelled request is answered as
   * cancelled; an exception is logged and answered with `empty`.
   */
  guarded<P, R>(name: string, empty: R, handler: (params: P) => R | Promise<R>) {
    return async (params: P, token?: CancellationToken): Promise<R | ResponseError<void>> => {
      if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
      try {
        const result = await handler(params);
        if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
        return result;
      } catch (e) {
        this.logFailure(name, e);
        return empty;
      }
    };
  }
}
