/**
 * The samples are real deal files that reviewers read: each must lint clean,
 * pin its key figures with `expect:`, state every assumption, and have its
 * figures recorded in a golden file (the CLI's `totals --json` output), so
 * that a change to any figure shows in a pull request's diff.
 * Regenerate the golden files with UPDATE_GOLDEN=1 and review the diff.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyze, keysAt, type Path } from "../../server/src/core";
import { CLI, FIXTURES, SAMPLES, UPDATE_GOLDEN } from "../support/paths";

const GOLDEN = path.join(FIXTURES, "samples-golden");
const samples = readdirSync(SAMPLES)
  .filter((f) => /\.deal\.ya?ml$/.test(f))
  .sort();

/**
 * Warnings a sample gives on purpose, with the reason; any other warning fails.
 * (None today: a sample that shows a warning must say why, here and in its comment.)
 */
const DELIBERATE_WARNINGS: Readonly<Record<string, readonly string[]>> = {};

function goldenName(sample: string): string {
  return sample.replace(/\.deal\.ya?ml$/, ".json");
}

/** Every mapping in the value tree, with its path. */
function* mappings(value: unknown, at: Path = []): Generator<{ path: Path; map: Record<string, unknown> }> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* mappings(value[i], [...at, i]);
  } else if (typeof value === "object" && value !== null) {
    const map = value as Record<string, unknown>;
    yield { path: at, map };
    for (const [k, v] of Object.entries(map)) yield* mappings(v, [...at, k]);
  }
}

function nonEmpty(v: unknown): boolean {
  return typeof v === "string" && v.trim().length > 0;
}

describe("samples", () => {
  it("are present: the headline deal, the reported portfolio and the instructive ones", () => {
    for (const name of ["colossus-1", "amazon-capacity", "google-broadcom", "microsoft-nvidia", "fluidstack"]) {
      assert.ok(samples.includes(`${name}.deal.yaml`), `samples/${name}.deal.yaml exists`);
    }
    assert.ok(samples.length >= 9, `at least 9 samples (found ${samples.length})`);
  });

  for (const sample of samples) {
    describe(sample, () => {
      const text = readFileSync(path.join(SAMPLES, sample), "utf8");
      const analysis = analyze(text);

      it("has no error, and no warning that is not deliberate", () => {
        const errors = analysis.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`);
        assert.deepEqual(errors, []);
        const warnings = analysis.diagnostics.filter((d) => d.severity !== "error").map((d) => d.code);
        assert.deepEqual(warnings, [...(DELIBERATE_WARNINGS[sample] ?? [])]);
      });

      it("pins its figures with expectations, and every one is checked and holds", () => {
        const expected = analysis.model?.expectations ?? [];
        assert.ok(expected.length >= 1, "at least one `expect:` entry");
        assert.ok(expected.some((e) => e.figure === "total"), "`expect.total` pins the total");
        assert.equal(analysis.expectations.length, expected.length, "every expectation was checked");
        for (const r of analysis.expectations) assert.ok(r.holds, `${r.expectation.label}: expected ${r.expectation.expected.toString()}, computed ${r.computed.toString()}`);
      });

      it("states every assumption: `basis: assumed` has a note (or a source where no note is allowed)", () => {
        let assumed = 0;
        for (const { path: at, map } of mappings(analysis.syntax.root)) {
          if (map.basis !== "assumed") continue;
          assumed++;
          const noteAllowed = keysAt(at).some((k) => k.key === "note");
          const where = at.join(".") || "(top level)";
          if (noteAllowed) assert.ok(nonEmpty(map.note), `${where}: \`basis: assumed\` needs a \`note:\` saying what is assumed and why`);
          else assert.ok(nonEmpty(map.source), `${where}: \`basis: assumed\` needs a \`source:\` saying what is assumed and why (\`note\` is not a key here)`);
        }
        if (/basis:\s*assumed/.test(text)) assert.ok(assumed > 0, "the check saw the assumptions");
      });

      it("matches its golden figures (dealspec totals --json)", () => {
        const r = spawnSync(process.execPath, [CLI, "totals", "--json", path.join("samples", sample)], { cwd: path.dirname(SAMPLES), encoding: "utf8", timeout: 60_000 });
        assert.equal(r.status, 0, r.stderr);
        const actual = r.stdout;
        const file = path.join(GOLDEN, goldenName(sample));
        if (UPDATE_GOLDEN) {
          mkdirSync(GOLDEN, { recursive: true });
          writeFileSync(file, actual);
          return;
        }
        assert.ok(existsSync(file), `no golden file ${path.relative(path.dirname(SAMPLES), file)}: run the tests with UPDATE_GOLDEN=1 and review it`);
        assert.equal(actual, readFileSync(file, "utf8"), "the figures changed: if that is intended, rerun with UPDATE_GOLDEN=1 and review the diff");
      });
    });
  }

  it("has no golden file without its sample", () => {
    const expected = new Set(samples.map(goldenName));
    const stale = existsSync(GOLDEN) ? readdirSync(GOLDEN).filter((f) => !expected.has(f)) : [];
    assert.deepEqual(stale, [], "remove golden files of samples that no longer exist");
  });
});
