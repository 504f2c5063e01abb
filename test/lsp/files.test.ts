/**
 * One file policy in both front ends (docs/cli.md#which-files,
 * docs/portfolio.md#includes): a temporary tree with symbolic links (to a
 * file in a dot folder, to a file the glob also reaches by its own path, to a
 * file outside the tree, a broken one, one to a folder), a dot folder and
 * `node_modules`, and a portfolio that globs over it. The CLI (`dealspec
 * totals --json`, as a process) and the language server (`dealspec/figures`,
 * through the protocol, from its workspace index and from the disk directly)
 * must see the same includes and the same totals, and still do after a
 * linked file changes on disk.
 */
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { canonicalLocation, type PortfolioFiguresJson } from "../../server/src/core";
import { dealspec } from "../cli/support";
import { fileUri, LspClient } from "../support/lspClient";

/** A deal of twelve monthly fees of `millions` dollars. */
function deal(id: string, millions: number): string {
  return `dealspec: 1
deal: ${id}
currency: USD
parties: {buyer: A, provider: P-${id}}
term: {start: 2027-01-01, months: 12}
fees:
  - id: base
    amount: $${millions}M
    every: month
`;
}

const PORTFOLIO = `portfolio: book
include:
  - "**/*.deal.yaml"
  - .hidden/h.deal.yaml
`;

/** What both front ends must count: deal id -> the file that brought it in, and its total. */
const EXPECTED: Record<string, readonly [string, string]> = {
  a: ["deals/a.deal.yaml", "12000000.00"],
  b: ["deals/b.deal.yaml", "24000000.00"],
  c: ["deals/c.deal.yaml", "36000000.00"],
  e: ["deals/e.deal.yaml", "60000000.00"],
  h: [".hidden/h.deal.yaml", "48000000.00"],
};

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** The tree: every deal the glob must not count has a deal id of its own, so counting it would show. */
function makeTree(): { root: string; outside: string } {
  const base = mkdtempSync(path.join(tmpdir(), "dealspec-files-"));
  const root = path.join(base, "book");
  const outside = path.join(base, "elsewhere");
  write(path.join(root, "book.portfolio.yaml"), PORTFOLIO);
  write(path.join(root, "deals", "a.deal.yaml"), deal("a", 1));
  // A link into a dot folder, which no glob enters: the deal counts through the link.
  write(path.join(root, ".store", "b.deal.yaml"), deal("b", 2));
  symlinkSync(path.join("..", ".store", "b.deal.yaml"), path.join(root, "deals", "b.deal.yaml"));
  // A link to a file the glob also reaches by its own path: one deal, under the first path.
  write(path.join(root, "shared", "c.deal.yaml"), deal("c", 3));
  symlinkSync(path.join("..", "shared", "c.deal.yaml"), path.join(root, "deals", "c.deal.yaml"));
  // A link to a file outside the tree counts like the file.
  write(path.join(outside, "e.deal.yaml"), deal("e", 5));
  symlinkSync(path.join(outside, "e.deal.yaml"), path.join(root, "deals", "e.deal.yaml"));
  // A broken link, and a link to a folder (not entered): nothing.
  symlinkSync(path.join("..", "nowhere.deal.yaml"), path.join(root, "deals", "broken.deal.yaml"));
  write(path.join(outside, "folder", "o.deal.yaml"), deal("o", 7));
  symlinkSync(path.join(outside, "folder"), path.join(root, "linked-folder"));
  // A dot folder and node_modules: skipped by the glob; a deal there counts only when named.
  write(path.join(root, ".hidden", "h.deal.yaml"), deal("h", 4));
  write(path.join(root, ".hidden", "x.deal.yaml"), deal("x", 8));
  write(path.join(root, "node_modules", "pkg", "n.deal.yaml"), deal("n", 9));
  return { root, outside: base };
}

function cliFigures(root: string): PortfolioFiguresJson {
  const r = dealspec(["totals", "--json", "book.portfolio.yaml"], root);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as PortfolioFiguresJson;
}

async function serverFigures(client: LspClient, root: string): Promise<PortfolioFiguresJson> {
  const { display: _display, ...figures } = await client.request<PortfolioFiguresJson & { display: unknown }>("dealspec/figures", { uri: canonicalLocation(fileUri(path.join(root, "book.portfolio.yaml"))) });
  return figures;
}

function assertCounts(figures: PortfolioFiguresJson, expected: Record<string, readonly [string, string]>, who: string): void {
  const counted = Object.fromEntries(Object.entries(figures.deals).map(([id, d]) => [id, [d.file, d.total]]));
  assert.deepEqual(counted, expected, `${who}: the deals counted and the files that brought them in`);
  assert.deepEqual(figures.excluded, [], `${who}: nothing left out (a link and its target are one deal, not a DS502)`);
}

describe("symbolic links and dot folders: the CLI and the language server count the same deals", () => {
  let tree: { root: string; outside: string };
  let indexed: LspClient;
  let direct: LspClient;

  before(async () => {
    tree = makeTree();
    [indexed, direct] = await Promise.all([LspClient.start({ workspaceFolders: [{ uri: fileUri(tree.root), name: "book" }] }), LspClient.start()]);
  });
  after(async () => {
    await Promise.all([indexed.stop(), direct.stop()]);
    rmSync(tree.outside, { recursive: true, force: true });
  });

  it("the CLI counts a, b, c, e and h, each once", () => {
    const figures = cliFigures(tree.root);
    assertCounts(figures, EXPECTED, "dealspec totals");
    assert.equal(figures.total, "180000000.00");
  });

  it("the workspace index holds the links to files and skips dot folders, node_modules, broken links and linked folders", async () => {
    const line = await indexed.log((l) => l.message.startsWith("Indexed "));
    // deals/a, deals/b (link), deals/c (link), deals/e (link), shared/c; book.portfolio.yaml.
    assert.match(line.message, /^Indexed 5 deal and 1 portfolio files in 1 workspace folder/);
  });

  it("the language server, from its workspace index, gives the CLI's figures", async () => {
    await indexed.log((l) => l.message.startsWith("Indexed "));
    const figures = await serverFigures(indexed, tree.root);
    assertCounts(figures, EXPECTED, "dealspec/figures (indexed)");
    assert.deepEqual(figures, cliFigures(tree.root));
  });

  it("the language server, reading the disk directly (no workspace folder), gives the CLI's figures", async () => {
    const figures = await serverFigures(direct, tree.root);
    assertCounts(figures, EXPECTED, "dealspec/figures (disk)");
    assert.deepEqual(figures, cliFigures(tree.root));
  });

  it("a change to a linked file, reported for the file itself, reaches the portfolio that counts it through the link", async () => {
    await indexed.log((l) => l.message.startsWith("Indexed "));
    // Both servers have the portfolio's analysis cached from here on.
    await Promise.all([serverFigures(indexed, tree.root), serverFigures(direct, tree.root)]);
    const target = path.join(tree.root, ".store", "b.deal.yaml");
    writeFileSync(target, deal("b", 20));
    await Promise.all([indexed, direct].map((c) => c.filesChanged([{ uri: fileUri(target), type: 2 }])));
    const figures = await serverFigures(indexed, tree.root);
    const expected = { ...EXPECTED, b: ["deals/b.deal.yaml", "240000000.00"] as const };
    assertCounts(figures, expected, "dealspec/figures after the change");
    assert.deepEqual(figures, cliFigures(tree.root));
    assert.deepEqual(await serverFigures(direct, tree.root), figures);
  });
});
