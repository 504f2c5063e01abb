/**
 * The scheduler of diagnostics publications: debounced per document,
 * cancelled by a newer edit or a close, and published only for the version
 * that is still current, so a stale result never reaches the client. Deal
 * documents are scheduled per version (documentSync.ts), portfolios per
 * generation of their analysis (portfolioDiagnostics.ts).
 */

export interface DiagnosticsTarget<D> {
  /** The current version of an open document, or undefined when it is closed. */
  currentVersion(uri: string): number | undefined;
  /** The diagnostics of the current version (computed or cached). */
  compute(uri: string): { version: number; diagnostics: D[] } | undefined;
  publish(uri: string, version: number | undefined, diagnostics: D[]): void;
  logError(message: string): void;
}

export class DiagnosticsScheduler<D> {
  private readonly pending = new Map<string, { version: number; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly target: DiagnosticsTarget<D>,
    private readonly delayMs: number,
  ) {}

  /** Schedules diagnostics for `version`; an earlier request for the same document is cancelled. */
  schedule(uri: string, version: number, immediate = false): void {
    this.cancel(uri);
    const timer = setTimeout(() => this.run(uri, version), immediate ? 0 : this.delayMs);
    this.pending.set(uri, { version, timer });
  }

  cancel(uri: string): void {
    const p = this.pending.get(uri);
    if (p) clearTimeout(p.timer);
    this.pending.delete(uri);
  }

  /** The document closed: nothing pending is published, and its diagnostics are cleared. */
  clear(uri: string): void {
    this.cancel(uri);
    this.target.publish(uri, undefined, []);
  }

  dispose(): void {
    for (const uri of [...this.pending.keys()]) this.cancel(uri);
  }

  private run(uri: string, version: number): void {
    const p = this.pending.get(uri);
    if (p?.version === version) this.pending.delete(uri);
    // A newer edit or a close since this was scheduled: its own run (if any) publishes.
    if (this.target.currentVersion(uri) !== version) return;
    try {
      const result = this.target.compute(uri);
      if (!result || result.version !== version || this.target.currentVersion(uri) !== version) return;
      this.target.publish(uri, version, result.diagnostics);
    } catch (e) {
      this.target.logError(`Diagnostics of ${uri} (version ${version}) failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
}
