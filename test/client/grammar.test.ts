/**
 * The TextMate grammar, run by the tokenizer VS Code uses (vscode-textmate with
 * vscode-oniguruma), on top of a real YAML grammar (the TextMate YAML bundle from
 * tm-grammars) as `source.yaml`. Each case names a line of a deal file, a piece
 * of it and the scope that piece must carry, exactly (no more, no less).
 *
 * To run the same cases on another YAML grammar (such as the one VS Code ships,
 * several files that include each other), point DEALSPEC_YAML_GRAMMARS at a
 * folder of its .json grammar files.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import * as oniguruma from "vscode-oniguruma";
import { INITIAL, Registry, parseRawGrammar, type IGrammar, type IToken } from "vscode-textmate";
import { ROOT } from "../support/paths";

const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
const contributed = manifest.contributes.grammars.find((g: { language?: string }) => g.language === "dealspec");
const GRAMMAR_FILE = path.join(ROOT, contributed.path);

let grammar: IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const files: Record<string, string> = { "source.yaml": require.resolve("tm-grammars/grammars/yaml.json") };
  const otherYaml = process.env.DEALSPEC_YAML_GRAMMARS;
  if (otherYaml) {
    for (const name of readdirSync(otherYaml).filter((n) => n.endsWith(".json"))) {
      const file = path.join(otherYaml, name);
      files[JSON.parse(readFileSync(file, "utf8")).scopeName] = file;
    }
  }
  files[contributed.scopeName] = GRAMMAR_FILE;
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => oniguruma.createOnigScanner(patterns),
      createOnigString: (text: string) => oniguruma.createOnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      const file = files[scopeName];
      return file ? parseRawGrammar(readFileSync(file, "utf8"), file) : null;
    },
  });
  const loaded = await registry.loadGrammar(contributed.scopeName);
  assert.ok(loaded, "the contributed grammar loads");
  grammar = loaded;
});

function tokenize(text: string): IToken[][] {
  let state = INITIAL;
  return text.split("\n").map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens;
  });
}

/** The scopes of each character of `line`. */
function charScopes(tokens: IToken[], line: string): string[][] {
  const out: string[][] = [];
  for (const t of tokens) for (let i = t.startIndex; i < Math.min(t.endIndex, line.length); i++) out[i] = t.scopes;
  return out;
}

/** The deal file the cases read from: realistic layout, one line per case. */
const DEAL = `# A deal: $99B in a comment stays a comment, 2026-01-01 too
dealspec: 1
deal: colossus-1
currency: USD
term:
  start: 2026-05-01
  end: 2029-05-31
capacity:
  power: 300 MW
  gpus: 220000
  gpu_model: NVIDIA GB200
  steps:
    - from: 2027-01-01
      power: 1.5 GW
fees:
  - id: compute
    price: $2.10 per GPU-hour
    quantity: 20,000 GPUs
  - id: hall
    price: €1,800/kW-month
  - id: racks
    price: "USD 1.5k per GPU-month"
  - id: grid
    price: 4M per MW-month
  - id: ramp
    amount: $625M
    every: month
    until: 2026-06-30
    note: Assumed half of $1.25B, the reported rate.
  - id: base_fee
    amount: USD 1,250,000,000
    escalate: {rate: 3.5 %, every: year}
  - id: small
    amount: 625m
    credit: true
  - id: yen
    amount: "¥57 bn"
termination:
  - by: either
    notice: 90 days
    fee: 1.5B
  - by: buyer
    notice: 1 year
options:
  - id: extend-2y
    extend: 24 months
    reprice: "+5%"
  - id: cheaper
    reprice: -3.5%
  - id: unsigned
    reprice: 5 %
discount_rate: 8%
expect:
  total: €410k
  run_rate: {value: 15 B, tolerance: 0.5%}`;

const MONEY = "constant.numeric.money.dealspec";
const DATE = "constant.numeric.date.dealspec";
const DURATION = "constant.numeric.duration.dealspec";
const PERCENT = "constant.numeric.percentage.dealspec";
const POWER = "constant.numeric.power.dealspec";
const ID = "variable.other.constant.id.dealspec";
const PRICE_UNIT = "keyword.other.unit.price.dealspec";
const GPUS = "constant.numeric.count.dealspec";

/** [line text it starts with, the piece, the scope the piece carries exactly] */
const MARKED: [string, string, string][] = [
  ["deal: colossus-1", "colossus-1", ID],
  ["  start: 2026-05-01", "2026-05-01", DATE],
  ["  end: 2029-05-31", "2029-05-31", DATE],
  ["  power: 300 MW", "300 MW", POWER],
  ["  - id: ramp", "ramp", ID],
  ["  - id: base_fee", "base_fee", ID],
  ["    amount: $625M", "$625M", MONEY],
  ["    until: 2026-06-30", "2026-06-30", DATE],
  ["    note: Assumed half", "$1.25B", MONEY],
  ["    amount: USD 1,250,000,000", "USD 1,250,000,000", MONEY],
  ["    escalate: {rate: 3.5 %", "3.5 %", PERCENT],
  ['    amount: "¥57 bn"', "¥57 bn", MONEY],
  ["    notice: 90 days", "90 days", DURATION],
  ["    fee: 1.5B", "1.5B", MONEY],
  ["    notice: 1 year", "1 year", DURATION],
  ["discount_rate: 8%", "8%", PERCENT],
  ["    - from: 2027-01-01", "2027-01-01", DATE],
  ["      power: 1.5 GW", "1.5 GW", POWER],
  ["  - id: compute", "compute", ID],
  ["    price: $2.10 per GPU-hour", "$2.10", MONEY],
  ["    price: $2.10 per GPU-hour", "per GPU-hour", PRICE_UNIT],
  ["    quantity: 20,000 GPUs", "20,000 GPUs", GPUS],
  ["    price: €1,800/kW-month", "€1,800", MONEY],
  ["    price: €1,800/kW-month", "/kW-month", PRICE_UNIT],
  ['    price: "USD 1.5k per GPU-month"', "USD 1.5k", MONEY],
  ['    price: "USD 1.5k per GPU-month"', "per GPU-month", PRICE_UNIT],
  ["    price: 4M per MW-month", "4M", MONEY],
  ["    price: 4M per MW-month", "per MW-month", PRICE_UNIT],
  ["  - id: extend-2y", "extend-2y", ID],
  ["    extend: 24 months", "24 months", DURATION],
  ['    reprice: "+5%"', "+5%", PERCENT],
  ["    reprice: -3.5%", "-3.5%", PERCENT],
  ["    reprice: 5 %", "5 %", PERCENT],
  ["  total: €410k", "€410k", MONEY],
  ["  run_rate: {value: 15 B", "15 B", MONEY],
  ["  run_rate: {value: 15 B, tolerance: 0.5%}", "0.5%", PERCENT],
];

/** Pieces that must carry no Dealspec scope: comments, plain counts, invalid suffixes, model names. */
const UNMARKED: [string, string][] = [
  ["# A deal", "$99B"],
  ["# A deal", "2026-01-01"],
  ["dealspec: 1", "1"],
  ["  gpus: 220000", "220000"],
  ["  gpu_model: NVIDIA GB200", "GB200"],
  ["    amount: 625m", "625m"],
  ["currency: USD", "USD"],
  ["    every: month", "month"],
  ["  - id: hall", "-"],
];

function lineOf(prefix: string): number {
  const index = DEAL.split("\n").findIndex((l) => l.startsWith(prefix));
  assert.ok(index >= 0, `the deal has a line starting with ${JSON.stringify(prefix)}`);
  return index;
}

describe("TextMate grammar (syntaxes/dealspec.tmLanguage.json)", () => {
  it("is contributed for the dealspec language and embeds YAML", () => {
    const raw = JSON.parse(readFileSync(GRAMMAR_FILE, "utf8"));
    assert.equal(raw.scopeName, contributed.scopeName);
    assert.deepEqual(raw.patterns, [{ include: "source.yaml" }]);
  });

  for (const [prefix, piece, scope] of MARKED) {
    it(`marks ${JSON.stringify(piece)} as ${scope.split(".").slice(-2, -1)[0]}`, () => {
      const lines = DEAL.split("\n");
      const n = lineOf(prefix);
      const line = lines[n]!;
      const start = line.indexOf(piece);
      const scopes = charScopes(tokenize(DEAL)[n]!, line);
      for (let i = start; i < start + piece.length; i++) {
        assert.ok(scopes[i]?.includes(scope), `${JSON.stringify(line[i])} at ${i} of ${JSON.stringify(line)} has ${scope}: ${scopes[i]?.join(" ")}`);
        assert.ok(scopes[i]?.[0] === "source.dealspec");
      }
      assert.ok(!scopes[start - 1]?.includes(scope), `the scope starts at ${JSON.stringify(piece)}`);
      assert.ok(!scopes[start + piece.length]?.includes(scope), `the scope ends after ${JSON.stringify(piece)}`);
    });
  }

  for (const [prefix, piece] of UNMARKED) {
    it(`leaves ${JSON.stringify(piece)} in ${JSON.stringify(prefix)} to YAML`, () => {
      const n = lineOf(prefix);
      const line = DEAL.split("\n")[n]!;
      const start = line.indexOf(piece);
      const scopes = charScopes(tokenize(DEAL)[n]!, line);
      for (let i = start; i < start + piece.length; i++) {
        assert.ok(!scopes[i]?.some((s) => s !== "source.dealspec" && s.endsWith(".dealspec")), `${JSON.stringify(line[i])} at ${i} of ${JSON.stringify(line)}: ${scopes[i]?.join(" ")}`);
      }
    });
  }

  it("marks the currency marker and the scale suffix inside money", () => {
    const n = lineOf("    amount: $625M");
    const line = DEAL.split("\n")[n]!;
    const scopes = charScopes(tokenize(DEAL)[n]!, line);
    assert.ok(scopes[line.indexOf("$")]!.includes("keyword.other.unit.currency.dealspec"));
    assert.ok(scopes[line.indexOf("M")]!.includes("keyword.other.unit.scale.dealspec"));
    assert.ok(!scopes[line.indexOf("6")]!.some((s) => s.startsWith("keyword.")));
  });

  it("marks the sign of a signed percentage, and the word and unit of a price", () => {
    const at = (prefix: string, piece: string) => {
      const n = lineOf(prefix);
      const line = DEAL.split("\n")[n]!;
      return charScopes(tokenize(DEAL)[n]!, line)[line.indexOf(piece)]!;
    };
    assert.ok(at("    reprice: -3.5%", "-").includes("keyword.operator.sign.dealspec"));
    assert.ok(at('    reprice: "+5%"', "+").includes("keyword.operator.sign.dealspec"));
    assert.ok(at("    reprice: -3.5%", "%").includes("keyword.other.unit.percentage.dealspec"));
    assert.ok(at("    price: $2.10 per GPU-hour", "per").includes("keyword.other.unit.price.per.dealspec"));
    assert.ok(at("    price: $2.10 per GPU-hour", "GPU-hour").includes("keyword.other.unit.price.name.dealspec"));
    assert.ok(!at("    price: $2.10 per GPU-hour", " per").some((x) => x !== "source.dealspec" && x.endsWith(".dealspec")), "the space before `per` is not part of the unit");
    assert.ok(at("    quantity: 20,000 GPUs", "GPUs").includes("keyword.other.unit.gpus.dealspec"));
    assert.ok(!at("  gpus: 220000", "220000").includes(GPUS), "a bare count stays YAML's");
  });

  it("keeps YAML's own scopes for keys and comments", () => {
    const tokens = tokenize(DEAL);
    const comment = charScopes(tokens[0]!, DEAL.split("\n")[0]!);
    assert.ok(comment[5]!.some((s) => s.startsWith("comment.")), comment[5]!.join(" "));
    const n = lineOf("    amount: $625M");
    const line = DEAL.split("\n")[n]!;
    const key = charScopes(tokens[n]!, line)[line.indexOf("amount")]!;
    assert.ok(key.includes("entity.name.tag.yaml"), key.join(" "));
  });
});
