/**
 * The scheduler of diagnostics publications: debounced per document,
 * cancelled by a newer edit or a close, and published only for the version
 * that is still current, so a stale result never reaches the client. Deal
 * documents are scheduled per version (documentSync.ts), portfolios per
 * generation of their analysis (portfolioDiagnostics.ts).
 *
 * The pause follows the cost: twice the document's last analysis time, at
 * least `MIN_PAUSE_MS` (so keystrokes that arrive together are one run) and
 * at most the configured delay. A typical deal (an analysis of a few ms) gets
 * its diagnostics a few ms after the change; a file whose analysis takes
 * longer than typing does coalesces a burst of edits into one analysis.
 */

/** The shortest pause: messages that arrived in one read are handled within it. */
export const MIN_PAUSE_MS = 5;

export interface DiagnosticsTarget<D> {
  /** The current version of an open document, or undefined when it is closed. */
  currentVersion(uri: string): number | undefined;
  /** The diagnostics of the current version (computed or cached). */
  compute(uri: string): { version: number; diagnostics: D[] } | undefined;
  publish(uri: string, version: number | undefined, diagnostics: D[]): void;
  logError(message: string): void;
  /** How long the document's last analysis took (ms), when known: the pause follows it. Without it, the pause is the full delay. */
  cost?(uri: string): number | undefined;
}

export class DiagnosticsScheduler<D> {
  private readonly pending = new Map<string, { version: number; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly target: DiagnosticsTarget<D>,
    /** The longest pause after an edit. */
    private readonly delayMs: number,
  ) {}

  /** Schedules diagnostics for `version`; an earlier request for the same document is cancelled. */
  schedule(uri: string, version: number, immediate = false): void {
    this.cancel(uri);
    const timer = setTimeout(() => this.run(uri, version), immediate ? 0 : this.pauseFor(uri));
    this.pending.set(uri, { version, timer });
  }

  /** The pause before analysing an edit of `uri`: twice its last analysis, within [MIN_PAUSE_MS, delayMs]. */
  pauseFor(uri: string): number {
    const cost = this.target.cost?.(uri);
    return cost === undefined ? this.delayMs : Math.min(this.delayMs, Math.max(MIN_PAUSE_MS, Math.ceil(2 * cost)));
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
