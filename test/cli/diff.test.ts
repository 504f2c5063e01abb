/** `dealspec diff` in temporary git repositories, run as a process. */
import { strict as assert } from "node:assert";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyze, figuresJson } from "../../server/src/core";
import { dealspec, git, gitRepo, tempDir } from "./support";

const COLOSSUS = `dealspec: 1
deal: colossus-1
currency: USD
parties: {buyer: Anthropic, provider: SpaceX}
term: {start: 2026-05-01, end: 2029-05-31}
capacity: {power: 300 MW, gpus: 220000}
fees:
  - id: ramp
    amount: $625M
    every: month
    until: 2026-06-30
    basis: assumed
    note: Assumed half rate.
  - id: base
    amount: $1.25B
    every: month
    from: 2026-07-01
termination:
  - by: either
    notice: 90 days
`;

const SMALL = (id: string) => `dealspec: 1
deal: ${id}
currency: EUR
parties: {buyer: A, provider: B}
term: {start: 2027-01-01, months: 12}
fees:
  - id: base
    amount: 1M
    every: month
`;

const DRIVERS = `dealspec: 1
deal: drivers
currency: USD
parties: {buyer: A, provider: B}
term: {start: 2027-01-01, months: 12}
capacity:
  power: 100 MW
  steps:
    - from: 2027-07-01
      power: 200 MW
fees:
  - id: power
    price: $10k per MW-month
    every: month
  - id: hall
    price: $50 per kW-month
    quantity: 1,000 kW
    every: month
options:
  - id: renew
    extend: 6 months
    by: buyer
    notice: 90 days
`;

interface Json {
  base: { rev: string; commit: string; how: string };
  deals: { deal: string; file: string; old_file: string | null; status: string; figures: { name: string; old: string | null; new: string | null; delta: string | null }[]; terms: { name: string; old: string | null; new: string | null }[] }[];
  summary: Record<string, number>;
}

/** A repo whose `main` has two deals, and a `feature` branch checked out. */
function repo(): string {
  const dir = gitRepo({ "deals/colossus-1.deal.yaml": COLOSSUS, "deals/old.deal.yaml": SMALL("old"), "README.md": "x" });
  git(dir, "checkout", "-q", "-b", "feature");
  return dir;
}

describe("dealspec diff", () => {
  it("reports changed figures and terms, added and removed deals, against the merge-base with main", () => {
    const dir = repo();
    writeFileSync(path.join(dir, "deals/colossus-1.deal.yaml"), COLOSSUS.replace("amount: $625M", "amount: $700M").replace("notice: 90 days", "notice: 120 days"));
    rmSync(path.join(dir, "deals/old.deal.yaml"));
    writeFileSync(path.join(dir, "deals/new.deal.yaml"), SMALL("new"));
    const r = dealspec(["diff", "--format", "json"], dir);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Json;
    assert.equal(j.base.commit, git(dir, "rev-parse", "main"));
    assert.match(j.base.how, /merge-base with `main`/);
    assert.deepEqual(j.summary, { changed: 1, unchanged: 0, added: 1, removed: 1 });
    const c = j.deals.find((d) => d.deal === "colossus-1")!;
    const fig = Object.fromEntries(c.figures.map((f) => [f.name, [f.old, f.new, f.delta]]));
    // 2 ramp months at $625M -> $700M: +$150M on the total and on 2026.
    assert.deepEqual(fig.total, ["45000000000.00", "45150000000.00", "150000000.00"]);
    assert.deepEqual(fig["year 2026"], ["8750000000.00", "8900000000.00", "150000000.00"]);
    assert.equal(fig["year 2027"], undefined, "unchanged figures are left out");
    assert.equal(fig["run rate"], undefined);
    // 120 days from 2026-05-01: May and June ramp ($1.4B), July ($1.25B), and 28 of August's 31 days of $1.25B.
    assert.deepEqual(fig["exit exposure #1"]!.slice(0, 2), ["2419354838.71", "3779032258.06"]);
    assert.deepEqual(fig["per GPU-hour"], ["7.56", "7.59", "0.03"]);
    assert.deepEqual(
      c.terms.map((t) => [t.name, t.old, t.new]),
      [
        ["fee `ramp` amount", "$625,000,000.00 every month", "$700,000,000.00 every month"],
        ["termination #1 notice", "90 days", "120 days"],
      ],
    );
    assert.equal(j.deals.find((d) => d.deal === "new")!.status, "added");
    assert.equal(j.deals.find((d) => d.deal === "old")!.status, "removed");
  });

  it("prints a Markdown report for a pull-request comment", () => {
    const dir = repo();
    writeFileSync(path.join(dir, "deals/colossus-1.deal.yaml"), COLOSSUS.replace("amount: $1.25B", "amount: $1.3B"));
    writeFileSync(path.join(dir, "deals/new.deal.yaml"), SMALL("new"));
    const r = dealspec(["diff"], dir);
    assert.equal(r.code, 0, r.stderr);
    const md = r.stdout;
    assert.match(md, /^<!-- dealspec-diff -->\n### Dealspec: deal figures, the merge-base with `main` \([0-9a-f]{7}\) → working tree/);
    assert.match(md, /3 deals compared: 1 changed, 1 added, 0 removed, 1 unchanged\./);
    assert.match(md, /^#### `colossus-1` \(`deals\/colossus-1\.deal\.yaml`\)$/m);
    assert.match(md, /^\| figure \| before \| after \| change \|$/m);
    assert.match(md, /^\| total \| \$45,000,000,000\.00 \| \$46,750,000,000\.00 \| \+\$1,750,000,000\.00 \(\+3\.89%\) \|$/m);
    assert.match(md, /^\| run rate \| \$15,000,000,000\.00 \| \$15,600,000,000\.00 \| \+\$600,000,000\.00 \(\+4\.00%\) \|$/m);
    assert.match(md, /^\| fee `base` amount \| \$1,250,000,000\.00 every month \| \$1,300,000,000\.00 every month \|$/m);
    assert.match(md, /^#### Added: `new` \(`deals\/new\.deal\.yaml`\)\n\ntotal €12,000,000\.00, run rate €12,000,000\.00 a year, term 2027-01-01 to 2027-12-31$/m);
  });

  it("shows changed prices, quantities, capacity steps and options among the term changes", () => {
    const dir = gitRepo({ "drivers.deal.yaml": DRIVERS });
    git(dir, "checkout", "-q", "-b", "feature");
    writeFileSync(
      path.join(dir, "drivers.deal.yaml"),
      DRIVERS.replace("price: $10k per MW-month", "price: $12.5k per MW-month")
        .replace("quantity: 1,000 kW", "quantity: 2 MW")
        .replace("    - from: 2027-07-01\n      power: 200 MW", "    - from: 2027-10-01\n      power: 200 MW\n      gpus: 1000")
        .replace("    notice: 90 days\n", "    notice: 90 days\n    exercised: true\n    reprice: +5%\n")
        .replace("  power: 100 MW\n", "  power: 100 MW\n  gpus: 500\n"),
    );
    const r = dealspec(["diff", "--format", "json"], dir);
    assert.equal(r.code, 0, r.stderr);
    const d = (JSON.parse(r.stdout) as Json).deals[0]!;
    const terms = Object.fromEntries(d.terms.map((t) => [t.name, [t.old, t.new]]));
    assert.deepEqual(terms["fee `power` price"], ["$10,000.00 per MW-month every month", "$12,500.00 per MW-month every month"]);
    assert.deepEqual(terms["fee `hall` quantity"], ["1,000 kW", "2,000 kW"]);
    assert.deepEqual(terms["capacity step from 2027-07-01"], ["power 200 MW", null]);
    assert.deepEqual(terms["capacity step from 2027-10-01"], [null, "power 200 MW, gpus 1000"]);
    assert.deepEqual(terms["option `renew` exercised"], ["false", "true"]);
    assert.deepEqual(terms["option `renew` reprice"], [null, "+5%"]);
    assert.deepEqual(terms["term end with the exercised options"], [null, "2028-06-30"]);
    assert.equal(terms["option `renew` deadline"], undefined, "the deadline did not move");
    const figures = Object.fromEntries(d.figures.map((f) => [f.name, [f.old, f.new]]));
    // Before: 6 months of 200 MW x $10k + 1,000 kW x $50 = 6 x $2.05M. After: 6 x (200 MW x $12.5k + 2,000 kW x $50) x 1.05 = 6 x $2.73M.
    assert.deepEqual(figures["option `renew` value"], ["12300000.00", "16380000.00"]);
    const md = dealspec(["diff"], dir).stdout;
    assert.match(md, /^\| option `renew` exercised \| false \| true \|$/m);
    assert.match(md, /^\| fee `power` price \| \$10,000\.00 per MW-month every month \| \$12,500\.00 per MW-month every month \|$/m);
    assert.match(md, /^\| capacity step from 2027-10-01 \| — \| power 200 MW, gpus 1000 \|$/m);
  });

  it("shows what a change does to each scenario's figures, and changed scenarios among the terms", () => {
    const withScenarios = `${DRIVERS}scenarios:\n  - id: dearer\n    change: {power: "+10%"}\n  - id: renewed\n    exercise: [renew]\n`;
    const dir = gitRepo({ "drivers.deal.yaml": withScenarios });
    git(dir, "checkout", "-q", "-b", "feature");
    writeFileSync(path.join(dir, "drivers.deal.yaml"), withScenarios.replace("price: $10k per MW-month", "price: $12.5k per MW-month").replace('change: {power: "+10%"}', 'change: {power: "+20%"}'));
    const r = dealspec(["diff", "--format", "json"], dir);
    assert.equal(r.code, 0, r.stderr);
    const d = (JSON.parse(r.stdout) as Json).deals[0]!;
    const figures = Object.fromEntries(d.figures.map((f) => [f.name, [f.old, f.new]]));
    const before = analyze(withScenarios);
    const after = analyze(readFileSync(path.join(dir, "drivers.deal.yaml"), "utf8"));
    for (const id of ["dearer", "renewed"]) {
      assert.deepEqual(figures[`scenario \`${id}\` total`], [figuresJson(before).scenarios![id]!.total, figuresJson(after).scenarios![id]!.total], id);
    }
    const terms = Object.fromEntries(d.terms.map((t) => [t.name, [t.old, t.new]]));
    assert.deepEqual(terms["scenario `dearer`"], ["change power: +10%", "change power: +20%"]);
    assert.equal(terms["scenario `renewed`"], undefined, "an unchanged scenario is not a term change");
    assert.match(dealspec(["diff"], dir).stdout, /^\| `dearer` \| total \| /m);
  });

  it("says nothing changed when nothing did, and compares with HEAD without a default branch", () => {
    const dir = gitRepo({ "a.deal.yaml": SMALL("a") });
    git(dir, "branch", "-m", "main", "trunk");
    const r = dealspec(["diff"], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /`HEAD` \([0-9a-f]{7}\) → working tree/);
    assert.match(r.stdout, /No deal figures or terms changed \(1 deal compared\)\./);
  });

  it("takes --base and paths, and pairs a moved deal by its id", () => {
    const dir = repo();
    git(dir, "mv", "deals/old.deal.yaml", "deals/renamed.deal.yaml");
    writeFileSync(path.join(dir, "deals/renamed.deal.yaml"), SMALL("old").replace("amount: 1M", "amount: 2M"));
    git(dir, "commit", "-q", "-am", "move");
    writeFileSync(path.join(dir, "deals/colossus-1.deal.yaml"), COLOSSUS.replace("$1.25B", "$2B"));
    const j = JSON.parse(dealspec(["diff", "--base", "main", "--format", "json", "deals/renamed.deal.yaml", "deals/old.deal.yaml"], dir).stdout) as Json;
    assert.deepEqual(j.deals.map((d) => [d.deal, d.status, d.old_file, d.file]), [["old", "changed", "deals/old.deal.yaml", "deals/renamed.deal.yaml"]]);
    assert.deepEqual(j.deals[0]!.figures[0], { name: "total", old: "12000000.00", new: "24000000.00", delta: "12000000.00" });
    const sub = JSON.parse(dealspec(["diff", "--base", "HEAD", "--format", "json"], path.join(dir, "deals")).stdout) as Json;
    assert.deepEqual(sub.deals.map((d) => [d.file, d.status]), [["colossus-1.deal.yaml", "changed"], ["renamed.deal.yaml", "unchanged"]]);
  });

  it("leaves out the files dealspec.config.yaml ignores, on both sides, as lint does", () => {
    const dir = gitRepo({
      "dealspec.config.yaml": "ignore:\n  - drafts/\n  - \"*.old.deal.yaml\"\n",
      "deals/a.deal.yaml": SMALL("a"),
      "deals/b.old.deal.yaml": SMALL("b"),
      "drafts/d.deal.yaml": SMALL("d"),
      "drafts/gone.deal.yaml": SMALL("gone"),
    });
    git(dir, "checkout", "-q", "-b", "feature");
    writeFileSync(path.join(dir, "deals/a.deal.yaml"), SMALL("a").replace("amount: 1M", "amount: 2M"));
    writeFileSync(path.join(dir, "deals/b.old.deal.yaml"), SMALL("b").replace("amount: 1M", "amount: 3M"));
    writeFileSync(path.join(dir, "drafts/d.deal.yaml"), SMALL("d").replace("amount: 1M", "amount: 4M"));
    rmSync(path.join(dir, "drafts/gone.deal.yaml"));
    writeFileSync(path.join(dir, "drafts/new.deal.yaml"), SMALL("new"));
    const r = dealspec(["diff", "--format", "json"], dir);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Json;
    assert.deepEqual(j.deals.map((d) => [d.file, d.status]), [["deals/a.deal.yaml", "changed"]]);
    assert.deepEqual(j.summary, { changed: 1, unchanged: 0, added: 0, removed: 0 });
    assert.equal(dealspec(["lint", "--format", "json"], dir).stdout.includes("drafts/"), false, "lint leaves out the same files");
    // A file named on its own that is ignored is skipped with a note, as lint does.
    const named = dealspec(["diff", "--format", "json", "drafts/d.deal.yaml"], dir);
    assert.equal(named.code, 0, named.stderr);
    assert.match(named.stderr, /drafts\/d\.deal\.yaml is ignored by .*dealspec\.config\.yaml/);
    assert.deepEqual((JSON.parse(named.stdout) as Json).deals, []);
  });

  it("sees at the base what it sees in the working tree: no dot folders, a link to a deal in the repository is that deal", () => {
    const dir = gitRepo({ "deals/a.deal.yaml": SMALL("a"), ".store/b.deal.yaml": SMALL("b"), ".archive/old.deal.yaml": SMALL("old"), "node_modules/x/n.deal.yaml": SMALL("n") });
    mkdirSync(path.join(dir, "linked"));
    symlinkSync(path.join("..", ".store", "b.deal.yaml"), path.join(dir, "linked", "b.deal.yaml"));
    symlinkSync(path.join("..", "deals", "a.deal.yaml"), path.join(dir, "linked", "a.deal.yaml"));
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "links");
    git(dir, "checkout", "-q", "-b", "feature");
    writeFileSync(path.join(dir, ".store/b.deal.yaml"), SMALL("b").replace("amount: 1M", "amount: 2M"));
    const r = dealspec(["diff", "--format", "json"], dir);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Json;
    // a once (by its own path, before the link to it), b through its link; nothing from .archive, .store or node_modules.
    assert.deepEqual(j.deals.map((d) => [d.file, d.status]), [["deals/a.deal.yaml", "unchanged"], ["linked/b.deal.yaml", "changed"]]);
    assert.deepEqual(j.deals[1]!.figures[0], { name: "total", old: "12000000.00", new: "24000000.00", delta: "12000000.00" });
  });

  it("gives a clear message, exit 2, for a shallow clone without the base", () => {
    const origin = repo();
    writeFileSync(path.join(origin, "deals/new.deal.yaml"), SMALL("new"));
    git(origin, "add", "-A");
    git(origin, "commit", "-q", "-m", "feature");
    const clone = tempDir();
    git(clone, "clone", "-q", "--depth", "1", "--branch", "feature", `file://${origin}`, "c");
    const cwd = path.join(clone, "c");
    const r = dealspec(["diff", "--base", "origin/main"], cwd);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^dealspec diff: the base revision `origin\/main` is not in this clone, which is shallow\. Fetch the history it needs \(in GitHub Actions: `actions\/checkout` with `fetch-depth: 0`/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    git(cwd, "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main");
    const after = dealspec(["diff", "--base", "origin/main", "--format", "json"], cwd);
    assert.equal(after.code, 0, after.stderr);
    assert.deepEqual((JSON.parse(after.stdout) as Json).summary, { changed: 0, unchanged: 2, added: 1, removed: 0 });
  });

  it("gives a clear message outside a repository, for an unknown revision and for bad options", () => {
    const plain = tempDir({ "a.deal.yaml": SMALL("a") });
    const outside = dealspec(["diff"], plain);
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /is not inside a git work tree/);
    const dir = repo();
    const unknown = dealspec(["diff", "--base", "no-such-branch"], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /`no-such-branch` is not a revision of this repository/);
    assert.equal(dealspec(["diff", "--format", "html"], dir).code, 2);
    assert.match(dealspec(["diff", "nowhere"], dir).stderr, /no such file or folder in the working tree or at the base: nowhere/);
  });
});
