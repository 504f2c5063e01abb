/**
 * Never a false figure on the command line: `totals` (readable and JSON) and
 * `schedule` mark figures that leave out a fee that could not be read, and
 * show no figure at all when no fee was evaluated. The built bundle as a child
 * process.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { SMALL_DEAL } from "../support/deals";
import { dealspec, tempDir } from "./support";

/** SMALL_DEAL ($1M a month for 12 months) with its fee replaced. */
const withFees = (fees: string) => SMALL_DEAL.replace(/fees:\n[\s\S]*$/, fees);

const CLAUSE = "termination:\n  - by: buyer\n    notice: 90 days\n";
const BROKEN = withFees(`fees:\n  - id: lease\n    amount: 40m\n    every: month\n${CLAUSE}`);
const PARTIAL = withFees(`fees:\n  - id: base\n    amount: $1M\n    every: month\n  - id: lease\n    amount: 40m\n    every: month\n${CLAUSE}`);
const TYPO = withFees("fees:\n  - id: lease\n    amout: $1M\n    every: month\n");

const dir = tempDir({ "broken.deal.yaml": BROKEN, "partial.deal.yaml": PARTIAL, "typo.deal.yaml": TYPO, "good.deal.yaml": SMALL_DEAL });

describe("dealspec totals on a deal whose figures are incomplete", () => {
  it("no fee evaluated: says `no figures` and why, never a $0.00 total", () => {
    for (const file of ["broken.deal.yaml", "typo.deal.yaml"]) {
      const r = dealspec(["totals", file], dir);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, `${file}: small\n  no figures: fix the errors (no fee could be evaluated: fee \`lease\` has errors)\n`);
      assert.match(r.stderr, new RegExp(`${file} has \\d+ errors?`));
    }
  });

  it("one fee left out: the total is marked partial and names it, every other sum is marked, the fee is listed as excluded", () => {
    const r = dealspec(["totals", "partial.deal.yaml"], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stdout,
      [
        "partial.deal.yaml: small",
        "  currency    USD",
        "  term        2027-01-01 to 2027-12-31 (365 days)",
        "  total       $12,000,000.00 (partial: fee `lease` excluded)",
        "  run rate    $12,000,000.00 a year (partial)",
        "  peak month  $1,000,000.00 (2027-01) (partial)",
        "  by year (partial)",
        "    2027  $12,000,000.00",
        "  fees",
        "    base   $12,000,000.00  12 payments        2027-01-01 .. 2027-12-01",
        "    lease  excluded        could not be read",
        "  exit exposure (partial)",
        "    by buyer, 90 days notice from 2027-01-01  $3,000,000.00",
        "",
      ].join("\n"),
    );
  });

  it("a clean deal is not marked", () => {
    const r = dealspec(["totals", "good.deal.yaml"], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /partial|excluded|no figures/);
  });

  it("--json carries `complete` and `excluded`, as the specification's additions define them", () => {
    const r = dealspec(["totals", "--json", "broken.deal.yaml", "partial.deal.yaml", "good.deal.yaml"], dir);
    assert.equal(r.code, 1, r.stderr);
    const [broken, partial, good] = JSON.parse(r.stdout) as { total: string; complete: boolean; excluded?: string[]; fees: Record<string, unknown> }[];
    assert.equal(broken!.complete, false);
    assert.deepEqual(broken!.excluded, ["lease"]);
    assert.deepEqual(broken!.fees, {});
    assert.equal(partial!.total, "12000000.00");
    assert.equal(partial!.complete, false);
    assert.deepEqual(partial!.excluded, ["lease"]);
    assert.deepEqual(Object.keys(partial!.fees), ["base"]);
    assert.equal(good!.complete, true);
    assert.equal("excluded" in good!, false, "`excluded` only when not complete");
  });
});

describe("dealspec schedule on a deal whose figures are incomplete", () => {
  it("no fee evaluated: no schedule, and why", () => {
    const r = dealspec(["schedule", "broken.deal.yaml"], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /broken\.deal\.yaml has no schedule: it has 1 error .*no fee could be evaluated: fee `lease` has errors/);
  });

  it("one fee left out: the total row is marked partial, the JSON carries complete and excluded", () => {
    const text = dealspec(["schedule", "partial.deal.yaml", "--by", "year"], dir);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^total \(partial\)\s+12\s+\$12,000,000\.00/m);
    assert.match(text.stderr, /partial: fee `lease` excluded/);
    const json = JSON.parse(dealspec(["schedule", "partial.deal.yaml", "--format", "json"], dir).stdout) as { complete: boolean; excluded: string[] };
    assert.equal(json.complete, false);
    assert.deepEqual(json.excluded, ["lease"]);
  });
});

describe("dealspec totals on a portfolio that leaves out an incomplete deal", () => {
  it("marks the portfolio's total partial and names the deal left out", () => {
    const pdir = tempDir({
      "a.deal.yaml": PARTIAL,
      "b.deal.yaml": SMALL_DEAL.replace("deal: small", "deal: good"),
      "book.portfolio.yaml": 'portfolio: book\ncurrency: USD\ninclude:\n  - "*.deal.yaml"\n',
    });
    const r = dealspec(["totals", "book.portfolio.yaml"], pdir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^ {2}total\s+\$12,000,000\.00 \(partial: deal `small` left out\)$/m);
    assert.match(r.stdout, /^ {2}left out\n {4}a\.deal\.yaml\s+small\s+has errors$/m);
    const json = JSON.parse(dealspec(["totals", "--json", "book.portfolio.yaml"], pdir).stdout) as { excluded: { deal: string; reason: string }[] };
    assert.deepEqual(json.excluded.map((e) => [e.deal, e.reason]), [["small", "errors"]]);
  });
});
