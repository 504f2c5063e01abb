import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { closeAll, cliFigures, codeLensTitles, compact, exact, hoverText, open, positionOf, ROOT, waitFor, workspaceFile } from "./helpers";

/** Version 1.1 in the editor: a unit-priced fee's hover, and a scenario's lens, each against the CLI's figures. */
suite("modelling: unit prices and scenarios", () => {
  teardown(closeAll);

  test("a hover on a fee priced per GPU-hour shows the fee's total, as `totals --json` computes it", async () => {
    const file = "gpu-hour-lease.deal.yaml";
    const figures = cliFigures(workspaceFile(file).fsPath);
    const { document } = await open(file);
    const id = "compute";
    assert.match(document.getText(), /- id: compute\n(?: {4}.*\n)*? {4}price: .* per GPU-hour/, "the sample's `compute` fee is priced per GPU-hour");
    const fee = figures.fees[id]!;
    const want = exact(fee.total, figures.currency);
    let seen = "";
    const text = await waitFor(
      `a hover on fee \`${id}\` with its total ${want}`,
      async () => {
        seen = await hoverText(document, positionOf(document, `id: ${id}`, 5));
        return seen.includes(want) ? seen : undefined;
      },
      { describe: () => seen },
    );
    assert.match(text, /GPU/, "the hover explains the price per GPU-hour");
  });

  test("a CodeLens above each scenario of Colossus 1 shows its total and its difference from the base", async () => {
    const file = "colossus-1.deal.yaml";
    const cli = path.join(ROOT, "server", "out", "cli.js");
    const json = JSON.parse(
      execFileSync(process.execPath, [cli, "scenarios", "--format", "json", workspaceFile(file).fsPath], { env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" }, encoding: "utf8" }),
    ) as { currency: string; scenarios: { id: string; total: string; delta: { total: string } | null }[] };
    const { document } = await open(file);
    const scenarios = json.scenarios.filter((c) => c.id !== "base");
    assert.ok(scenarios.length >= 3, "the sample has scenarios");
    let titles: string[] = [];
    await waitFor(
      "a lens with each scenario's total",
      async () => {
        titles = await codeLensTitles(document);
        return scenarios.every((s) => titles.some((t) => t.startsWith(`${s.id}:`) && t.includes(compact(s.total, json.currency)))) ? true : undefined;
      },
      { describe: () => titles },
    );
    for (const s of scenarios) {
      const title = titles.find((t) => t.startsWith(`${s.id}:`))!;
      const d = s.delta!.total;
      assert.ok(title.includes(`(${d.startsWith("-") ? "" : "+"}${compact(d, json.currency)})`), `${s.id}: the lens ${title} gives the difference ${d}`);
    }
  });
});
