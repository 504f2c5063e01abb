/**
 * Portfolios through the real protocol: the built server, started with
 * workspace folders, indexes every deal and portfolio file and publishes the
 * portfolios' diagnostics without any file being opened; it follows watched
 * files and editor buffers; it answers hover, inlay hints, CodeLens,
 * definition, references, workspace symbols and `dealspec/figures` on them.
 *
 * Expected diagnostics and figures come from the portfolio fixtures' inline
 * annotations and hand-written figures files (test/fixtures/portfolio), and,
 * after an edit, from the engine run over the same files through a plain
 * file-system host (the CLI's way), so the server's index and watching are
 * what is tested.
 */
import { strict as assert } from "node:assert";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { CodeLens, Diagnostic, Hover, InlayHint, Location, LocationLink, PublishDiagnosticsParams, SymbolInformation } from "vscode-languageserver";
import { analyzePortfolio, canonicalLocation, LineIndex, portfolioFiguresJson, type PortfolioFiguresJson } from "../../server/src/core";
import { fileHost } from "../../server/src/cli/host";
import type { PortfolioCashFlowView, PortfolioFiguresDisplay, ScheduleView } from "../../protocol/src";
import { fileUri, LspClient } from "../support/lspClient";
import { FIXTURES, SAMPLES } from "../support/paths";
import { annotations } from "../support/portfolio-annotations";
import { assertJson, describeSpan, portfolioFiles } from "../support/portfolioFixtures";
import { checkGolden, positionOf } from "./helpers";

const PORTFOLIO_FIXTURES = path.join(FIXTURES, "portfolio");
const EVERYWHERE = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

/** The URI the server writes for a file: canonical, as VS Code writes URIs. */
const uriOf = (file: string) => canonicalLocation(fileUri(file));

function folder(dir: string) {
  return [{ uri: fileUri(dir), name: path.basename(dir) }];
}

/** A diagnostic's message as text (LSP allows Markdown; the server sends text). */
const messageOf = (d: Diagnostic): string => (typeof d.message === "string" ? d.message : d.message.value);

/** Diagnostics as (code, offsets) in the file's text, for comparison with the caret annotations. */
function asOffsets(text: string, list: readonly Diagnostic[]) {
  const lines = new LineIndex(text);
  return list.map((d) => ({ code: String(d.code), start: lines.offset(d.range.start), end: lines.offset(d.range.end), message: messageOf(d) }));
}

/** The engine's figures for a portfolio file as it is on disk now, through a plain file-system host. */
function engineFigures(file: string): PortfolioFiguresJson {
  return portfolioFiguresJson(analyzePortfolio(readFileSync(file, "utf8"), uriOf(file), fileHost()));
}

/** The `dealspec/figures` answer without the display strings the server adds: the engine's JSON. */
function withoutDisplay({ display: _display, ...figures }: PortfolioFiguresJson & { display: unknown }): PortfolioFiguresJson {
  return figures;
}

/** The deal and portfolio files a walk of `dir` finds (skipping node_modules and dot folders). */
function walk(dir: string): { deals: number; portfolios: number } {
  let deals = 0;
  let portfolios = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const inner = walk(path.join(dir, e.name));
      deals += inner.deals;
      portfolios += inner.portfolios;
    } else if (/\.deal\.ya?ml$/.test(e.name)) deals++;
    else if (/\.portfolio\.ya?ml$/.test(e.name)) portfolios++;
  }
  return { deals, portfolios };
}

describe("the portfolio fixtures as a workspace, no file open", () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ workspaceFolders: folder(PORTFOLIO_FIXTURES) });
  });
  after(async () => {
    await client.stop();
  });

  it("indexes every deal and portfolio file, skipping dot folders, and says so in the log", async () => {
    const { deals, portfolios } = walk(PORTFOLIO_FIXTURES);
    const line = await client.log((l) => l.message.startsWith("Indexed "));
    assert.match(line.message, new RegExp(`^Indexed ${deals} deal and ${portfolios} portfolio files in 1 workspace folder \\(\\d+ ms\\)\\.$`));
  });

  it("registers file watchers for deal and portfolio files", async () => {
    await client.log((l) => l.message.startsWith("Indexed "));
    const watch = client.registrations.find((r) => r.method === "workspace/didChangeWatchedFiles");
    assert.ok(watch, "a didChangeWatchedFiles registration");
    const globs = (watch.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    assert.deepEqual(globs, ["**/*.deal.yaml", "**/*.deal.yml", "**/*.portfolio.yaml", "**/*.portfolio.yml"]);
  });

  for (const file of portfolioFiles(PORTFOLIO_FIXTURES)) {
    const name = path.relative(PORTFOLIO_FIXTURES, file);
    it(`${name}: publishes the annotated diagnostics, and the figures of its figures file`, async () => {
      const text = readFileSync(file, "utf8");
      const published = await client.diagnostics(uriOf(file));
      const actual = asOffsets(text, published.diagnostics);
      const expected = annotations(text);
      const render = (list: readonly { code: string; start: number; end: number }[]) => list.map((d) => describeSpan(text, d)).sort();
      assert.deepEqual(render(actual), render(expected), `${name}:\n${actual.map((d) => `  ${describeSpan(text, d)}: ${d.message}`).join("\n")}`);
      for (const e of expected) {
        if (e.message) assert.ok(actual.find((d) => d.code === e.code && d.start === e.start)!.message.includes(e.message), `${name}: ${describeSpan(text, e)} says ${e.message}`);
      }
      for (const d of published.diagnostics) {
        assert.equal(d.source, "dealspec");
        assert.match(d.codeDescription!.href, new RegExp(`diagnostics\\.md#${String(d.code).toLowerCase()}$`));
      }
      const golden = file.replace(/\.portfolio\.yaml$/, ".figures.json");
      if (existsSync(golden)) assertJson(withoutDisplay(await client.request("dealspec/figures", { uri: uriOf(file) })), JSON.parse(readFileSync(golden, "utf8")), name);
    });
  }

  it("links an include of a deal with errors to the error in the deal file (related information with its URI)", async () => {
    const file = path.join(PORTFOLIO_FIXTURES, "errors", "main.portfolio.yaml");
    const deal = path.join(PORTFOLIO_FIXTURES, "errors", "broken.deal.yaml");
    const published = await client.diagnostics(uriOf(file));
    const ds504 = published.diagnostics.find((d) => d.code === "DS504")!;
    assert.equal(ds504.relatedInformation?.length, 1);
    const related = ds504.relatedInformation![0]!;
    assert.equal(related.location.uri, uriOf(deal));
    // The range is the deal's first error, as the deal's own diagnostics place it.
    const dealText = readFileSync(deal, "utf8");
    await client.open(uriOf(deal), dealText);
    const own = await client.diagnosticsOf(uriOf(deal), 1);
    const first = own.diagnostics.filter((d) => d.severity === 1)[0]!;
    assert.deepEqual(related.location.range, first.range);
    assert.ok(related.message.startsWith(`${String(first.code)}: `), related.message);
    await client.close(uriOf(deal));
  });

  it("reports include cycles on each portfolio of the cycle, and the include of a portfolio in a cycle on the portfolio outside it", async () => {
    const codes = async (name: string) => (await client.diagnostics(uriOf(path.join(PORTFOLIO_FIXTURES, "cycles", `${name}.portfolio.yaml`)))).diagnostics.map((d) => d.code);
    assert.deepEqual(await codes("ping"), ["DS501"]);
    assert.deepEqual(await codes("pong"), ["DS501"]);
    assert.deepEqual(await codes("self"), ["DS501"]);
    assert.deepEqual(await codes("outside"), ["DS504", "DS401"]);
  });
});

describe("a live workspace: watched files, editor buffers, navigation", () => {
  let client: LspClient;
  let dir: string;
  const file = (...parts: string[]) => path.join(dir, ...parts);
  const book = () => file("book.portfolio.yaml");
  const figures = async () => withoutDisplay(await client.request<PortfolioFiguresJson & { display: unknown }>("dealspec/figures", { uri: uriOf(book()) }));
  const BOOK = [
    "# Three deals of the basic fixture, by a glob, and a euro deal by its path.",
    "portfolio: book",
    "currency: USD",
    "include:",
    "  - basic/*.deal.yaml",
    "  - eu/euro.deal.yaml",
    "fx:",
    "  EUR: 1.08",
    "notes: gamma is the short one.",
    "expect:",
    "  provider:",
    "    Contoso: {share: {value: 30%, tolerance: 50%}}",
    "",
  ].join("\n");

  /** Resolves with the next diagnostics of a portfolio published after now that pass `test`. */
  const nextDiagnostics = (uri: string, test: (p: PublishDiagnosticsParams) => boolean) => {
    const seen = client.published.length;
    return client.diagnostics(uri, (p) => client.published.indexOf(p) >= seen && test(p));
  };

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "dealspec-lsp-portfolio-"));
    cpSync(path.join(PORTFOLIO_FIXTURES, "basic"), file("basic"), { recursive: true });
    rmSync(file("basic", "basic.portfolio.yaml"));
    mkdirSync(file("eu"));
    writeFileSync(file("eu", "euro.deal.yaml"), readFileSync(path.join(PORTFOLIO_FIXTURES, "fx", "euro.deal.yaml"), "utf8"));
    mkdirSync(file("node_modules", "pkg"), { recursive: true });
    writeFileSync(file("node_modules", "pkg", "vendored.deal.yaml"), readFileSync(file("basic", "alpha.deal.yaml"), "utf8").replace("deal: alpha", "deal: vendored"));
    writeFileSync(book(), BOOK);
    client = await LspClient.start({ workspaceFolders: folder(dir) });
    await client.diagnostics(uriOf(book()));
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("computes the figures of the files on disk, as the engine does through the file system", async () => {
    assert.deepEqual((await client.diagnostics(uriOf(book()))).diagnostics, []);
    const got = await figures();
    assert.deepEqual(got, engineFigures(book()));
    assert.deepEqual(Object.keys(got.deals), ["alpha", "beta", "gamma", "euro"].filter((id) => id in got.deals));
    assert.equal(Object.keys(got.deals).length, 4);
  });

  it("follows a deal file changed on disk (watched files): the portfolio's figures update", async () => {
    const before = await figures();
    const alpha = file("basic", "alpha.deal.yaml");
    const text = readFileSync(alpha, "utf8");
    assert.ok(text.includes("amount: $1M"));
    writeFileSync(alpha, text.replace("amount: $1M", "amount: $2M"));
    await client.filesChanged([{ uri: fileUri(alpha), type: 2 }]);
    const after = await figures();
    assert.deepEqual(after, engineFigures(book()));
    // alpha pays $1M more in each of its 24 months.
    assert.equal(after.deals.alpha!.total, "48000000.00");
    assert.equal(Number(after.total) - Number(before.total), 24_000_000);
  });

  it("republishes the portfolio's diagnostics when a deal gets errors on disk, linking into the deal", async () => {
    const gamma = file("basic", "gamma.deal.yaml");
    const good = readFileSync(gamma, "utf8");
    const broken = nextDiagnostics(uriOf(book()), (p) => p.diagnostics.some((d) => d.code === "DS504"));
    writeFileSync(gamma, good.replace("currency: USD", "currency: US"));
    await client.filesChanged([{ uri: fileUri(gamma), type: 2 }]);
    const d = (await broken).diagnostics.find((x) => x.code === "DS504")!;
    assert.deepEqual(d.range, { start: positionOf(BOOK, "  - |basic"), end: positionOf(BOOK, "basic/*.deal.yaml|") });
    assert.equal(d.relatedInformation![0]!.location.uri, uriOf(gamma));
    assert.equal((await figures()).excluded.find((x) => x.deal === "gamma")?.reason, "errors");

    const fixed = nextDiagnostics(uriOf(book()), (p) => !p.diagnostics.some((x) => x.code === "DS504"));
    writeFileSync(gamma, good);
    await client.filesChanged([{ uri: fileUri(gamma), type: 2 }]);
    await fixed;
    assert.deepEqual(await figures(), engineFigures(book()));
  });

  it("prefers an open deal's buffer to the disk, and the disk again once it closes", async () => {
    const beta = file("basic", "beta.deal.yaml");
    const text = readFileSync(beta, "utf8");
    const onDisk = await figures();
    await client.open(uriOf(beta), text);
    assert.deepEqual(await figures(), onDisk);
    const edited = text.replace("amount: €500k", "amount: €1M");
    assert.notEqual(edited, text);
    await client.change(uriOf(beta), 2, edited);
    const live = await figures();
    // beta pays €500k more a month for 12 months, at 1.08.
    assert.equal(live.deals.beta!.total, "12960000.00");
    assert.equal(Number(live.total) - Number(onDisk.total), 6_480_000);
    // The edit also reaches the portfolio's diagnostics (after the debounce): none, as before.
    await client.close(uriOf(beta));
    assert.deepEqual(await figures(), onDisk);
  });

  it("picks up a deal file created inside a glob, and drops it when deleted", async () => {
    const extra = file("basic", "delta.deal.yaml");
    writeFileSync(extra, readFileSync(file("basic", "alpha.deal.yaml"), "utf8").replace("deal: alpha", "deal: delta"));
    await client.filesChanged([{ uri: fileUri(extra), type: 1 }]);
    assert.ok("delta" in (await figures()).deals);
    assert.deepEqual(await figures(), engineFigures(book()));
    unlinkSync(extra);
    await client.filesChanged([{ uri: fileUri(extra), type: 3 }]);
    assert.ok(!("delta" in (await figures()).deals));
  });

  it("reports a deal currency without an fx rate, and a duplicate deal id, on the include", async () => {
    const franc = file("eu", "franc.deal.yaml");
    writeFileSync(franc, readFileSync(path.join(PORTFOLIO_FIXTURES, "fx", "franc.deal.yaml"), "utf8"));
    const copy = file("basic", "alpha-copy.deal.yaml");
    writeFileSync(copy, readFileSync(file("basic", "alpha.deal.yaml"), "utf8"));
    const text = BOOK.replace("  - eu/euro.deal.yaml\n", "  - eu/euro.deal.yaml\n  - eu/franc.deal.yaml\n");
    const published = nextDiagnostics(uriOf(book()), (p) => p.diagnostics.some((d) => d.code === "DS503") && p.diagnostics.some((d) => d.code === "DS502"));
    writeFileSync(book(), text);
    await client.filesChanged([
      { uri: fileUri(franc), type: 1 },
      { uri: fileUri(copy), type: 1 },
      { uri: fileUri(book()), type: 2 },
    ]);
    const list = (await published).diagnostics;
    const ds503 = list.find((d) => d.code === "DS503")!;
    assert.deepEqual(ds503.range.start, positionOf(text, "  - |eu/franc.deal.yaml"));
    assert.match(messageOf(ds503), /CHF/);
    const ds502 = list.find((d) => d.code === "DS502")!;
    assert.deepEqual(ds502.range.start, positionOf(text, "  - |basic/*.deal.yaml"));
    assert.ok(ds502.relatedInformation!.some((r) => r.location.uri === uriOf(copy)));
    assert.deepEqual(
      (await figures()).excluded.map((x) => [x.deal, x.reason]),
      [
        ["alpha", "duplicate"],
        ["franc", "no-rate"],
      ],
    );
    // Back to the book as it was.
    unlinkSync(franc);
    unlinkSync(copy);
    writeFileSync(book(), BOOK);
    const clean = nextDiagnostics(uriOf(book()), (p) => p.diagnostics.length === 0);
    await client.filesChanged([
      { uri: fileUri(franc), type: 3 },
      { uri: fileUri(copy), type: 3 },
      { uri: fileUri(book()), type: 2 },
    ]);
    await clean;
  });

  it("reports a cycle made by a portfolio created on disk, on both portfolios, and clears it when one is deleted", async () => {
    const loop = file("loop.portfolio.yaml");
    const text = BOOK.replace("  - eu/euro.deal.yaml\n", "  - eu/euro.deal.yaml\n  - loop.portfolio.yaml\n");
    const bookCycle = nextDiagnostics(uriOf(book()), (p) => p.diagnostics.some((d) => d.code === "DS501"));
    const loopCycle = nextDiagnostics(uriOf(loop), (p) => p.diagnostics.some((d) => d.code === "DS501"));
    writeFileSync(loop, "portfolio: loop\ninclude:\n  - book.portfolio.yaml\n");
    writeFileSync(book(), text);
    await client.filesChanged([
      { uri: fileUri(loop), type: 1 },
      { uri: fileUri(book()), type: 2 },
    ]);
    const inBook = (await bookCycle).diagnostics.find((d) => d.code === "DS501")!;
    assert.deepEqual(inBook.range.start, positionOf(text, "  - |loop.portfolio.yaml"));
    assert.match(messageOf((await loopCycle).diagnostics.find((d) => d.code === "DS501")!), /cycle/);

    const loopCleared = nextDiagnostics(uriOf(loop), (p) => p.diagnostics.length === 0);
    const bookMissing = nextDiagnostics(uriOf(book()), (p) => p.diagnostics.some((d) => d.code === "DS500"));
    unlinkSync(loop);
    await client.filesChanged([{ uri: fileUri(loop), type: 3 }]);
    await loopCleared;
    await bookMissing;
    writeFileSync(book(), BOOK);
    const clean = nextDiagnostics(uriOf(book()), (p) => p.diagnostics.length === 0);
    await client.filesChanged([{ uri: fileUri(book()), type: 2 }]);
    await clean;
  });

  it("updates an open portfolio when an open deal is edited, before anything is saved", async () => {
    const alpha = file("basic", "alpha.deal.yaml");
    const dealText = readFileSync(alpha, "utf8");
    await client.open(uriOf(book()), BOOK);
    await client.open(uriOf(alpha), dealText);
    const onDisk = await figures();
    const republished = nextDiagnostics(uriOf(book()), (p) => p.version === 1 && p.diagnostics.some((d) => d.code === "DS504"));
    // The portfolio's hints and lenses are pulled by the editor: the server asks it to pull them again.
    const hintsRefreshed = client.nextRefresh("workspace/inlayHint/refresh");
    const lensesRefreshed = client.nextRefresh("workspace/codeLens/refresh");
    await client.change(uriOf(alpha), 2, dealText.replace("every: month", "every: fortnight"));
    const d = (await republished).diagnostics.find((x) => x.code === "DS504")!;
    await hintsRefreshed;
    await lensesRefreshed;
    assert.match(messageOf(d), /alpha\.deal\.yaml/);
    assert.equal((await figures()).excluded[0]?.deal, "alpha");
    await client.change(uriOf(alpha), 3, dealText);
    assert.deepEqual(await figures(), onDisk);
    await client.close(uriOf(alpha));
    await client.close(uriOf(book()));
  });

  it("goes from an include to the deal files it matched, at their ids; from a deal id in the text to its file", async () => {
    await client.open(uriOf(book()), BOOK);
    const links = await client.request<LocationLink[]>("textDocument/definition", { textDocument: { uri: uriOf(book()) }, position: positionOf(BOOK, "basic/*.d|eal.yaml") });
    assert.deepEqual(
      links.map((l) => l.targetUri),
      ["alpha", "beta", "gamma"].map((n) => uriOf(file("basic", `${n}.deal.yaml`))),
    );
    for (const l of links) {
      const target = readFileSync(new URL(l.targetUri), "utf8");
      assert.deepEqual(l.targetSelectionRange.start, positionOf(target, "deal: |"));
      assert.deepEqual(l.originSelectionRange, { start: positionOf(BOOK, "  - |basic"), end: positionOf(BOOK, "basic/*.deal.yaml|") });
    }
    const euro = await client.request<LocationLink[]>("textDocument/definition", { textDocument: { uri: uriOf(book()) }, position: positionOf(BOOK, "eu/eu|ro") });
    assert.deepEqual(euro.map((l) => l.targetUri), [uriOf(file("eu", "euro.deal.yaml"))]);
    const byId = await client.request<LocationLink[]>("textDocument/definition", { textDocument: { uri: uriOf(book()) }, position: positionOf(BOOK, "notes: gam|ma") });
    assert.deepEqual(byId.map((l) => l.targetUri), [uriOf(file("basic", "gamma.deal.yaml"))]);
    const byProvider = await client.request<LocationLink[]>("textDocument/definition", { textDocument: { uri: uriOf(book()) }, position: positionOf(BOOK, "Con|toso:") });
    assert.deepEqual(byProvider.map((l) => path.basename(new URL(l.targetUri).pathname)).sort(), ["beta.deal.yaml", "euro.deal.yaml"]);
    await client.close(uriOf(book()));
  });

  it("lists the references of a deal: the includes that bring it in, in every portfolio of the workspace", async () => {
    const other = file("other.portfolio.yaml");
    const otherText = "portfolio: other\ninclude:\n  - basic/gamma.deal.yaml\n";
    writeFileSync(other, otherText);
    await client.filesChanged([{ uri: fileUri(other), type: 1 }]);
    const gamma = file("basic", "gamma.deal.yaml");
    const text = readFileSync(gamma, "utf8");
    await client.open(uriOf(gamma), text);
    const at = positionOf(text, "deal: gam|ma");
    const refs = await client.request<Location[]>("textDocument/references", { textDocument: { uri: uriOf(gamma) }, position: at, context: { includeDeclaration: false } });
    const rendered = refs.map((r) => `${path.basename(new URL(r.uri).pathname)}:${r.range.start.line}:${r.range.start.character}`).sort();
    const bookAt = positionOf(BOOK, "  - |basic/*");
    const otherAt = positionOf(otherText, "  - |basic/gamma");
    assert.deepEqual(rendered, [`book.portfolio.yaml:${bookAt.line}:${bookAt.character}`, `other.portfolio.yaml:${otherAt.line}:${otherAt.character}`]);
    const withDecl = await client.request<Location[]>("textDocument/references", { textDocument: { uri: uriOf(gamma) }, position: at, context: { includeDeclaration: true } });
    assert.equal(withDecl.length, 3);
    // The id is its own definition, so an editor's "go to definition" there offers these references.
    const self = await client.request<LocationLink[]>("textDocument/definition", { textDocument: { uri: uriOf(gamma) }, position: at });
    assert.deepEqual(self.map((l) => ("targetUri" in l ? l.targetUri : (l as unknown as Location).uri)), [uriOf(gamma)]);
    await client.close(uriOf(gamma));
    unlinkSync(other);
    await client.filesChanged([{ uri: fileUri(other), type: 3 }]);
  });

  it("lists the references from a portfolio: on an include, where the portfolios bring in each file it matched (with each deal's id as its declaration); on its id, where it is brought in", async () => {
    const other = file("other.portfolio.yaml");
    const otherText = "portfolio: other\ninclude:\n  - book.portfolio.yaml\n";
    writeFileSync(other, otherText);
    await client.filesChanged([{ uri: fileUri(other), type: 1 }]);
    await client.open(uriOf(book()), BOOK);
    const rendered = (refs: Location[]) => refs.map((r) => `${path.basename(new URL(r.uri).pathname)}:${r.range.start.line}:${r.range.start.character}`).sort();
    const place = (name: string, text: string, at: string) => `${name}:${positionOf(text, at).line}:${positionOf(text, at).character}`;
    const references = (at: string, includeDeclaration: boolean) =>
      client.request<Location[]>("textDocument/references", { textDocument: { uri: uriOf(book()) }, position: positionOf(BOOK, at), context: { includeDeclaration } });
    const euroIncludes = [place("book.portfolio.yaml", BOOK, "  - |eu/euro"), place("other.portfolio.yaml", otherText, "  - |book")].sort();
    assert.deepEqual(rendered(await references("eu/eu|ro", false)), euroIncludes);
    const euroText = readFileSync(file("eu", "euro.deal.yaml"), "utf8");
    assert.deepEqual(rendered(await references("eu/eu|ro", true)), [...euroIncludes, place("euro.deal.yaml", euroText, "deal: |euro")].sort());
    assert.deepEqual(rendered(await references("portfolio: bo|ok", true)), [place("other.portfolio.yaml", otherText, "  - |book")]);
    assert.deepEqual(await references("curr|ency: USD", true), []);
    await client.close(uriOf(book()));
    unlinkSync(other);
    await client.filesChanged([{ uri: fileUri(other), type: 3 }]);
  });

  it("answers workspace symbols for deals by id and by provider, and for portfolios, leaving out node_modules", async () => {
    const names = async (query: string) => (await client.request<SymbolInformation[]>("workspace/symbol", { query })).map((s) => s.name).sort();
    assert.deepEqual(await names(""), ["alpha (Northwind)", "beta (Contoso)", "book", "euro (Contoso)", "gamma (Northwind)"]);
    assert.deepEqual(await names("gam"), ["gamma (Northwind)"]);
    assert.deepEqual(await names("contoso"), ["beta (Contoso)", "euro (Contoso)"]);
    const [alpha] = await client.request<SymbolInformation[]>("workspace/symbol", { query: "alpha" });
    const text = readFileSync(file("basic", "alpha.deal.yaml"), "utf8");
    assert.equal(alpha!.location.uri, uriOf(file("basic", "alpha.deal.yaml")));
    assert.deepEqual(alpha!.location.range.start, positionOf(text, "deal: |alpha"));
    assert.equal(alpha!.containerName, "basic/alpha.deal.yaml");
  });
});

describe("hover, inlay hints, CodeLens and outline on a portfolio (the samples)", () => {
  let client: LspClient;
  const file = path.join(SAMPLES, "anthropic-compute.portfolio.yaml");
  const text = readFileSync(file, "utf8");
  const uri = uriOf(file);
  before(async () => {
    client = await LspClient.start({ workspaceFolders: folder(SAMPLES) });
    await client.open(uri, text);
    await client.diagnosticsOf(uri, 1);
  });
  after(async () => {
    await client.stop();
  });

  const hoverAt = (needle: string) => client.request<Hover | null>("textDocument/hover", { textDocument: { uri }, position: positionOf(text, needle) });
  const HOVERS = path.join(FIXTURES, "lsp", "hover");

  it("hover on the portfolio id: total, years, providers with shares, HHI, firm commitment against the headline total, capacity", async () => {
    const h = await hoverAt("portfolio: anthropic-|compute");
    const md = (h!.contents as { value: string }).value;
    const f = await client.request<PortfolioFiguresJson>("dealspec/figures", { uri });
    // Every figure of the JSON is in the hover, formatted by the engine.
    for (const v of [f.total!, f.firm_commitment!, ...Object.values(f.years)]) assert.ok(md.includes(Number(v).toLocaleString("en-US", { minimumFractionDigits: 2 })), v);
    for (const [name, p] of Object.entries(f.providers)) assert.ok(md.includes(`| ${name} |`) && md.includes(`${p.percent}%`), name);
    assert.ok(md.includes(f.hhi!), "the HHI");
    checkGolden(path.join(HOVERS, "portfolio-id.md"), md);
  });

  it("hover on an include: the deal it brought in, converted", async () => {
    const h = await hoverAt("- colossus|-1.deal.yaml");
    checkGolden(path.join(HOVERS, "portfolio-include.md"), (h!.contents as { value: string }).value);
  });

  it("inlay hints: after each include its deal and converted total, after the id the total, after each expectation its check", async () => {
    const hints = await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: EVERYWHERE });
    const lines = text.split("\n");
    const rendered = hints.map((h) => `${lines[h.position.line]!.slice(0, h.position.character).trim()} ⟨${String(h.label)}⟩`);
    assert.deepEqual(rendered.slice(0, 6), [
      "portfolio: anthropic-compute ⟨total $2.04T⟩",
      "- colossus-1.deal.yaml ⟨→ colossus-1 $45B⟩",
      "- amazon-capacity.deal.yaml ⟨→ amazon-capacity $912B⟩",
      "- google-broadcom.deal.yaml ⟨→ google-broadcom $1T⟩",
      "- microsoft-nvidia.deal.yaml ⟨→ microsoft-nvidia $30B⟩",
      "- fluidstack.deal.yaml ⟨→ fluidstack $50B⟩",
    ]);
    // Each expectation of the sample holds.
    assert.ok(rendered.slice(6).length >= 8 && rendered.slice(6).every((r) => r.endsWith("⟨✓⟩")), rendered.slice(6).join("\n"));
  });

  it("CodeLens on the portfolio line: total, HHI and firm commitment, fully resolved, compact with the exact figures in the tooltips", async () => {
    const lenses = await client.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    const f = await client.request<PortfolioFiguresJson & { display: { total: string; total_compact: string; firm_commitment: string } }>("dealspec/figures", { uri });
    assert.deepEqual(
      lenses.map((l) => l.command?.title),
      [`Total ${f.display.total_compact} (5 deals)`, `HHI ${f.hhi}`, `Firm commitment $2T (97.91%)`],
    );
    assert.deepEqual(
      lenses.map((l) => l.command?.tooltip),
      [`Total ${f.display.total} (5 deals)`, undefined, `Firm commitment ${f.display.firm_commitment} (97.91%)`],
    );
    assert.equal(f.display.total_compact, "$2.04T");
    for (const l of lenses) assert.deepEqual(l.range.start, positionOf(text, "|portfolio: anthropic"));
  });

  it("outline and folding: the includes named by their paths", async () => {
    const symbols = await client.request<{ name: string; children?: { name: string }[] }[]>("textDocument/documentSymbol", { textDocument: { uri } });
    const include = symbols.find((s) => s.name === "include")!;
    assert.deepEqual(include.children!.map((c) => c.name), ["colossus-1.deal.yaml", "amazon-capacity.deal.yaml", "google-broadcom.deal.yaml", "microsoft-nvidia.deal.yaml", "fluidstack.deal.yaml"]);
    const folds = await client.request<{ startLine: number }[]>("textDocument/foldingRange", { textDocument: { uri } });
    assert.ok(folds.some((f) => f.startLine === positionOf(text, "|include:").line));
  });

  it("`dealspec/cashflow` on a portfolio: its months stacked by provider, summing to the portfolio's total", async () => {
    const flow = await client.request<PortfolioCashFlowView>("dealspec/cashflow", { uri });
    const f = await client.request<PortfolioFiguresJson>("dealspec/figures", { uri });
    assert.equal(flow.kind, "portfolio");
    assert.equal(flow.portfolio, f.portfolio);
    assert.deepEqual(flow.providers.map((p) => p.name), Object.keys(f.providers));
    assert.deepEqual(flow.providers.map((p) => p.share), Object.values(f.providers).map((p) => p.share));
    assert.equal(flow.total.amount, f.total);
    assert.equal(flow.months[flow.months.length - 1]!.cumulative.amount, f.total);
  });

  it("`dealspec/figures` on a portfolio carries display strings for the status bar", async () => {
    const f = await client.request<PortfolioFiguresJson & { display: PortfolioFiguresDisplay }>("dealspec/figures", { uri });
    const money = (v: string) => `$${Number(v).toLocaleString("en-US", { minimumFractionDigits: 2 })}`;
    assert.equal(f.display.state, "complete");
    assert.equal(f.display.total, money(f.total!));
    assert.match(f.display.total_compact!, /^\$[0-9.]+[BTM]$/);
    assert.deepEqual(f.display.providers.map((p) => p.name), Object.keys(f.providers));
    assert.deepEqual(f.display.providers.map((p) => p.share), Object.values(f.providers).map((p) => `${p.percent}%`));
  });

  it("`dealspec/schedule` on a portfolio: every deal's payments with the deal's id, subtotals per year that are the portfolio's years, and its total", async () => {
    const s = await client.request<ScheduleView>("dealspec/schedule", { uri });
    const f = await client.request<PortfolioFiguresJson>("dealspec/figures", { uri });
    const money = (v: string) => `$${Number(v).toLocaleString("en-US", { minimumFractionDigits: 2 })}`;
    assert.equal(s.kind, "portfolio");
    assert.equal(s.deal, f.portfolio);
    assert.equal(s.total, f.total);
    assert.deepEqual(s.years, f.years);
    assert.deepEqual(new Set(s.rows.map((r) => r.deal)), new Set(Object.keys(f.deals)));
    const t = s.table!;
    assert.equal(t.columns[0]!.key, "deal");
    const charge = t.columns.findIndex((c) => c.key === "charge");
    assert.deepEqual(t.groups.map((g) => [g.key, g.subtotal[charge]]), Object.entries(f.years).map(([y, v]) => [y, money(v)]));
    assert.equal(t.totals[charge], money(f.total!));
    assert.ok(s.csv.startsWith("deal,paid,fee,"));
  });
});

describe("the index: its cap, a client that does not watch files, workspace folder changes", () => {
  it("stops at the cap and says so in a log line; portfolios still read their deals from disk", async () => {
    const client = await LspClient.start({ workspaceFolders: folder(SAMPLES), env: { DEALSPEC_MAX_INDEXED_FILES: "3" } });
    try {
      const warning = await client.log((l) => l.message.startsWith("Stopped indexing"));
      assert.equal(warning.type, 2);
      assert.match(warning.message, /at 3 deal and portfolio files/);
      const file = path.join(SAMPLES, "anthropic-compute.portfolio.yaml");
      const figures = withoutDisplay(await client.request<PortfolioFiguresJson & { display: unknown }>("dealspec/figures", { uri: uriOf(file) }));
      assert.deepEqual(figures, engineFigures(file));
    } finally {
      await client.stop();
    }
  });

  it("without watched files, checks the disk when it uses a file, and follows folders added to the workspace", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "dealspec-lsp-unwatched-"));
    const client = await LspClient.start({
      workspaceFolders: folder(path.join(dir, "a")),
      capabilities: { workspace: { workspaceFolders: true }, textDocument: { publishDiagnostics: { relatedInformation: true } } },
    });
    try {
      mkdirSync(path.join(dir, "a"));
      mkdirSync(path.join(dir, "b"));
      cpSync(path.join(PORTFOLIO_FIXTURES, "basic"), path.join(dir, "b"), { recursive: true });
      await client.log((l) => l.message.startsWith("Indexed 0 deal and 0 portfolio files"));
      assert.ok(!client.registrations.some((r) => r.method === "workspace/didChangeWatchedFiles"), "no watchers without dynamic registration");
      const book = path.join(dir, "b", "basic.portfolio.yaml");
      await client.connection.sendNotification("workspace/didChangeWorkspaceFolders", { event: { added: folder(path.join(dir, "b")), removed: [] } });
      assert.deepEqual((await client.diagnostics(uriOf(book))).diagnostics, []);
      const before = await client.request<PortfolioFiguresJson>("dealspec/figures", { uri: uriOf(book) });
      const alpha = path.join(dir, "b", "alpha.deal.yaml");
      writeFileSync(alpha, readFileSync(alpha, "utf8").replace("amount: $1M", "amount: $1.5M"));
      const after = await client.request<PortfolioFiguresJson>("dealspec/figures", { uri: uriOf(book) });
      // No notification: the changed file is seen when the portfolio is next analysed.
      assert.equal(after.deals.alpha!.total, "36000000.00");
      assert.deepEqual(withoutDisplay(after as PortfolioFiguresJson & { display: unknown }), engineFigures(book));
      assert.notDeepEqual(after, before);
    } finally {
      await client.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
