/**
 * Quick fixes through the real protocol: for each diagnostic, ask for the
 * code actions at its range, apply the fix to the text, send the change and
 * check that the re-analysed version no longer has that diagnostic.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { CodeAction, Diagnostic, InlayHint } from "vscode-languageserver";
import { LspClient } from "../support/lspClient";
import { FIXTURES } from "../support/paths";
import { applyEdits, positionOf } from "./helpers";

const BROKEN = readFileSync(path.join(FIXTURES, "lsp", "broken.deal.yaml"), "utf8");
const COLOSSUS = readFileSync(path.join(FIXTURES, "lsp", "colossus.deal.yaml"), "utf8");
const STEPS = readFileSync(path.join(FIXTURES, "conformance", "v11-unit-prices-steps.deal.yaml"), "utf8");

interface FixCase {
  readonly name: string;
  readonly text: string;
  readonly code: string;
  /** The fix's title, as offered. */
  readonly title: string;
  /** A line the fixed text holds. */
  readonly fixedLine: string;
}

const CASES: readonly FixCase[] = [
  { name: "unknown key: the suggestion", text: BROKEN, code: "DS201", title: "Change to `amount`", fixedLine: "    amount: $1M" },
  { name: "currency mismatch: the deal's marker", text: BROKEN, code: "DS215", title: "Change the marker to USD", fixedLine: "    amount: $2M" },
  { name: "missing required key: added with a placeholder", text: COLOSSUS.replace("    every: month\n    from: 2026-07-01", "    from: 2026-07-01"), code: "DS200", title: "Add `every`", fixedLine: "    every: month" },
  { name: "no amount and no price: an amount added with a placeholder", text: COLOSSUS.replace("    amount: $1.25B\n", ""), code: "DS321", title: "Add `amount`", fixedLine: "    amount: $0" },
  { name: "no amount and no price, a misspelt amount: the key renamed", text: BROKEN, code: "DS321", title: "Rename `amout` to `amount`", fixedLine: "    amount: $1M" },
  {
    name: "missing required key, a misspelt one beside it: the key renamed",
    text: COLOSSUS.replace("    every: month\n    from: 2026-07-01", "    evrey: month\n    from: 2026-07-01"),
    code: "DS200",
    title: "Rename `evrey` to `every`",
    fixedLine: "    every: month",
  },
  { name: "value not allowed: the closest one", text: BROKEN, code: "DS203", title: "Change to `quarter`", fixedLine: "    every: quarter" },
  { name: "assumed fee: add a note", text: BROKEN, code: "DS306", title: "Add a note on the assumption", fixedLine: '    note: ""' },
  { name: "unknown party role: the closest role", text: BROKEN, code: "DS309", title: "Change to `buyer`", fixedLine: "  - by: buyer" },
  { name: "stale expectation: the computed figure", text: COLOSSUS.replace("total: $45B", "total: $46.25B"), code: "DS400", title: "Update the expected total to $45B", fixedLine: "  total: $45B" },
  { name: "ambiguous suffix: M for million", text: COLOSSUS.replace("amount: $625M", "amount: $625m"), code: "DS214", title: "Change to `$625M`", fixedLine: "    amount: $625M" },
  { name: "currency code in lower case", text: COLOSSUS.replace("currency: USD", "currency: usd"), code: "DS219", title: "Change to `USD`", fixedLine: "currency: USD" },
  { name: "plain number as a percentage", text: COLOSSUS.replace("discount_rate: 8%", "discount_rate: 8"), code: "DS217", title: "Change to `8%`", fixedLine: "discount_rate: 8%" },
  { name: "impossible date: the month's last day", text: COLOSSUS.replace("  end: 2029-05-31", "  end: 2029-06-31"), code: "DS210", title: "Change to `2029-06-30` (the month's last day)", fixedLine: "  end: 2029-06-30" },
  { name: "unsupported version", text: COLOSSUS.replace("dealspec: 1", "dealspec: 2"), code: "DS206", title: "Change to `dealspec: 1`", fixedLine: "dealspec: 1" },
];

let client: LspClient;
let n = 0;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

const count = (list: readonly Diagnostic[], code: string) => list.filter((d) => d.code === code).length;

describe("quick fixes", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const uri = `file:///tmp/lsp-actions/case-${++n}.deal.yaml`;
      await client.open(uri, c.text);
      try {
        const before = (await client.diagnosticsOf(uri, 1)).diagnostics;
        const target = before.find((d) => d.code === c.code);
        assert.ok(target, `${c.code} is reported (got ${before.map((d) => d.code).join(", ")})`);
        const actions = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: target.range, context: { diagnostics: [target] } });
        const action = actions.find((a) => a.title === c.title);
        assert.ok(action, `offered: ${c.title} (got ${actions.map((a) => a.title).join(" | ")})`);
        assert.equal(action.kind, "quickfix");
        assert.deepEqual(action.diagnostics, [target], "the action is attached to its diagnostic");
        const fixed = applyEdits(c.text, action.edit!.changes![uri]!);
        assert.ok(fixed.split("\n").includes(c.fixedLine), `the fixed text has \`${c.fixedLine}\``);
        await client.change(uri, 2, fixed);
        const after = (await client.diagnosticsOf(uri, 2)).diagnostics;
        assert.equal(count(after, c.code), count(before, c.code) - 1, `one ${c.code} fewer after the fix`);
        assert.ok(!after.some((d) => d.code === c.code && d.range.start.line === target.range.start.line), "the fixed line has no such diagnostic");
      } finally {
        await client.close(uri);
      }
    });
  }

  it("a fixed expectation shows its check mark", async () => {
    const text = COLOSSUS.replace("run_rate: $15B", "run_rate: $16B");
    const uri = `file:///tmp/lsp-actions/case-${++n}.deal.yaml`;
    await client.open(uri, text);
    const [stale] = (await client.diagnosticsOf(uri, 1)).diagnostics;
    assert.equal(stale?.code, "DS400");
    assert.match(String(stale.message), /computed \$15,000,000,000\.00 \(difference -\$1,000,000,000\.00\)/);
    const [action] = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: stale.range, context: { diagnostics: [stale] } });
    const fixed = applyEdits(text, action!.edit!.changes![uri]!);
    await client.change(uri, 2, fixed);
    assert.deepEqual((await client.diagnosticsOf(uri, 2)).diagnostics, []);
    const hints = await client.request<InlayHint[]>("textDocument/inlayHint", { textDocument: { uri }, range: { start: stale.range.start, end: stale.range.end } });
    assert.deepEqual(hints.map((h) => h.label), ["✓"]);
    await client.close(uri);
  });

  it("offers a rename once, for both the unknown key and the missing one, and no second key", async () => {
    // `evrey` is the fee's first key: the missing `every` (DS200) is reported on it too.
    const text = COLOSSUS.replace("  - id: base\n    label: Full capacity rate\n    amount: $1.25B\n    every: month\n", "  - evrey: month\n    id: base\n    label: Full capacity rate\n    amount: $1.25B\n");
    const uri = `file:///tmp/lsp-actions/case-${++n}.deal.yaml`;
    await client.open(uri, text);
    try {
      const diagnostics = (await client.diagnosticsOf(uri, 1)).diagnostics;
      const unknown = diagnostics.find((d) => d.code === "DS201");
      const missing = diagnostics.find((d) => d.code === "DS200");
      assert.ok(unknown && missing, diagnostics.map((d) => d.code).join(", "));
      assert.deepEqual(missing.range, unknown.range, "both on the misspelt key");
      const actions = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: unknown.range, context: { diagnostics: [unknown, missing] } });
      assert.deepEqual(
        actions.map((a) => a.title),
        ["Rename `evrey` to `every`"],
      );
      assert.deepEqual(actions[0]!.diagnostics?.map((d) => d.code).sort(), ["DS200", "DS201"]);
      assert.equal(actions[0]!.isPreferred, true);
      const fixed = applyEdits(text, actions[0]!.edit!.changes![uri]!);
      assert.ok(fixed.includes("  - every: month\n    id: base\n"), fixed);
      await client.change(uri, 2, fixed);
      assert.deepEqual((await client.diagnosticsOf(uri, 2)).diagnostics, []);
    } finally {
      await client.close(uri);
    }
  });

  it("offers nothing where there is no diagnostic", async () => {
    const uri = `file:///tmp/lsp-actions/case-${++n}.deal.yaml`;
    await client.open(uri, COLOSSUS);
    await client.diagnosticsOf(uri, 1);
    assert.deepEqual(await client.request("textDocument/codeAction", { textDocument: { uri }, range: { start: { line: 5, character: 0 }, end: { line: 5, character: 3 } }, context: { diagnostics: [] } }), []);
    await client.close(uri);
  });
});

describe("rewrites between amount and price", () => {
  /** The code actions offered with the cursor at `at` (a `|` in a piece of the text), with no diagnostic. */
  async function actionsAt(uri: string, text: string, at: string): Promise<CodeAction[]> {
    const position = positionOf(text, at);
    return client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } });
  }

  async function figuresOf(uri: string): Promise<unknown> {
    const { display, ...figures } = await client.request<Record<string, unknown>>("dealspec/figures", { uri });
    void display;
    return figures;
  }

  /** Applies the action titled `title` at `at`, and checks that the figures did not change and no diagnostic appeared. */
  async function rewrite(text: string, at: string, title: string): Promise<string> {
    const uri = `file:///tmp/lsp-actions/case-${++n}.deal.yaml`;
    await client.open(uri, text);
    try {
      const before = (await client.diagnosticsOf(uri, 1)).diagnostics;
      const figures = await figuresOf(uri);
      const actions = await actionsAt(uri, text, at);
      const action = actions.find((a) => a.title === title);
      assert.ok(action, `offered: ${title} (got ${actions.map((a) => a.title).join(" | ")})`);
      assert.equal(action.kind, "quickfix");
      assert.equal(action.diagnostics, undefined, "a rewrite answers no diagnostic");
      const fixed = applyEdits(text, action.edit!.changes![uri]!);
      await client.change(uri, 2, fixed);
      assert.deepEqual((await client.diagnosticsOf(uri, 2)).diagnostics, before, "no new diagnostic");
      assert.deepEqual(await figuresOf(uri), figures, "the same figures, to the cent");
      return fixed;
    } finally {
      await client.close(uri);
    }
  }

  const CONSTANT = COLOSSUS.replace("amount: $1.25B", "amount: $1.2B");

  it("writes an amount as the price per MW-month of constant capacity, and back", async () => {
    const priced = await rewrite(CONSTANT, "amount: $1.|2B", "Write as a price: $4M per MW-month (× 300 MW = $1.2B per month)");
    assert.ok(priced.includes("    price: $4M per MW-month\n    every: month\n    from: 2026-07-01"), priced);
    const back = await rewrite(priced, "price: $4M| per MW-month", "Write as an amount: $1.2B per month ($4M × 300 MW)");
    assert.equal(back, CONSTANT);
  });

  it("writes a price on its own quantity as an amount, removing the quantity", async () => {
    const fixed = await rewrite(STEPS, "price: $175 |per kW-month", "Write as an amount: $2.625M per quarter ($175.00 × 5,000 kW × 3 months)");
    assert.ok(fixed.includes("  - id: hall\n    amount: $2.625M\n    every: quarter\n    paid: in_arrears\n"), fixed);
    assert.ok(!/^\s+quantity:/m.test(fixed), fixed);
  });

  it("is not offered when the division is not exact, the capacity steps, or the price is per GPU-hour", async () => {
    const none = async (text: string, at: string) => {
      const uri = `file:///tmp/lsp-actions/case-${++n}.deal.yaml`;
      await client.open(uri, text);
      try {
        await client.diagnosticsOf(uri, 1);
        assert.deepEqual((await actionsAt(uri, text, at)).map((a) => a.title), [], at);
      } finally {
        await client.close(uri);
      }
    };
    // $1.25B / 300 MW and / 220,000 GPUs do not divide exactly.
    await none(COLOSSUS, "amount: $1.2|5B");
    // The power steps up on 2026-03-11: no one price gives the same charges.
    await none(STEPS, "price: $130|k per MW-month");
    // Hours differ from month to month.
    await none(STEPS, "price: $2.4|0 per GPU-hour");
    // Not where the cursor is not on the fee's amount, price or quantity.
    await none(CONSTANT, "label: Full| capacity rate");
    // A scenario that sets the fee would no longer apply to it.
    await none(`${CONSTANT}scenarios:\n  - id: up\n    set: {fees.base.amount: $1.3B}\n`, "amount: $1.|2B");
  });

  it("offers a price per GPU-month too when the GPUs are constant and divide exactly", async () => {
    const text = CONSTANT.replace("gpus: 220000", "gpus: 240000");
    const uri = `file:///tmp/lsp-actions/case-${++n}.deal.yaml`;
    await client.open(uri, text);
    try {
      await client.diagnosticsOf(uri, 1);
      assert.deepEqual(
        (await actionsAt(uri, text, "amount: $1.|2B")).map((a) => a.title),
        ["Write as a price: $4M per MW-month (× 300 MW = $1.2B per month)", "Write as a price: $5k per GPU-month (× 240,000 GPUs = $1.2B per month)"],
      );
    } finally {
      await client.close(uri);
    }
  });
});
