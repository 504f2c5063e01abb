/** `dealspec init NAME [--portfolio]`: a new deal or portfolio file from the engine's template, valid as written. */
import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyze, newFileTemplate, type TemplateKind } from "../../server/src/core";
import { ROOT } from "../support/paths";
import { dealspec, tempDir } from "./support";

/** The engine's template as the CLI writes it today (or yesterday, should the run cross midnight). */
function templates(kind: TemplateKind, id: string): string[] {
  const day = (d: Date) => ({ year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() });
  const now = new Date();
  return [now, new Date(now.getTime() - 86_400_000)].map((d) => newFileTemplate(kind, { id, today: day(d) }).text);
}

describe("dealspec init", () => {
  it("writes NAME.deal.yaml: the engine's commented template, with NAME as its id, that lints clean", () => {
    const dir = tempDir();
    const r = dealspec(["init", "colossus-2"], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "Wrote colossus-2.deal.yaml (deal `colossus-2`): fill in its values, then run `dealspec lint colossus-2.deal.yaml`.\n");
    assert.deepEqual(readdirSync(dir), ["colossus-2.deal.yaml"]);
    const text = readFileSync(path.join(dir, "colossus-2.deal.yaml"), "utf8");
    assert.ok(templates("deal", "colossus-2").includes(text), text);
    assert.match(text, /^deal: colossus-2 /m);
    assert.ok(text.split("\n").filter((l) => l.trimStart().startsWith("#")).length >= 5, "commented");
    // The term starts on the first day of a month after today.
    const start = /^ {2}start: (\d{4}-\d{2}-01) /m.exec(text)?.[1];
    assert.ok(start && start > new Date().toISOString().slice(0, 10), `start ${start}`);

    const lint = dealspec(["lint", "--max-warnings", "0", "colossus-2.deal.yaml"], dir);
    assert.equal(lint.code, 0, lint.stdout + lint.stderr);
    assert.deepEqual(analyze(text).diagnostics, []);
    const totals = dealspec(["totals", "--json", "colossus-2.deal.yaml"], dir);
    assert.equal(totals.code, 0, totals.stderr);
    assert.equal(JSON.parse(totals.stdout).total, "36000000.00");
  });

  it("makes an id of any name, and keeps the name for the file", () => {
    const dir = tempDir();
    assert.equal(dealspec(["init", "Colossus 2 (Memphis)"], dir).code, 0);
    const text = readFileSync(path.join(dir, "Colossus 2 (Memphis).deal.yaml"), "utf8");
    assert.match(text, /^deal: colossus-2-memphis /m);
    assert.equal(dealspec(["lint", "--max-warnings", "0"], dir).code, 0);
  });

  it("writes NAME.portfolio.yaml with --portfolio, including the deal files beside it, and it lints clean", () => {
    const dir = tempDir();
    assert.equal(dealspec(["init", "alpha"], dir).code, 0);
    const r = dealspec(["init", "--portfolio", "team"], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    const text = readFileSync(path.join(dir, "team.portfolio.yaml"), "utf8");
    assert.ok(templates("portfolio", "team").includes(text), text);
    assert.match(text, /^ {2}- "\*\.deal\.yaml"/m);
    const lint = dealspec(["lint", "--max-warnings", "0"], dir);
    assert.equal(lint.code, 0, lint.stdout);
    assert.match(lint.stdout + lint.stderr, /2 files checked: 0 errors, 0 warnings/);
    const totals = JSON.parse(dealspec(["totals", "--json", "team.portfolio.yaml"], dir).stdout);
    assert.deepEqual(Object.keys(totals.deals), ["alpha"]);
    assert.equal(totals.total, "36000000.00");
  });

  it("takes the kind from a name's suffix, and a folder that exists", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "deals"));
    assert.equal(dealspec(["init", "deals/beta.deal.yaml"], dir).code, 0);
    assert.equal(dealspec(["init", "deals/all.portfolio.yaml"], dir).code, 0);
    assert.deepEqual(readdirSync(path.join(dir, "deals")).sort(), ["all.portfolio.yaml", "beta.deal.yaml"]);
    assert.match(readFileSync(path.join(dir, "deals", "all.portfolio.yaml"), "utf8"), /^portfolio: all /m);
    assert.equal(dealspec(["lint", "--max-warnings", "0", "deals"], dir).code, 0);
  });

  it("says when a new portfolio's include matches no deal yet", () => {
    const dir = tempDir();
    const r = dealspec(["init", "--portfolio", "empty"], dir);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /no deal file in \. yet: its include "\*\.deal\.yaml" matches nothing \(DS500\)/);
  });

  it("never overwrites a file: exit 2, and the file is left as it was", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "mine.deal.yaml"), "# my own deal\n");
    const r = dealspec(["init", "mine"], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, "dealspec init: mine.deal.yaml already exists; it is left as it is (choose another name, or remove it first)\n");
    assert.equal(readFileSync(path.join(dir, "mine.deal.yaml"), "utf8"), "# my own deal\n");
  });

  it("exits 2 with a clear message on a bad invocation", () => {
    const dir = tempDir();
    const cases: [string[], RegExp][] = [
      [["init"], /name the file to write, such as `dealspec init colossus-2`\n\nUsage: dealspec init NAME/],
      [["init", "a", "b"], /one name only, got 2/],
      [["init", "a.deal.yaml", "--portfolio"], /`a\.deal\.yaml` names a deal file, and --portfolio asks for a portfolio/],
      [["init", "--", "---"], /`---` gives no id: use letters or digits/],
      [["init", "missing/x"], /^dealspec init: the folder missing does not exist; create it first\n$/],
      [["init", "--bogus", "x"], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const r = dealspec(args, dir);
      assert.equal(r.code, 2, args.join(" "));
      assert.match(r.stderr, message, args.join(" "));
    }
    assert.deepEqual(readdirSync(dir), []);
    assert.ok(!existsSync(path.join(dir, "missing")));
  });

  it("is shown in docs/cli.md as the engine writes it", () => {
    const doc = readFileSync(path.join(ROOT, "docs", "cli.md"), "utf8");
    const block = /```yaml\n(# A compute deal[^]*?)```/.exec(doc)?.[1];
    assert.equal(block, newFileTemplate("deal", { id: "colossus-2" }).text);
  });

  it("is listed in the help", () => {
    assert.match(dealspec(["--help"]).stdout, /^ {2}init NAME \[--portfolio\] {4}write NAME\.deal\.yaml/m);
    assert.match(dealspec(["init", "--help"]).stdout, /^Usage: dealspec init NAME \[--portfolio\]/);
  });
});
