/**
 * One analysis per document version: handlers and diagnostics share it, so a
 * version is analysed at most once, whatever asks first. Each open document
 * keeps an `AnalysisSession`, so that a version is analysed incrementally
 * from the ones before it (the same analysis as a full one).
 *
 * A document's first version is analysed without a session: a session's
 * first analysis fills what the later ones reuse (blocks parsed one by one,
 * the lowered fees, the kept charges) and costs more than a plain `analyze`
 * (1.03-1.27x in bench/RESULTS.md, "Opening a document", the most on small
 * files), so opening a file shows its diagnostics sooner. Its session is made once the server has been
 * idle for `WARM_IDLE_MS` (no analysis asked for), from the document's
 * current text, so the first edit is incremental; an edit that comes first
 * makes it then, as every version did before.
 *
 * An analysis that throws (a bug in Dealspec) gives the version the core's
 * `failedAnalysis`: one DS199 and no figures, so diagnostics, hints and
 * lenses never show what an earlier version computed; the error goes to the
 * log, and the document's session is dropped (the next version starts one
 * afresh).
 */
import { analyze, AnalysisSession, failedAnalysis, LineIndex, type Analysis } from "../core";

export interface Snapshot {
  readonly uri: string;
  readonly version: number;
  readonly analysis: Analysis;
  readonly lines: LineIndex;
}

export interface VersionedText {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

/** How long no analysis may be asked for before the documents analysed once get their sessions (ms). */
export const WARM_IDLE_MS = 250;

/** What analyses a document's text: plainly, or through a session that reuses the analyses before. */
export interface Engine {
  analyze(text: string): Analysis;
  session(): { analyze(text: string): Analysis };
}

const CORE: Engine = { analyze, session: () => new AnalysisSession() };

export class AnalysisCache {
  private readonly entries = new Map<string, Snapshot>();
  /** How long the last analysis of each document took, in ms: what the diagnostics scheduler waits by. */
  private readonly costs = new Map<string, number>();
  /** What each document's analyses reuse from the one before. */
  private readonly sessions = new Map<string, ReturnType<Engine["session"]>>();
  /** The documents analysed without a session (their first version), to be given one when the server is idle. */
  private readonly cold = new Map<string, VersionedText>();
  private warmTimer: ReturnType<typeof setTimeout> | undefined;
  /** What analyses the documents: `options.engine`, else the core. */
  private readonly engine: Engine;

  constructor(
    private readonly idleMs = WARM_IDLE_MS,
    private readonly options: {
      /** Where an analysis that threw is reported (the server's log): what failed, and the error. */
      readonly log?: (what: string, error: unknown) => void;
      /** The core's `analyze` and `AnalysisSession` unless given (a test's). */
      readonly engine?: Engine;
    } = {},
  ) {
    this.engine = options.engine ?? CORE;
  }

  /** The analysis of this exact version, computed now if it is not cached. */
  get(doc: VersionedText): Snapshot {
    // Something asked for an analysis: the server is not idle.
    if (this.warmTimer !== undefined) this.armWarming();
    const cached = this.entries.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    if (cached || this.sessions.has(doc.uri)) return this.analyzed(doc, true);
    const snapshot = this.analyzed(doc, false);
    this.cold.set(doc.uri, doc);
    this.armWarming();
    return snapshot;
  }

  /** Whether the document has its session (its next version is analysed incrementally). */
  hasSession(uri: string): boolean {
    return this.sessions.has(uri);
  }

  /** The time the document's last analysis took (ms), if it has had one. */
  cost(uri: string): number | undefined {
    return this.costs.get(uri);
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.costs.delete(uri);
    this.sessions.delete(uri);
    this.cold.delete(uri);
  }

  /** Stops the pending warm-up (at shutdown). */
  dispose(): void {
    clearTimeout(this.warmTimer);
    this.warmTimer = undefined;
    this.cold.clear();
  }

  /** Analyses the document's current version (with its session, made if need be, or plainly), caches it and records its cost. */
  private analyzed(doc: VersionedText, withSession: boolean): Snapshot {
    const started = performance.now();
    const text = doc.getText();
    let analysis: Analysis;
    try {
      analysis = withSession ? this.sessionOf(doc.uri).analyze(text) : this.engine.analyze(text);
    } catch (e) {
      this.sessions.delete(doc.uri);
      this.options.log?.(`The analysis of ${doc.uri} (version ${doc.version})`, e);
      analysis = failedAnalysis(text, e);
    }
    const snapshot: Snapshot = { uri: doc.uri, version: doc.version, analysis, lines: new LineIndex(text) };
    this.costs.set(doc.uri, performance.now() - started);
    this.entries.set(doc.uri, snapshot);
    return snapshot;
  }

  /** The document's session, made now if it has none (it is then no longer waiting for one). */
  private sessionOf(uri: string): ReturnType<Engine["session"]> {
    let session = this.sessions.get(uri);
    if (!session) this.sessions.set(uri, (session = this.engine.session()));
    this.cold.delete(uri);
    return session;
  }

  /** (Re)starts the idle wait before the next warm-up. */
  private armWarming(): void {
    clearTimeout(this.warmTimer);
    this.warmTimer = undefined;
    if (this.cold.size === 0) return;
    const timer = setTimeout(() => this.warmNext(), this.idleMs);
    // Nothing else to do is no reason to keep a process alive (Node; a browser's timers have no `unref`).
    (timer as { unref?: () => void }).unref?.();
    this.warmTimer = timer;
  }

  /**
   * Gives one document analysed without a session its session, filled by
   * its current text; then analyses the same text once more with it, which
   * replaces the cached analysis (the same figures: a session's analysis is
   * `analyze`'s, so only the session's tree is kept) and records its cost:
   * about what an edit's incremental analysis costs, where the first
   * analyses' costs (a plain one, a session's first) would hold the first
   * edit's diagnostics back for up to the configured delay. Then waits again
   * for the next document.
   */
  private warmNext(): void {
    this.warmTimer = undefined;
    const [uri, doc] = this.cold.entries().next().value ?? [];
    if (uri === undefined || doc === undefined) return;
    this.cold.delete(uri);
    try {
      this.sessionOf(uri).analyze(doc.getText());
      // What the next edit's analysis costs, about (the pause after it follows this): the same text again, every block and fee reused.
      this.analyzed(doc, true);
    } catch (e) {
      // The version keeps the analysis it has; the next version's starts a session again.
      this.sessions.delete(uri);
      this.options.log?.(`Preparing the incremental analysis of ${uri}`, e);
    }
    this.armWarming();
  }
}
