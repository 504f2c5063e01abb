/**
 * One portfolio analysis run over a host: each file read at most once, each
 * portfolio parsed and lowered once, and each include resolved to the files
 * it matches (DS500, DS505). Nested portfolios share the run, so a deal or
 * portfolio reached twice is read once.
 */
import type { Analysis } from "../analyze";
import { diagnostic, suggest, type Diagnostic, type Span } from "../diagnostics";
import { parseSyntax, readable, type SyntaxTree } from "../syntax";
import type { PortfolioHost } from "./host";
import type { PortfolioMemo } from "./memo";
import { lowerPortfolio, type PortfolioModel } from "./model";
import type { IncludeResult, PortfolioAnalysis } from "./types";
import { globHolds } from "../files";
import { baseName, canonicalLocation, compileGlob, fileKindOf, folderOf, isGlob, relativeFolder, resolveRelative, type IncludeGlob } from "./uri";

/** A portfolio file, parsed and lowered, its includes resolved: what the include graph is built from. */
export interface Loaded {
  readonly location: string;
  readonly text: string;
  readonly syntax: SyntaxTree;
  readonly model?: PortfolioModel;
  readonly lowering?: ReturnType<typeof lowerPortfolio>["lowering"];
  /** Syntax, shape, value and include-resolution diagnostics. */
  readonly diagnostics: Diagnostic[];
  readonly includes: IncludeResult[];
}

/** One analysis run: the files read, the portfolios loaded and analyzed, memoized. */
export class Session {
  private readonly loaded = new Map<string, Loaded | null>();
  /** The portfolios analyzed in this run, by location (see `analyze.ts`). */
  readonly analyses = new Map<string, PortfolioAnalysis>();
  private readonly deals = new Map<string, Analysis | null>();
  private readonly identities = new Map<string, string>();
  /** Every location the run read or looked for, and every glob it listed: what its analyses depend on. */
  readonly files = new Set<string>();
  readonly globs: IncludeGlob[] = [];

  constructor(
    private readonly host: PortfolioHost,
    readonly memo: PortfolioMemo,
  ) {}

  deal(location: string): Analysis | undefined {
    if (!this.deals.has(location)) {
      this.files.add(location);
      let a: Analysis | undefined;
      try {
        a = this.host.deal(location);
      } catch {
        a = undefined;
      }
      this.deals.set(location, a ?? null);
    }
    return this.deals.get(location) ?? undefined;
  }

  /** What makes two locations one file: the real location when the host knows it (a link and its target are one deal). */
  identity(location: string): string {
    let id = this.identities.get(location);
    if (id === undefined) {
      let real: string | undefined;
      try {
        real = this.host.realLocation?.(location);
      } catch {
        real = undefined;
      }
      id = real === undefined ? location : canonicalLocation(real);
      this.identities.set(location, id);
    }
    return id;
  }

  private portfolioText(location: string): string | undefined {
    this.files.add(location);
    try {
      return this.host.portfolioText(location);
    } catch {
      return undefined;
    }
  }

  private list(folder: string, depth: number): string[] {
    try {
      return [...this.host.listFiles(folder, depth)].map(canonicalLocation);
    } catch {
      return [];
    }
  }

  load(location: string, text?: string): Loaded | undefined {
    const hit = this.loaded.get(location);
    if (hit !== undefined) return hit ?? undefined;
    const source = text ?? this.portfolioText(location);
    if (source === undefined) {
      this.loaded.set(location, null);
      return undefined;
    }
    const syntax = parseSyntax(source, "portfolio");
    const diagnostics: Diagnostic[] = [...syntax.diagnostics];
    const out: { -readonly [K in keyof Loaded]: Loaded[K] } = { location, text: source, syntax, diagnostics, includes: [] };
    this.loaded.set(location, out);
    if (!readable(syntax)) return out;
    const lowered = lowerPortfolio(syntax);
    out.model = lowered.model;
    out.lowering = lowered.lowering;
    diagnostics.push(...lowered.lowering.diagnostics);
    out.includes = lowered.model.includes.map((inc) => this.resolve(location, inc.index, inc.pattern, inc.span, diagnostics));
    return out;
  }

  /** Resolves one include entry; reports DS500 (nothing there) and DS505 (not a deal or portfolio file). */
  private resolve(base: string, index: number, pattern: string, span: Span, diagnostics: Diagnostic[]): IncludeResult {
    if (pattern === "") {
      diagnostics.push(diagnostic("DS500", span, "This include is empty: write a path or glob relative to this file, such as `deals/*.deal.yaml`."));
      return { index, pattern, span, files: [] };
    }
    if (isGlob(pattern)) {
      const glob = compileGlob(base, pattern);
      this.globs.push(glob);
      const listing = this.list(glob.folder, glob.depth);
      const files = this.memo.globFiles(base, pattern, listing, () =>
        listing
          .filter((f) => f !== base && fileKindOf(f) !== undefined && globHolds(glob, f))
          .sort()
          .filter((f, i, all) => i === 0 || all[i - 1] !== f)
          .map((f) => ({ location: f, kind: fileKindOf(f)! })),
      );
      if (files.length === 0) {
        diagnostics.push(
          diagnostic("DS500", span, `\`${pattern}\` matches no deal or portfolio file (*.deal.yaml, *.portfolio.yaml) under \`${relativeFolder(base, glob.folder)}\`: check the pattern, or remove it.`),
        );
      }
      return { index, pattern, span, glob, files };
    }
    const location = resolveRelative(base, pattern);
    const kind = fileKindOf(location);
    if (kind === undefined) {
      diagnostics.push(diagnostic("DS505", span, `\`${pattern}\` is neither a deal file (*.deal.yaml) nor a portfolio file (*.portfolio.yaml): a portfolio includes only those.`));
      return { index, pattern, span, files: [] };
    }
    const exists = kind === "deal" ? this.deal(location) !== undefined : this.load(location) !== undefined;
    if (!exists) {
      const siblings = this.list(folderOf(location), 1).filter((f) => fileKindOf(f) !== undefined).map(baseName);
      const guess = suggest(baseName(location), siblings);
      const fixed = guess ? pattern.slice(0, pattern.length - baseName(location).length) + guess : undefined;
      diagnostics.push(
        diagnostic("DS500", span, `No file \`${pattern}\` relative to this portfolio${guess ? `: did you mean \`${fixed}\`?` : "."}`, fixed ? { fixes: [{ title: `Change to \`${fixed}\``, edits: [{ span, newText: fixed }] }] } : undefined),
      );
      return { index, pattern, span, files: [] };
    }
    return { index, pattern, span, files: [{ location, kind }] };
  }

  /** A chain of portfolios from `from` to `target` along include edges (both ends included), if there is one. */
  pathTo(from: string, target: string): string[] | undefined {
    const parent = new Map<string, string | null>([[from, null]]);
    const queue = [from];
    while (queue.length > 0) {
      const at = queue.shift()!;
      if (at === target) {
        const path: string[] = [];
        for (let p: string | null | undefined = at; p; p = parent.get(p)) path.unshift(p);
        return path;
      }
      for (const inc of this.load(at)?.includes ?? []) {
        for (const f of inc.files) {
          if (f.kind === "portfolio" && !parent.has(f.location)) {
            parent.set(f.location, at);
            queue.push(f.location);
          }
        }
      }
    }
    return undefined;
  }
}
