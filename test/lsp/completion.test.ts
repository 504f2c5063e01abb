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

  it("offers the units of a price after its amount, and after `per`", async () => {
    const fee = (value: string) => `${HEAD}capacity:\n  power: 300 MW\nfees:\n  - id: base\n    price: ${value}\n    every: month\n`;
    const items = await check(fee("$4M |"), ["per MW-month", "per kW-month", "per GPU-month", "per GPU-hour"]);
    const mw = items.find((i) => i.label === "per MW-month")!;
    assert.match((mw.documentation as MarkupContent).value, /MW in force/);
    const { text } = await complete(fee("$4M p|"));
    const typed = (await complete(fee("$4M p|"))).items.find((i) => i.label === "per GPU-hour")!;
    assert.equal(applyEdits(text, [typed.textEdit as TextEdit]), fee("$4M per GPU-hour").replace("|", ""));
    await check(fee("€1,800 per |"), ["MW-month", "kW-month", "GPU-month", "GPU-hour"], ["per MW-month"]);
    await check(fee("$2.10 per GPU-h|"), ["GPU-hour"]);
    const empty = await check(fee("|"), ["… per MW-month", "… per GPU-hour"]);
    assert.equal((empty.find((i) => i.label === "… per GPU-hour")!.textEdit as TextEdit).newText, "${1:\\$2.10} per GPU-hour");
    assert.deepEqual((await complete(fee("$4M|"))).items, [], "nothing inside the amount");
    assert.deepEqual((await complete(fee("4 apples |"))).items, [], "nothing after text that is not money");
  });

  it("offers option keys, roles and booleans, and a snippet for an option to extend", async () => {
    const fees = "fees:\n  - id: base\n    amount: $1M\n    every: month\n";
    await check(`${HEAD}${fees}options:\n  - id: renew\n    |`, ["extend", "by", "notice", "exercised", "reprice", "label"], ["id", "amount"]);
    await check(`${HEAD}${fees}options:\n  - id: renew\n    by: |`, ["buyer", "provider", "auditor", "either"]);
    await check(`${HEAD}${fees}options:\n  - id: renew\n    exercised: |`, ["true", "false"]);
    await check(`${HEAD}${fees}|`, ["options", "capacity"]);
    const items = await check(`${HEAD}${fees}options:\n  |`, ["option to extend"]);
    assert.equal(
      (items.find((i) => i.label === "option to extend")!.textEdit as TextEdit).newText,
      "- id: ${1:extend-1y}\n    extend: ${2:12 months}\n    by: ${3|buyer,provider,auditor,either|}\n    notice: ${4:180 days}\n    exercised: ${5|false,true|}",
    );
  });

  it("offers a snippet for a fee priced per unit", async () => {
    const items = await check(`${HEAD}fees:\n  |`, ["fee", "fee priced per unit"]);
    assert.equal(
      (items.find((i) => i.label === "fee priced per unit")!.textEdit as TextEdit).newText,
      "- id: ${1:new-fee}\n    price: ${2:\\$4M} per ${3|MW-month,kW-month,GPU-month,GPU-hour|}\n    every: ${4|month,quarter,year|}",
    );
  });

  it("offers a capacity step's keys, and a step snippet dated after the last step with the capacity in force", async () => {
    const fees = "fees:\n  - id: base\n    price: $4k per MW-month\n    every: month\n";
    await check(`${HEAD}capacity:\n  power: 300 MW\n  st|\n${fees}`, ["steps", "gpus"], ["power"]);
    await check(`${HEAD}capacity:\n  power: 300 MW\n  steps:\n    - from: 2027-06-01\n      |\n${fees}`, ["power", "gpus", "basis", "note"], ["from"]);
    const items = await check(`${HEAD}capacity:\n  power: 300 MW\n  gpus: 20000\n  steps:\n    - from: 2027-06-01\n      power: 400 MW\n    |\n${fees}`, ["capacity step"]);
    assert.equal((items.find((i) => i.label === "capacity step")!.textEdit as TextEdit).newText, "- from: ${1:2028-06-01}\n      power: ${2:400 MW}\n      gpus: ${3:20,000}");
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
