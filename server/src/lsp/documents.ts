/**
 * One analysis per document version: handlers and diagnostics share it, so a
 * version is analysed at most once, whatever asks first. Each open document
 * keeps an `AnalysisSession`, so that a version is analysed incrementally
 * from the ones before it (the same analysis as a full one).
 */
import { AnalysisSession, LineIndex, type Analysis } from "../core";

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

export class AnalysisCache {
  private readonly entries = new Map<string, Snapshot>();
  /** How long the last analysis of each document took, in ms: what the diagnostics scheduler waits by. */
  private readonly costs = new Map<string, number>();
  /** What each document's analyses reuse from the one before. */
  private readonly sessions = new Map<string, AnalysisSession>();

  /** The analysis of this exact version, computed now if it is not cached. */
  get(doc: VersionedText): Snapshot {
    const cached = this.entries.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const started = performance.now();
    const text = doc.getText();
    let session = this.sessions.get(doc.uri);
    if (!session) this.sessions.set(doc.uri, (session = new AnalysisSession()));
    const snapshot: Snapshot = { uri: doc.uri, version: doc.version, analysis: session.analyze(text), lines: new LineIndex(text) };
    this.costs.set(doc.uri, performance.now() - started);
    this.entries.set(doc.uri, snapshot);
    return snapshot;
  }

  /** The time the document's last analysis took (ms), if it has had one. */
  cost(uri: string): number | undefined {
    return this.costs.get(uri);
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.costs.delete(uri);
    this.sessions.delete(uri);
  }
}
