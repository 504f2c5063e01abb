/**
 * Portfolio diagnostics, for every portfolio file in the workspace and every
 * open one, keyed by canonical location. A portfolio's "version" is its
 * generation in the portfolio cache (portfolios.ts), so a pending publication
 * is cancelled by a newer change, open or not. A change to any file (in the
 * editor or on disk) drops the portfolio analyses that depend on it and
 * schedules their diagnostics again; a new walk of the workspace republishes
 * them all.
 */
import type { Diagnostic } from "vscode-languageserver";
import { toDiagnostic } from "./convert";
import { DiagnosticsScheduler } from "./scheduler";
import { errorText, type ServerState } from "./state";

export class PortfolioDiagnostics {
  /** Portfolios whose diagnostics were published (and not cleared since). */
  private readonly published = new Set<string>();
  /** Portfolios whose analysis changed because of another file since their diagnostics were last published. */
  private readonly changedElsewhere = new Set<string>();
  private readonly scheduler: DiagnosticsScheduler<Diagnostic>;

  constructor(private readonly state: ServerState) {
    const { connection, documents, portfolios } = state;
    this.scheduler = new DiagnosticsScheduler<Diagnostic>(
      {
        currentVersion: (location) => (state.isKnownPortfolio(location) ? portfolios.generation(location) : undefined),
        compute: (location) => {
          const s = portfolios.get(location);
          const uri = state.clientUri(location);
          return s && { version: s.generation, diagnostics: s.analysis.diagnostics.map((d) => toDiagnostic(uri, s.lines, d, state.docsBase, state.fileLines)) };
        },
        publish: (location, generation, list) => {
          const uri = state.clientUri(location);
          const version = documents.get(uri)?.version;
          // An open portfolio changed through another file: its hints and lenses are stale in the editor.
          if (this.changedElsewhere.delete(location) && version !== undefined) state.refreshViews();
          if (list.length > 0 || generation !== undefined) this.published.add(location);
          else this.published.delete(location);
          void connection.sendDiagnostics(version === undefined ? { uri, diagnostics: list } : { uri, version, diagnostics: list });
        },
        logError: state.log,
        // As a deal's: the pause after a change follows the cost of the portfolio's last analysis.
        cost: (location) => portfolios.cost(location),
      },
      state.options.diagnosticsDelayMs ?? 150,
    );
  }

  /**
   * A file changed (in the editor or on disk), appeared or disappeared: the
   * portfolio analyses that depend on it are dropped and their diagnostics
   * scheduled (after a pause that follows the cost of the portfolio's last
   * analysis, as a deal's, or at once).
   */
  fileChanged(location: string, isPortfolio: boolean, immediate: boolean): void {
    const { portfolios } = this.state;
    for (const p of portfolios.changed(location, isPortfolio)) {
      if (p !== location) this.changedElsewhere.add(p);
      if (this.state.isKnownPortfolio(p)) this.scheduler.schedule(p, portfolios.generation(p), immediate);
    }
  }

  /** A portfolio file that is gone: its diagnostics are cleared. */
  gone(location: string, uri = this.state.clientUri(location)): void {
    this.state.portfolios.forget(location);
    this.scheduler.cancel(location);
    this.published.delete(location);
    void this.state.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Walks the workspace folders, then (re)publishes every portfolio's diagnostics. */
  async reindex(): Promise<void> {
    const { connection, index, portfolios } = this.state;
    try {
      const s = await index.index();
      connection.console.info(`Indexed ${s.deals} deal and ${s.portfolios} portfolio files in ${s.folders} workspace folder${s.folders === 1 ? "" : "s"} (${Math.round(s.ms)} ms).`);
      if (s.capped) {
        connection.console.warn(
          `Stopped indexing at ${this.state.options.maxIndexedFiles ?? 5000} deal and portfolio files: portfolios outside the index read their files from disk directly, and workspace symbols list the indexed files only.`,
        );
      }
      portfolios.clear();
      const known = this.state.knownPortfolios();
      for (const p of known) this.scheduler.schedule(p, portfolios.generation(p), true);
      for (const p of [...this.published]) if (!known.includes(p)) this.gone(p);
    } catch (e) {
      this.state.log(`Indexing the workspace failed: ${errorText(e)}`);
    }
  }

  /**
   * The file host read in the background what an analysis asked for before
   * it had it: every portfolio is computed again and its diagnostics, hints
   * and lenses refreshed.
   */
  filesRead(): void {
    const { portfolios } = this.state;
    portfolios.clear();
    for (const p of this.state.knownPortfolios()) this.scheduler.schedule(p, portfolios.generation(p), true);
    this.state.refreshViews();
  }

  dispose(): void {
    this.scheduler.dispose();
  }
}
