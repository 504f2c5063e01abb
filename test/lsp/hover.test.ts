/**
 * Hovers through the real protocol, compared with golden Markdown files in
 * test/fixtures/lsp/hover/ (cases.json lists where each hover is taken;
 * UPDATE_GOLDEN=1 rewrites the files, to be reviewed in the diff).
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Hover, MarkupContent } from "vscode-languageserver";
import { Decimal } from "../../server/src/core";
import { LspClient } from "../support/lspClient";
import { FIXTURES, ROOT } from "../support/paths";
import { checkGolden, positionOf } from "./helpers";

interface HoverCase {
  readonly name: string;
  /** Relative to the repository root. */
  readonly file: string;
  /** Text of the file with `|` where the mouse is. */
  readonly at: string;
}

const DIR = path.join(FIXTURES, "lsp", "hover");
const cases = JSON.parse(readFileSync(path.join(DIR, "cases.json"), "utf8")) as HoverCase[];

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

async function hoverAt(file: string, at: string): Promise<Hover | null> {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const uri = `file:///tmp/lsp-hover/${path.basename(file)}`;
  await client.open(uri, text);
  try {
    await client.diagnosticsOf(uri, 1);
    const position = positionOf(text, at);
    const hover = await client.request<Hover | null>("textDocument/hover", { textDocument: { uri }, position });
    if (hover?.range) {
      const { start, end } = hover.range;
      const inside = (start.line < position.line || (start.line === position.line && start.character <= position.character)) && (end.line > position.line || (end.line === position.line && end.character >= position.character));
      assert.ok(inside, "the hover's range holds the position");
    }
    return hover;
  } finally {
    await client.close(uri);
  }
}

describe("hover", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const hover = await hoverAt(c.file, c.at);
      assert.ok(hover, `a hover at ${c.at}`);
      const contents = hover.contents as MarkupContent;
      assert.equal(contents.kind, "markdown");
      checkGolden(path.join(DIR, `${c.name}.md`), contents.value);
    });
  }

  it("gives nothing on a comment", async () => {
    assert.equal(await hoverAt("test/fixtures/lsp/colossus.deal.yaml", "# Anthropic's |lease"), null);
  });

  /** Every hover over the text, one per word (keys and values), as Markdown. */
  async function everyHover(text: string): Promise<string[]> {
    const uri = `file:///tmp/lsp-hover/every-${Math.random().toString(36).slice(2)}.deal.yaml`;
    await client.open(uri, text);
    try {
      await client.diagnosticsOf(uri, 1);
      const out: string[] = [];
      const lines = text.split("\n");
      for (let line = 0; line < lines.length; line++) {
        if (lines[line]!.trimStart().startsWith("#")) continue;
        for (const m of lines[line]!.matchAll(/[^\s:{},-]+/g)) {
          const hover = await client.request<Hover | null>("textDocument/hover", { textDocument: { uri }, position: { line, character: m.index! + 1 } });
          if (hover) out.push((hover.contents as MarkupContent).value);
        }
      }
      return out;
    } finally {
      await client.close(uri);
    }
  }

  it("never says the currency and term are needed when the deal has both, and names the one it lacks", async () => {
    const broken = readFileSync(path.join(FIXTURES, "lsp", "broken-values.deal.yaml"), "utf8");
    const hovers = await everyHover(broken);
    assert.ok(hovers.length > 10);
    for (const h of hovers) assert.ok(!/currency and term are needed/.test(h), h);
    assert.ok(hovers.some((h) => h.includes("No figures: the deal's `term` cannot be read. `2027-02-30` is not on the calendar: 2027-02 has 28 days. Did you mean its last day, `2027-02-28`? Fix the errors to compute them.")));

    const noCurrency = await everyHover(broken.replace("currency: USD\n", "").replace("2027-02-30", "2027-02-28"));
    assert.ok(noCurrency.some((h) => h.includes("No figures: the deal has no `currency`. Fix the errors to compute them.")), noCurrency.join("\n\n"));
    const neither = await everyHover(broken.replace("currency: USD\n", "").replace(/term:\n.*\n.*\n/, ""));
    assert.ok(neither.some((h) => h.includes("No figures: the deal has no `currency` and no `term`.")), neither.join("\n\n"));
  });
});

/** A number as a hover writes it: `$2,600,000.00`, `-€1.5`, `830 MW-days`, `744 h` (the leading number). */
function numberIn(token: string): Decimal {
  const m = /^(-?)[$€£¥]?([0-9][0-9,]*(?:\.[0-9]+)?)/.exec(token.trim());
  assert.ok(m, `a number in \`${token}\``);
  return new Decimal(`${m[1]}${m[2]!.replace(/,/g, "")}`);
}

/** `a × b / c × d`, evaluated exactly from left to right. */
function evaluateProduct(expr: string): Decimal {
  let value = new Decimal(1);
  for (const part of expr.split(" × ")) {
    const [first, ...divisors] = part.split(" / ");
    value = value.times(numberIn(first!));
    for (const d of divisors) value = value.div(numberIn(d));
  }
  return value;
}

describe("price hovers add up", () => {
  const files = ["test/fixtures/conformance/v11-unit-prices-steps.deal.yaml", "test/fixtures/lsp/drivers.deal.yaml"];
  for (const file of files) {
    it(`each charge of each unit-priced fee of ${path.basename(file)} is its operands multiplied, and the fee's total is the figures JSON's`, async () => {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      const uri = `file:///tmp/lsp-hover/sums-${path.basename(file)}`;
      await client.open(uri, text);
      try {
        await client.diagnosticsOf(uri, 1);
        const figures = await client.request<{ fees: Record<string, { total: string; periods: number }> }>("dealspec/figures", { uri });
        const ids = [...text.matchAll(/^ {2}- id: ([a-z0-9_-]+)\n {4}price: /gm)].map((m) => m[1]!);
        assert.ok(ids.length >= 2, "the file has unit-priced fees");
        for (const id of ids) {
          const hover = await client.request<Hover | null>("textDocument/hover", { textDocument: { uri }, position: positionOf(text, `- id: ${id}|`) });
          const markdown = (hover!.contents as MarkupContent).value;
          const total = /^\*\*Total (-?[$€][0-9,.]+)\*\*/m.exec(markdown);
          assert.ok(total, `${id}: the hover shows the fee's total`);
          assert.ok(numberIn(total[1]!).eq(figures.fees[id]!.total), `${id}: total ${total[1]} is the figures JSON's ${figures.fees[id]!.total}`);
          const sum = /^- sum: \*\*(-?[$€][0-9,.]+)\*\*$/m.exec(markdown);
          assert.ok(sum && numberIn(sum[1]!).eq(figures.fees[id]!.total), `${id}: the sum line is the total`);
          let periods = 0;
          let charged = new Decimal(0);
          let truncated = false;
          for (const line of markdown.split("\n")) {
            if (line.startsWith("- … and ")) truncated = true;
            const m = /^- periods? (\d+)(?:–(\d+))? \(([^)]*)\): (.*)$/.exec(line);
            if (!m) continue;
            const count = m[2] === undefined ? 1 : Number(m[2]) - Number(m[1]) + 1;
            periods += count;
            // The quantity-days behind a period with a step, or cut short, add up.
            const runs = /^[^;]*; ([0-9,.]+) [A-Za-z]+-days = (.*)$/.exec(m[3]!);
            if (runs) {
              const days = runs[2]!.split(" + ").reduce((s, r) => s.plus(evaluateProduct(r)), new Decimal(0));
              assert.ok(days.eq(numberIn(runs[1]!)), `${id}: ${m[3]}`);
            }
            const rest = m[4]!.replace(/; price .*$/, "");
            const grouped = /^(\d+) × \((.*) = ([$€][0-9,.]+)(?: \(credit\))?\) = (-?[$€][0-9,.]+)$/.exec(rest);
            const single = /^(.*) = ([$€][0-9,.]+)(?: \(credit\))?$/.exec(rest);
            assert.ok(grouped || single, `${id}: a computation in \`${line}\``);
            const [expr, charge] = grouped ? [grouped[2]!, grouped[3]!] : [single![1]!, single![2]!];
            const product = evaluateProduct(expr);
            assert.ok(
              product.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).eq(numberIn(charge)),
              `${id}: ${expr} = ${product.toString()}, rounded ${product.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toString()}, shown as ${charge}`,
            );
            const sign = markdown.includes("(a credit: each charge is subtracted)") ? -1 : 1;
            if (grouped) {
              assert.equal(Number(grouped[1]), count, `${id}: ${line}`);
              assert.ok(numberIn(charge).times(count * sign).eq(numberIn(grouped[4]!)), `${id}: ${count} × ${charge} = ${grouped[4]}`);
            }
            charged = charged.plus(numberIn(charge).times(count * sign));
          }
          if (!truncated) {
            assert.equal(periods, figures.fees[id]!.periods, `${id}: every period is shown`);
            assert.ok(charged.eq(figures.fees[id]!.total), `${id}: the charges shown sum to ${charged.toString()}, the total is ${figures.fees[id]!.total}`);
          } else {
            assert.ok(periods < figures.fees[id]!.periods, `${id}: a summarised list shows fewer periods`);
          }
        }
      } finally {
        await client.close(uri);
      }
    });
  }
});
