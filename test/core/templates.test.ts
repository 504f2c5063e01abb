/** The templates of new deal and portfolio files (`dealspec init`, the editor's New File...): valid as written, with their fields in order. */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { analyze, analyzePortfolio, newFileTemplate, templateId, templateSnippet, type Template } from "../../server/src/core";
import { memoryHost } from "../support/portfolio";

function fieldTexts(t: Template): string[] {
  return t.fields.map((f) => t.text.slice(f.span.start, f.span.end));
}

describe("deal template", () => {
  const t = newFileTemplate("deal", { today: { year: 2026, month: 12, day: 15 } });

  it("is a valid deal with no diagnostic at all, and figures", () => {
    const a = analyze(t.text);
    assert.deepEqual(a.diagnostics, []);
    assert.equal(a.figures?.total.toString(), "36000000");
    assert.equal(a.model?.id, "new-deal");
  });

  it("is commented, and ends with a line break", () => {
    assert.ok(t.text.split("\n").filter((l) => l.startsWith("#")).length >= 5);
    assert.ok(t.text.endsWith("\n"));
  });

  it("lists the values to fill in file order, the deal id first", () => {
    assert.deepEqual(fieldTexts(t), ["new-deal", "New compute deal", "USD", "Buyer", "Provider", "2027-01-01", "36", "base", "$1M", "month"]);
    assert.deepEqual(t.fields[9]!.choices, ["month", "quarter", "year", "once"]);
    for (let i = 1; i < t.fields.length; i++) assert.ok(t.fields[i]!.span.start > t.fields[i - 1]!.span.end);
  });

  it("starts the term on the first day of the month after today", () => {
    assert.match(newFileTemplate("deal", { today: { year: 2027, month: 1, day: 1 } }).text, /^ {2}start: 2027-02-01 /m);
    assert.match(newFileTemplate("deal", { today: { year: 2027, month: 1, day: 31 } }).text, /^ {2}start: 2027-02-01 /m);
    assert.match(newFileTemplate("deal").text, /^ {2}start: 2027-01-01 /m, "a fixed day without today");
  });

  it("takes the id from a name", () => {
    assert.match(newFileTemplate("deal", { id: "Colossus 2" }).text, /^deal: colossus-2 /m);
    assert.deepEqual(analyze(newFileTemplate("deal", { id: "Über Deal!" }).text).diagnostics, []);
  });

  it("uncommented, its optional keys are valid too", () => {
    const text = t.text.replace(/^# (capacity|termination|expect|  )/gm, "$1");
    assert.match(text, /^termination:/m);
    const a = analyze(text);
    assert.deepEqual(a.diagnostics, [], "the example expectation holds");
    assert.equal(a.model?.capacity?.gpus?.toString(), "50000");
  });
});

describe("portfolio template", () => {
  const t = newFileTemplate("portfolio", { id: "team" });

  it("is a valid portfolio, counting the deal files of its folder", () => {
    const deal = newFileTemplate("deal", { id: "alpha" }).text;
    const files = new Map([
      ["file:///w/team.portfolio.yaml", t.text],
      ["file:///w/alpha.deal.yaml", deal],
    ]);
    const host = memoryHost(files);
    const a = analyzePortfolio(t.text, "file:///w/team.portfolio.yaml", host);
    assert.deepEqual(a.diagnostics, []);
    assert.equal(a.figures?.total.toString(), "36000000");
  });

  it("lists its values to fill, the id first", () => {
    assert.deepEqual(fieldTexts(t), ["team", "Compute portfolio", "USD", '"*.deal.yaml"']);
  });
});

describe("templateId", () => {
  it("lower-cases, joins words with -, and drops accents", () => {
    assert.equal(templateId("colossus-2"), "colossus-2");
    assert.equal(templateId("Colossus 2 (Memphis)"), "colossus-2-memphis");
    assert.equal(templateId("Über_Deal"), "uber-deal");
    assert.equal(templateId("  --  "), undefined);
  });
});

describe("templateSnippet", () => {
  it("makes each field a tab stop in order, escapes the rest, and ends at the end of the file", () => {
    const t = newFileTemplate("deal");
    const s = templateSnippet(t);
    assert.match(s, /^deal: \$\{1:new-deal\} #/m);
    assert.match(s, /^ {4}amount: \$\{9:\\\$1M\} # per period: \\\$1\.25B/m);
    assert.match(s, /^ {4}every: \$\{10\|month,quarter,year,once\|\}$/m);
    assert.ok(s.endsWith("\n$0"));
    // Unescaping the snippet and taking each placeholder's text gives the template back.
    const plain = s
      .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, "$1")
      .replace(/\$\{\d+:((?:\\.|[^}\\])*)\}/g, "$1")
      .replace(/\$0$/, "")
      .replace(/\\([$}\\])/g, "$1");
    assert.equal(plain, t.text);
  });
});
