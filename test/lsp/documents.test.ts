/**
 * The analysis cache: a document's first version is analysed plainly and its
 * session made once no analysis has been asked for during the idle wait
 * (from the document's current text), or by its next version, whichever
 * comes first. Every analysis it gives is the one `analyze` gives for the
 * text, with or without a session. (Through the protocol, edits after an
 * open are covered by diagnostics.test.ts and the other suites.)
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyze, AnalysisSession, figuresJson, type Analysis } from "../../server/src/core";
import { codeLenses, hover, inlayHints } from "../../server/src/core/features";
import { AnalysisCache, type Engine, type VersionedText } from "../../server/src/lsp/documents";

const SAMPLE = readFileSync(path.join(__dirname, "..", "..", "..", "samples", "colossus-1.deal.yaml"), "utf8");

/** A document whose text and version change in place, as the language server's documents do. */
class Doc implements VersionedText {
  version = 1;
  constructor(
    readonly uri: string,
    private text: string,
  ) {}
  getText(): string {
    return this.text;
  }
  edit(text: string): void {
    this.text = text;
    this.version++;
  }
}

/** What an analysis shows: its diagnostics and every figure, as the JSON output has them. */
function shown(a: Analysis): string {
  return JSON.stringify({ diagnostics: a.diagnostics.map((d) => [d.code, d.message, d.span.start, d.span.end]), figures: figuresJson(a) });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The sample with its first monthly amount's first digit changed to `digit`. */
function edited(digit: number): string {
  return SAMPLE.replace(/(amount: \$?)[1-9]/, `$1${digit}`);
}

describe("the analysis cache", () => {
  it("gives each version the analysis `analyze` gives, before and after the session is made", async () => {
    const cache = new AnalysisCache(10);
    const doc = new Doc("file:///a.deal.yaml", SAMPLE);
    assert.notEqual(edited(7), SAMPLE, "the edit changes the text");
    const first = cache.get(doc);
    assert.equal(cache.hasSession(doc.uri), false, "the first version is analysed without a session");
    assert.equal(shown(first.analysis), shown(analyze(SAMPLE)));
    assert.equal(cache.get(doc), first, "one analysis per version");
    await sleep(60);
    assert.equal(cache.hasSession(doc.uri), true, "the session is made when idle");
    const warmed = cache.get(doc);
    assert.equal(warmed.version, 1);
    assert.equal(shown(warmed.analysis), shown(analyze(SAMPLE)));
    for (const digit of [7, 3, 9]) {
      doc.edit(edited(digit));
      assert.equal(shown(cache.get(doc).analysis), shown(analyze(edited(digit))), `edit ${digit}`);
    }
    cache.dispose();
  });

  it("waits while analyses are asked for", async () => {
    const cache = new AnalysisCache(40);
    const busy = new Doc("file:///busy.deal.yaml", SAMPLE);
    const other = new Doc("file:///other.deal.yaml", SAMPLE);
    cache.get(busy);
    for (let i = 0; i < 8; i++) {
      await sleep(10);
      cache.get(other);
    }
    assert.equal(cache.hasSession(busy.uri), false, "asked for analyses every 10 ms: not idle for 40 ms");
    // One warm-up per idle wait, each after the one before has run (however long a loaded machine takes over it).
    await sleep(60);
    assert.equal(cache.hasSession(busy.uri) || cache.hasSession(other.uri), true, "idle for 40 ms: one document got its session");
    const deadline = Date.now() + 10_000;
    while (!(cache.hasSession(busy.uri) && cache.hasSession(other.uri)) && Date.now() < deadline) await sleep(10);
    assert.equal(cache.hasSession(busy.uri), true);
    assert.equal(cache.hasSession(other.uri), true, "each document analysed once gets its session");
    cache.dispose();
  });

  it("makes the session from the current text when the document changed since", async () => {
    const cache = new AnalysisCache(10);
    const doc = new Doc("file:///b.deal.yaml", SAMPLE);
    cache.get(doc);
    doc.edit(edited(5));
    await sleep(60);
    assert.equal(cache.hasSession(doc.uri), true);
    const snapshot = cache.get(doc);
    assert.equal(snapshot.version, 2);
    assert.equal(shown(snapshot.analysis), shown(analyze(edited(5))));
    cache.dispose();
  });

  it("makes the session with the next version when it comes first", () => {
    const cache = new AnalysisCache(60_000);
    const doc = new Doc("file:///c.deal.yaml", SAMPLE);
    cache.get(doc);
    doc.edit(edited(2));
    const next = cache.get(doc);
    assert.equal(cache.hasSession(doc.uri), true);
    assert.equal(shown(next.analysis), shown(analyze(edited(2))));
    cache.dispose();
  });

  it("gives a version whose analysis throws one DS199 and no figures, logs it, and analyses the next version afresh", () => {
    // The core's analysis, except that it throws on a text with `BOOM` in it: a stand-in for a bug in the engine.
    const boom = (text: string) => {
      if (text.includes("BOOM")) throw new Error("boom in the engine");
    };
    const engine: Engine = {
      analyze: (text) => (boom(text), analyze(text)),
      session: () => {
        const session = new AnalysisSession();
        return { analyze: (text) => (boom(text), session.analyze(text)) };
      },
    };
    const logged: string[] = [];
    const cache = new AnalysisCache(60_000, { engine, log: (what, e) => logged.push(`${what}: ${(e as Error).message}`) });
    const doc = new Doc("file:///e.deal.yaml", SAMPLE);
    assert.ok(cache.get(doc).analysis.figures, "the first version has its figures");
    for (const text of [SAMPLE.replace("notes:", "notes: BOOM\nnote2:"), `BOOM${SAMPLE}`]) {
      doc.edit(text);
      const failed = cache.get(doc).analysis;
      assert.deepEqual(
        failed.diagnostics.map((d) => [d.code, d.severity, d.span.start]),
        [["DS199", "error", 0]],
      );
      assert.match(failed.diagnostics[0]!.message, /internal error \(boom in the engine\)/);
      // Nothing an earlier version computed stands in: no model, no figures, nothing to hint, lens or hover.
      assert.equal(failed.model, undefined);
      assert.equal(failed.figures, undefined);
      assert.deepEqual(inlayHints(failed), []);
      assert.deepEqual(codeLenses(failed), []);
      assert.equal(hover(failed, SAMPLE.indexOf("amount:") + 9), undefined);
      assert.equal(cache.hasSession(doc.uri), false, "the session that failed is dropped");
    }
    assert.deepEqual(logged, ["file:///e.deal.yaml (version 2): boom in the engine", "file:///e.deal.yaml (version 3): boom in the engine"].map((l) => `The analysis of ${l}`));
    doc.edit(edited(4));
    assert.equal(shown(cache.get(doc).analysis), shown(analyze(edited(4))), "the next version is analysed as `analyze` does");
    assert.equal(cache.hasSession(doc.uri), true);
    cache.dispose();
  });

  it("forgets a closed document: no session is made for it", async () => {
    const cache = new AnalysisCache(10);
    const doc = new Doc("file:///d.deal.yaml", SAMPLE);
    cache.get(doc);
    cache.delete(doc.uri);
    await sleep(60);
    assert.equal(cache.hasSession(doc.uri), false);
    cache.dispose();
  });
});
