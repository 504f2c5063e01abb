/**
 * Incremental analysis: an `AnalysisSession` is what a caller that analyzes
 * one document again and again (the language server, per open document)
 * keeps between calls. `session.analyze(text)` gives exactly `analyze(text)`
 * (the same diagnostics, model and figures), re-parsing only the blocks of
 * the text that changed (syntax/blocks.ts), re-checking the shape and
 * re-lowering only the fees of those blocks (model/memo.ts) and re-scheduling
 * only the fees whose value or dependencies changed (evaluate/memo.ts). The session is an
 * object its caller owns and drops; the core keeps nothing between calls.
 */
import { analyzeSyntax, type Analysis } from "./analyze";
import { ChargeMemo } from "./evaluate/memo";
import { LoweringMemo } from "./model/memo";
import { BlockCache, parseSyntaxCached } from "./syntax";

export class AnalysisSession {
  private readonly blocks = new BlockCache();
  private readonly charges = new ChargeMemo();
  private readonly lowering = new LoweringMemo(this.charges.stemKeys);

  analyze(text: string): Analysis {
    this.charges.next();
    return analyzeSyntax(parseSyntaxCached(text, this.blocks), this.charges, this.lowering);
  }
}
