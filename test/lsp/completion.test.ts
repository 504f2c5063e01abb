/**
 * Completion through the real protocol, on text as it is while typing:
 * each case is a document with `|` at the cursor, valid YAML or not.
 */
import { strict as assert } from "node:assert";
import { after, before, describe, it } from "node:test";
import type { CompletionItem, CompletionList, MarkupContent, TextEdit } from "vscode-languageserver";
import { LspClient } from "../support/lspClient";
import { applyEdits, cursor } from "./helpers";

const HEAD = `dealspec: 1
deal: typing
currency: USD
parties:
  buyer: Example Buyer
  provider: Example Provider
  auditor: Example Auditor
term:
  start: 2027-01-01
  months: 24
`;

let client: LspClient;
let n = 0;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

async function complete(textWithCursor: string): Promise<{ items: CompletionItem[]; text: string }> {
  const { text, position } = cursor(textWithCursor);
  const uri = `file:///tmp/lsp-completion/case-${++n}.deal.yaml`;
  await client.open(uri, text);
  try {
    const result = await client.request<CompletionItem[] | CompletionList | null>("textDocument/completion", { textDocument: { uri }, position });
    return { items: Array.isArray(result) ? result : (result?.items ?? []), text };
  } finally {
    await client.close(uri);
  }
}

/** Checks that the labels offered include `include` and none of `exclude`. */
async function check(textWithCursor: string, include: readonly string[], exclude: readonly string[] = []): Promise<CompletionItem[]> {
  const { items } = await complete(textWithCursor);
  const labels = items.map((i) => i.label);
  for (const l of include) assert.ok(labels.includes(l), `\`${l}\` offered (got ${labels.slice(0, 30).join(", ")})`);
  for (const l of exclude) assert.ok(!labels.includes(l), `\`${l}\` not offered`);
  return items;
}

describe("completion", () => {
  it("offers a fee's keys with their documentation while the line is not valid YAML yet", async () => {
    const items = await check(`${HEAD}fees:\n  - id: base\n    amount: $1M\n    ev|\n`, ["every", "from", "until", "escalate", "paid", "basis"], ["id", "amount", "dealspec"]);
    const every = items.find((i) => i.label === "every")!;
    assert.match((every.documentation as MarkupContent).value, /`month`, `quarter`/);
    const { text } = await complete(`${HEAD}fees:\n  - id: base\n    amount: $1M\n    ev|\n`);
    assert.equal(applyEdits(text, [every.textEdit as TextEdit]), `${HEAD}fees:\n  - id: base\n    amount: $1M\n    every: \n`);
  });

  it("offers the top-level keys not yet written, and a new-deal snippet in an empty file", async () => {
    await check(`${HEAD}fe|`, ["fees", "capacity", "termination", "expect"], ["deal", "term", "currency"]);
    const items = await check("|", ["deal", "dealspec", "currency", "fees"]);
    const snippet = items.find((i) => i.label === "deal" && i.insertTextFormat === 2);
    assert.ok(snippet, "the new-deal snippet");
    assert.match((snippet.textEdit as TextEdit).newText, /^dealspec: 1\ndeal: \$\{1:new-deal\}/);
  });

  it("offers the values of enumerations", async () => {
    await check(`${HEAD}fees:\n  - id: base\n    every: |`, ["month", "quarter", "year", "once"]);
    await check(`${HEAD}fees:\n  - id: base\n    paid: in_|`, ["in_advance", "in_arrears"]);
    await check(`${HEAD}fees:\n  - id: base\n    basis: |`, ["contract", "reported", "assumed"]);
    await check(`${HEAD}fees:\n  - id: base\n    escalate:\n      rate: 3%\n      every: |`, ["month", "quarter", "year"], ["once"]);
    await check(`${HEAD}fees:\n  - id: base\n    credit: |`, ["true", "false"]);
  });

  it("offers ISO currency codes with their names", async () => {
    const items = await check("dealspec: 1\ncurrency: E|\n", ["EUR", "USD", "JPY"]);
    assert.equal(items.find((i) => i.label === "EUR")!.detail, "Euro");
  });

  it("offers the deal's party roles in `by`, in every form of `by`", async () => {
    await check(`${HEAD}termination:\n  - by: |`, ["buyer", "provider", "auditor", "either"]);
    await check(`${HEAD}termination:\n  - by: [buyer, |]`, ["provider", "auditor"]);
    await check(`${HEAD}termination:\n  - notice: 90 days\n    by:\n      - buyer\n      - |`, ["provider", "auditor", "either"]);
    // The parties are read from the text when the file does not parse.
    await check(`${HEAD}  [\ntermination:\n  - by: |`, ["auditor", "either"]);
  });

  it("offers snippets for a new fee and a new termination clause", async () => {
    const fee = await check(`${HEAD}fees:\n  |`, ["fee"]);
    assert.equal((fee.find((i) => i.label === "fee")!.textEdit as TextEdit).newText, "- id: ${1:new-fee}\n    amount: ${2:\\$1M}\n    every: ${3|month,quarter,year,once|}");
    const item = await check(`${HEAD}fees:\n  - id: a\n    amount: $1M\n    every: month\n  - |`, ["fee", "id", "amount"]);
    assert.match((item.find((i) => i.label === "fee")!.textEdit as TextEdit).newText, /^id: \$\{1:new-fee\}\n {4}amount/);
    const clause = await check(`${HEAD}termination:\n  - |`, ["termination clause", "by", "notice"]);
    assert.match((clause.find((i) => i.label === "termination clause")!.textEdit as TextEdit).newText, /^by: \$\{1\|either,buyer,provider,auditor\|\}\n {4}notice: \$\{2:90 days\}$/);
  });

  it("offers nested keys by indentation", async () => {
    await check(`${HEAD.replace("  start: 2027-01-01\n  months: 24\n", "  start: 2027-01-01\n  |\n")}`, ["end", "months", "source", "basis"], ["start", "amount"]);
    await check(`${HEAD}capacity:\n  power: 300 MW\n  g|`, ["gpus", "gpu_model", "site"], ["power"]);
    await check(`${HEAD}fees:\n  - id: a\n    escalate:\n      r|`, ["rate", "every"], ["amount"]);
  });

  it("offers nothing inside a comment", async () => {
    assert.deepEqual((await complete(`${HEAD}# a note ab|`)).items, []);
  });
});
