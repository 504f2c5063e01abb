/**
 * Document analysis and the deal diagnostics: the open documents' life cycle
 * and the files changed on disk. Each version of a deal document is analysed
 * once (documents.ts) and its diagnostics published after a pause that
 * follows the cost of its analysis (scheduler.ts; the first version at once),
 * only while that version is current. Every
 * change to a deal or portfolio file, in the editor or on disk (watched
 * files), tells the portfolio diagnostics which analyses to drop.
 */
import { FileChangeType, type Diagnostic, type DidChangeWatchedFilesParams } from "vscode-languageserver";
import { canonicalLocation, fileKindOf } from "../core";
import { toDiagnostic } from "./convert";
import type { PortfolioDiagnostics } from "./portfolioDiagnostics";
import { DiagnosticsScheduler } from "./scheduler";
import { errorText, type ServerState } from "./state";

/** Registers the document and watched-file events; returns what to dispose of at shutdown. */
export function registerDocumentSync(state: ServerState, portfolios: PortfolioDiagnostics): { dispose(): void } {
  const { connection, documents, index, openByLocation } = state;

  const diagnostics = new DiagnosticsScheduler<Diagnostic>(
    {
      currentVersion: (uri) => documents.get(uri)?.version,
      compute: (uri) => {
        const s = state.snapshotOf(uri);
        return s && { version: s.version, diagnostics: s.analysis.diagnostics.map((d) => toDiagnostic(uri, s.lines, d, state.docsBase)) };
      },
      publish: (uri, version, list) => void connection.sendDiagnostics(version === undefined ? { uri, diagnostics: list } : { uri, version, diagnostics: list }),
      logError: state.log,
      cost: (uri) => state.cache.cost(uri),
    },
    state.options.diagnosticsDelayMs ?? 150,
  );

  // A link whose target changed on disk changes what the portfolios that include the link count.
  state.linkChanged = (location) => {
    if (!openByLocation.has(location)) portfolios.fileChanged(location, fileKindOf(location) === "portfolio", false);
  };

  connection.onDidChangeWatchedFiles(async (params: DidChangeWatchedFilesParams) => {
    try {
      // A host that answers from what it read before reads the changed files again first.
      await state.options.files.reread?.(params.changes.map((c) => canonicalLocation(c.uri)));
      for (const change of params.changes) {
        const location = canonicalLocation(change.uri);
        if (change.type === FileChangeType.Deleted) {
          const gone = index.remove(location);
          // A file not indexed may still be something a portfolio looked for.
          if (gone.length === 0 && fileKindOf(location)) gone.push(location);
          for (const g of gone) {
            if (openByLocation.has(g)) continue; // the editor's buffer still stands
            const isPortfolio = fileKindOf(g) === "portfolio";
            if (isPortfolio) portfolios.gone(g);
            portfolios.fileChanged(g, false, false);
          }
        } else if (index.refresh(location) && !openByLocation.has(location)) {
          portfolios.fileChanged(location, fileKindOf(location) === "portfolio", false);
        }
      }
    } catch (e) {
      state.log(`Watched-file changes failed: ${errorText(e)}`);
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
    if (state.kindOf(document) === "portfolio") {
      portfolios.fileChanged(location, true, first);
      return;
    }
    diagnostics.schedule(document.uri, document.version, first);
    portfolios.fileChanged(location, false, false);
  });
  documents.onDidClose(({ document }) => {
    const location = canonicalLocation(document.uri);
    const isPortfolio = state.kindOf(document) === "portfolio";
    seen.delete(document.uri);
    state.cache.delete(document.uri);
    state.settings.forget(document.uri);
    openByLocation.delete(location);
    if (!isPortfolio) diagnostics.clear(document.uri);
    // The disk's text counts again: read it anew (the client may not watch files).
    index.refresh(location);
    if (isPortfolio && !state.isKnownPortfolio(location)) portfolios.gone(location, document.uri);
    else portfolios.fileChanged(location, isPortfolio, isPortfolio);
  });

  return diagnostics;
}
