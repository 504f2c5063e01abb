/**
 * `dealspec lint` on worker threads prints exactly what it prints in one
 * thread: the same stdout, stderr and exit code, in every format, over a tree
 * of many files with errors, warnings, unreadable files, portfolios (one
 * including an unreadable file), ignored files, rules, policies and a broken
 * configuration, with any number of workers (the files are handed out a few
 * at a time). `DEALSPEC_LINT_WORKERS` forces the number of workers (0: none).
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { lintContext, lintFile } from "../../server/src/cli/lintFile";
import { FILES_PER_WORKER, lintOnWorkers, MIN_CORES, workerCount } from "../../server/src/cli/lintWorkers";
import { deal, dealspec, tempDir } from "./support";

function tree(): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = {};
  for (let i = 0; i < 60; i++) {
    const team = `team-${i % 4}`;
    let extra = "";
    if (i % 7 === 0) extra = "commitment: {minimum: $20M}\n"; // DS310, a warning
    if (i % 11 === 0) extra = "discount_rate: 8\n"; // DS217, a warning the rules raise to an error in team-3
    if (i % 13 === 0) extra = "expect: {total: $11M}\n"; // DS400, an error
    files[`${team}/deal-${i}.deal.yaml`] = deal(`deal-${i}`, extra);
  }
  files["team-0/broken.deal.yaml"] = "dealspec: 1\ndeal: [\n";
  files["team-1/latin1.deal.yaml"] = Buffer.from("dealspec: 1\ndeal: caf\xe9\n", "latin1");
  files["team-2/binary.deal.yaml"] = new Uint8Array([0, 1, 2, 3, 0, 0]);
  files["team-2/drafts/draft.deal.yaml"] = deal("draft", "expect: {total: $1}\n");
  files["team-2/dealspec.config.yaml"] = "ignore:\n  - drafts/\n";
  files["team-3/dealspec.config.yaml"] = "rules:\n  DS217: error\n  DS310: off\npolicies:\n  - figure: total\n    max: $11M\n";
  files["team-1/dealspec.config.yaml"] = "rules:\n  DS999: off\n";
  files["all.portfolio.yaml"] = "portfolio: all\ninclude:\n  - team-0/*.deal.yaml\n  - team-3/*.deal.yaml\n  - team-1/latin1.deal.yaml\n";
  files["team-1/few.portfolio.yaml"] = "portfolio: few\ninclude:\n  - deal-1.deal.yaml\n  - deal-5.deal.yaml\n  - missing.deal.yaml\n";
  files["other/includes-binary.portfolio.yaml"] = "portfolio: other\ninclude:\n  - ../team-2/binary.deal.yaml\n  - ../team-2/deal-2.deal.yaml\n";
  return files;
}

describe("lint on worker threads", () => {
  const dir = tempDir(tree());
  const runs: string[][] = [
    ["lint"],
    ["lint", "--format", "stylish", "--no-color"],
    ["lint", "--format", "stylish", "--color"],
    ["lint", "--format", "json"],
    ["lint", "--format", "sarif"],
    ["lint", "--format", "github"],
    ["lint", "--format", "junit"],
    ["lint", "--quiet", "--max-warnings", "0"],
    ["lint", "--today", "2030-01-01", "team-1", "team-2/drafts/draft.deal.yaml", "all.portfolio.yaml"],
  ];
  for (const args of runs) {
    it(`dealspec ${args.join(" ")}: the same output with workers forced on and off`, () => {
      const off = dealspec(args, dir, { DEALSPEC_LINT_WORKERS: "0" });
      const on = dealspec(args, dir, { DEALSPEC_LINT_WORKERS: "3" });
      assert.ok(off.stdout.length > 0 || off.stderr.length > 0);
      assert.equal(on.stdout, off.stdout, "stdout");
      assert.equal(on.stderr, off.stderr, "stderr");
      assert.equal(on.code, off.code, "exit code");
    });
  }

  it("any number of workers gives the same output: the files are handed out a few at a time, so the batches end anywhere", () => {
    const args = ["lint", "--format", "json"];
    const off = dealspec(args, dir, { DEALSPEC_LINT_WORKERS: "0" });
    for (const workers of ["1", "2", "5"]) {
      const on = dealspec(args, dir, { DEALSPEC_LINT_WORKERS: workers });
      assert.equal(on.stdout, off.stdout, `stdout with ${workers} workers`);
      assert.equal(on.stderr, off.stderr, `stderr with ${workers} workers`);
      assert.equal(on.code, off.code, `exit code with ${workers} workers`);
    }
  });

  it("the tree gives errors, warnings, input and configuration problems, so the comparison covers them", () => {
    const r = dealspec(["lint", "--format", "json"], dir, { DEALSPEC_LINT_WORKERS: "3" });
    assert.equal(r.code, 2);
    for (const code of ["DS100", "DS110", "DS217", "DS310", "DS400", "DS500", "DS504", "DS820"]) assert.ok(r.stdout.includes(`"${code}"`), `${code} in the output`);
    assert.match(r.stderr, /DS999/);
    assert.match(r.stderr, /binary\.deal\.yaml/);
  });

  it("the workers give each file's result, in the files' order, as one thread does", async () => {
    const files = Object.keys(tree()).filter((f) => /\.(deal|portfolio)\.yaml$/.test(f));
    const one = files.map((f) => lintFile(f, lintContext({ cwd: dir })));
    const many = await lintOnWorkers(files, { cwd: dir }, 3);
    assert.deepEqual(
      many.map((r) => r.result),
      one,
    );
    assert.ok(many.some((r) => r.unreadable.length > 0), "the unreadable includes come back too");
    // More workers than batches of files, and a single file: every result still comes back, each in its place.
    assert.deepEqual(
      (await lintOnWorkers(files, { cwd: dir }, 64)).map((r) => r.result),
      one,
    );
    assert.deepEqual(
      (await lintOnWorkers(files.slice(0, 1), { cwd: dir }, 2)).map((r) => r.result),
      one.slice(0, 1),
    );
  });

  it("small runs and small machines stay in one thread; large runs use every core of larger ones", () => {
    assert.equal(workerCount(FILES_PER_WORKER, {}, 8), 0);
    assert.equal(workerCount(1, {}, 8), 0);
    assert.equal(workerCount(1000, { DEALSPEC_LINT_WORKERS: "0" }, 8), 0);
    assert.equal(workerCount(10, { DEALSPEC_LINT_WORKERS: "3" }, 2), 3);
    assert.equal(workerCount(2, { DEALSPEC_LINT_WORKERS: "3" }, 2), 2);
    assert.equal(workerCount(1000, { DEALSPEC_LINT_WORKERS: "2" }, 2), 2, "forced on below MIN_CORES");
    assert.equal(workerCount(100 * FILES_PER_WORKER, {}, MIN_CORES - 1), 0, "no workers below MIN_CORES cores");
    assert.equal(workerCount(100 * FILES_PER_WORKER, {}, MIN_CORES), MIN_CORES - 1, "one per core but the main thread's");
    assert.equal(workerCount(100 * FILES_PER_WORKER, {}, 16), 15);
    assert.equal(workerCount(3 * FILES_PER_WORKER, {}, 16), 3, "each worker gets at least FILES_PER_WORKER files");
    assert.equal(workerCount(2 * FILES_PER_WORKER, {}, 16), 2);
    assert.equal(workerCount(2 * FILES_PER_WORKER - 1, {}, 16), 0, "one worker alone would only add its start to one thread's work");
  });
});
