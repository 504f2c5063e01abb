/**
 * Never a false figure, through the real protocol: a deal whose fees could
 * not all be read says so on every surface (CodeLens, inlay hints, hover, the
 * `dealspec/figures` display strings the status bar shows, the cash-flow data,
 * the schedule), and with no fee evaluated shows no figure at all, never a
 * `$0.00` total. A portfolio that leaves such a deal out says its figures are
 * partial.
 */
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { CodeLens, Hover, InlayHint } from "vscode-languageserver";
import { canonicalLocation } from "../../server/src/core";
import type { CashFlowView, FiguresDisplay, ScheduleView } from "../../protocol/src";
import { fileUri, LspClient } from "../support/lspClient";
import { positionOf } from "./helpers";

const EVERYWHERE = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

const HEAD = `dealspec: 1
deal: small
currency: USD
parties: {buyer: A, provider: B}
term: {start: 2027-01-01, months: 12}
`;

const CLAUSE = `termination:
  - by: buyer
    notice: 90 days
`;

/** The deal's only fee, broken three ways a user breaks it. */
const BROKEN_FEES: Record<string, string> = {
  "a missing amount": "fees:\n  - id: lease\n    every: month\n",
  "an amount without a currency (`40m`)": "fees:\n  - id: lease\n    amount: 40m\n    every: month\n",
  "a typo'd key (`amout`)": "fees:\n  - id: lease\n    amout: $40M\n    every: month\n",
};

/** One good fee ($1M a month for 12 months) and one broken. */
const PARTIAL = `${HEAD}fees:
  - id: base
    amount: $1M
    every: month
  - id: lease
    amount: 40m
    every: month
${CLAUSE}`;

interface FiguresAnswer {
  total: string | null;
  complete: boolean;
  excluded?: string[];
  display: FiguresDisplay;
}

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

function openDoc(text: string): Promise<string> {
  return client.openDeal(text, "lsp-incomplete");
}

const lensTitles = async (uri: string) => (await client.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } })).map((l) => l.command!.title);

/** Each hint as `line text ⟨label⟩`. */
async function renderedHints(uri: string, text: string): Promise<string[]> {
  const hints = await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: EVERYWHERE });
  const lines = text.split("\n");
  return hints.map((h) => `${lines[h.position.line]!.slice(0, h.position.character).trim()} ⟨${String(h.label)}⟩`);
}

const hoverText = async (uri: string, text: string, needle: string) =>
  ((await client.request<Hover | null>("textDocument/hover", { textDocument: { uri }, position: positionOf(text, needle) }))?.contents as { value: string } | undefined)?.value ?? "";

describe("a deal whose only fee has an error shows no figures, never $0", () => {
  for (const [how, fees] of Object.entries(BROKEN_FEES)) {
    describe(how, () => {
      const text = `${HEAD}${fees}${CLAUSE}`;
      let uri: string;
      before(async () => {
        uri = await openDoc(text);
      });

      it("CodeLens: `no figures: fix the errors`, and no money", async () => {
        const titles = await lensTitles(uri);
        assert.deepEqual(titles, ["no figures: fix the errors", "Show schedule", "Show cash flow"]);
      });

      it("inlay hints: the deal id says so, the fee is marked excluded, no money anywhere", async () => {
        const hints = await renderedHints(uri, text);
        assert.ok(hints.includes("deal: small ⟨no figures: fix the errors⟩"), hints.join("\n"));
        assert.ok(hints.includes("- id: lease ⟨✗ excluded⟩"), hints.join("\n"));
        assert.ok(hints.every((h) => !h.includes("$")), `no money in the hints:\n${hints.join("\n")}`);
      });

      it("dealspec/figures: complete false, the fee excluded, no display figure, the words to show", async () => {
        const f = await client.request<FiguresAnswer>("dealspec/figures", { uri });
        assert.equal(f.complete, false);
        assert.deepEqual(f.excluded, ["lease"]);
        assert.equal(f.display.state, "none");
        assert.equal(f.display.status, "no figures: fix the errors");
        assert.match(f.display.status_detail!, /^No figures: no fee could be evaluated: fee `lease` has errors\./);
        assert.equal(f.display.total, undefined);
        assert.equal(f.display.total_compact, undefined);
        assert.deepEqual(f.display.exit_exposure, []);
        assert.ok(!JSON.stringify(f.display).includes("$"), "no money string");
      });

      it("hover on the deal: no figures, not a $0 total", async () => {
        const md = await hoverText(uri, text, "deal: sm|all");
        assert.match(md, /No figures: no fee could be evaluated/);
        assert.ok(!md.includes("$0.00"), md);
      });

      it("hover on the termination clause: no $0 exit exposure", async () => {
        const md = await hoverText(uri, text, "by: bu|yer");
        assert.match(md, /No figures/);
        assert.ok(!md.includes("$0.00"), md);
      });

      it("no cash flow, and a schedule that says why instead of a $0 total", async () => {
        assert.equal(await client.request<CashFlowView | null>("dealspec/cashflow", { uri }), null);
        const s = await client.request<ScheduleView>("dealspec/schedule", { uri });
        assert.equal(s.total, null);
        assert.equal(s.table, null);
        assert.equal(s.csv, "");
        assert.match(s.summary, /^No schedule\. No figures: no fee could be evaluated/);
      });
    });
  }

  it("a fee without an id is named by its place: fee #1", async () => {
    const text = `${HEAD}fees:\n  - amount: 40m\n    every: month\n`;
    const uri = await openDoc(text);
    const f = await client.request<FiguresAnswer>("dealspec/figures", { uri });
    assert.deepEqual(f.excluded, ["#1"]);
    assert.equal(f.display.state, "none");
    const hints = await renderedHints(uri, text);
    assert.ok(hints.includes("- amount: 40m ⟨✗ excluded⟩"), hints.join("\n"));
  });
});

describe("a deal with one good and one broken fee shows a partial total, marked partial", () => {
  let uri: string;
  before(async () => {
    uri = await openDoc(PARTIAL);
  });

  it("CodeLens: what is left out first, then each figure marked (partial)", async () => {
    const titles = await lensTitles(uri);
    assert.deepEqual(titles, [
      "incomplete: fee `lease` excluded",
      "Total $12M (partial)",
      "Run rate $12M/yr (partial)",
      "Exit exposure $3M (partial)",
      "Show schedule",
      "Show cash flow",
    ]);
  });

  it("inlay hints: the good fee's own total, the broken fee excluded, the exit exposure partial", async () => {
    const hints = await renderedHints(uri, PARTIAL);
    assert.deepEqual(hints, [
      "deal: small ⟨incomplete: fee `lease` excluded⟩",
      "term: {start: 2027-01-01, months: 12 ⟨365 days · 12 mo⟩",
      "amount: $1M ⟨= $12M · 12 mo⟩",
      "- id: lease ⟨✗ excluded⟩",
      "notice: 90 days ⟨exit $3M (partial)⟩",
    ]);
  });

  it("dealspec/figures: the partial total, complete false, and display strings that say so", async () => {
    const f = await client.request<FiguresAnswer>("dealspec/figures", { uri });
    assert.equal(f.total, "12000000.00");
    assert.equal(f.complete, false);
    assert.deepEqual(f.excluded, ["lease"]);
    assert.equal(f.display.state, "partial");
    assert.equal(f.display.status, "incomplete: fee `lease` excluded");
    assert.match(f.display.status_detail!, /^The figures are partial: they leave out fee `lease`/);
    assert.equal(f.display.total, "$12,000,000.00");
  });

  it("hover on the deal: the status first, the total marked (partial)", async () => {
    const md = await hoverText(uri, PARTIAL, "deal: sm|all");
    assert.match(md, /\*\*⚠ incomplete: fee `lease` excluded\*\*: The figures are partial/);
    assert.match(md, /\*\*Total \$12,000,000\.00\*\* \(partial\)/);
  });

  it("dealspec/cashflow: complete false, the fee excluded, and the sentence the chart shows", async () => {
    const flow = await client.request<CashFlowView>("dealspec/cashflow", { uri });
    assert.equal(flow.complete, false);
    assert.deepEqual(flow.excluded, ["lease"]);
    assert.equal(flow.status, "incomplete: fee `lease` excluded");
    assert.match(flow.statusDetail!, /leave out fee `lease`/);
    assert.equal(flow.total.amount, "12000000.00");
  });

  it("dealspec/schedule: the summary and the totals row mark the total partial", async () => {
    const s = await client.request<ScheduleView>("dealspec/schedule", { uri });
    assert.equal(s.status, "incomplete: fee `lease` excluded");
    assert.deepEqual([s.complete, s.excluded], [false, ["lease"]]);
    assert.match(s.summary, /^Total \$12,000,000\.00 \(partial\) in 12 payments/);
    assert.equal(s.table!.totals[0], "Total (partial)");
  });

  it("once the fee is fixed, the figures are complete and nothing says otherwise", async () => {
    const fixed = PARTIAL.replace("amount: 40m", "amount: $40M");
    const uri2 = await openDoc(fixed);
    const f = await client.request<FiguresAnswer>("dealspec/figures", { uri: uri2 });
    assert.equal(f.complete, true);
    assert.equal(f.display.state, "complete");
    assert.equal(f.display.status, undefined);
    const titles = await lensTitles(uri2);
    assert.equal(titles[0], "Total $492M");
    assert.ok(titles.every((t) => !t.includes("partial") && !t.includes("incomplete")), titles.join(" | "));
  });
});

describe("a portfolio that leaves out an incomplete deal", () => {
  let dir: string;
  let portfolio: LspClient;
  let uri: string;
  const text = 'portfolio: book\ncurrency: USD\ninclude:\n  - "*.deal.yaml"\n';
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "dealspec-lsp-incomplete-"));
    writeFileSync(path.join(dir, "a.deal.yaml"), PARTIAL);
    writeFileSync(path.join(dir, "b.deal.yaml"), `${HEAD.replace("deal: small", "deal: good")}fees:\n  - id: base\n    amount: $1M\n    every: month\n`);
    const file = path.join(dir, "book.portfolio.yaml");
    writeFileSync(file, text);
    uri = canonicalLocation(fileUri(file));
    portfolio = await LspClient.start({ workspaceFolders: [{ uri: fileUri(dir), name: "book" }] });
    await portfolio.open(uri, text);
    await portfolio.diagnosticsOf(uri, 1);
  });
  after(async () => {
    await portfolio.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("CodeLens: the deal left out first, the figures marked partial", async () => {
    const lenses = await portfolio.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l) => l.command?.title),
      ["incomplete: deal `small` left out", "Total $12M (1 deal, partial)", "HHI 10000.00 (partial)", "Firm commitment $12M (100.00%, partial)"],
    );
  });

  it("inlay hint after the id: the total marked partial", async () => {
    const hints = await portfolio.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: EVERYWHERE });
    assert.equal(String(hints[0]!.label), "total $12M (partial)");
  });
});
