/**
 * `dealspec/keyDates` and the deadline CodeLens, through the real protocol:
 * the request's dates on the samples are those of `dealspec calendar --format
 * json` for the same files, and the lens counts the days from the `today` the
 * client gives.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { CodeLens } from "vscode-languageserver";
import { KeyDatesRequest, type KeyDatesResult } from "../../protocol/src";
import { fileUri, LspClient } from "../support/lspClient";
import { CLI, SAMPLES } from "../support/paths";
import { positionOf } from "./helpers";

const DEALS = readdirSync(SAMPLES)
  .filter((f) => f.endsWith(".deal.yaml"))
  .sort();

describe("dealspec/keyDates", () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ workspaceFolders: [{ uri: fileUri(SAMPLES), name: "samples" }] });
    // The portfolio's first diagnostics come once the folder has been walked.
    await client.diagnostics(fileUri(path.join(SAMPLES, "anthropic-compute.portfolio.yaml")));
  });
  after(async () => {
    await client.stop();
  });

  it("lists the dates of every deal file of the workspace, as dealspec calendar does, with the days left", async () => {
    const answer = await client.connection.sendRequest(KeyDatesRequest.type, { today: "2027-01-01" });
    const cli = spawnSync(process.execPath, [CLI, "calendar", "--format", "json", ...DEALS], { cwd: SAMPLES, encoding: "utf8" });
    assert.equal(cli.status, 0, cli.stderr);
    const expected = (JSON.parse(cli.stdout) as { date: string; kind: string; summary: string; deadline: boolean; file: string; line: number }[]).map((d) => [
      d.file,
      d.line,
      d.date,
      d.kind,
      d.summary,
      d.deadline,
    ]);
    assert.ok(expected.length > 20);
    const got = answer.dates.map((d) => [path.basename(new URL(d.uri).pathname), d.range.start.line + 1, d.date, d.kind, d.summary, d.deadline]);
    assert.deepEqual(got, expected);
    assert.equal(answer.today, "2027-01-01");
    for (const d of answer.dates) {
      const days = Math.round((Date.parse(d.date) - Date.parse("2027-01-01")) / 86_400_000);
      assert.equal(d.daysLeft, days);
      assert.equal(d.passed, days < 0);
    }
    const renew = answer.dates.find((d) => d.kind === "option-deadline" && d.key === "option-deadline/renew")!;
    assert.match(renew.description, /^\d{4}-\d{2}-\d{2} · ([\d,]+ days? left|passed [\d,]+ days? ago|today)$/);
  });

  it("refuses a today that is not a date", async () => {
    await assert.rejects(client.connection.sendRequest(KeyDatesRequest.type, { today: "tomorrow" }), /YYYY-MM-DD/);
  });

  it("without a today: the dates alone", async () => {
    const answer: KeyDatesResult = await client.connection.sendRequest(KeyDatesRequest.type, {});
    assert.equal(answer.today, undefined);
    assert.ok(answer.dates.every((d) => d.daysLeft === undefined && d.passed === false && d.description === d.date));
  });
});

describe("the deadline CodeLens", () => {
  const text = readFileSync(path.join(SAMPLES, "gpu-hour-lease.deal.yaml"), "utf8");
  const titles = async (c: LspClient) => {
    const uri = await c.openDeal(text, "key-dates");
    const lenses = await c.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    return lenses.filter((l) => l.command!.title.startsWith("exercise")).map((l) => [l.range.start.line, l.command!.title]);
  };

  it("shows the days left to exercise an option, from the today of the initialization options", async () => {
    const calendar = spawnSync(process.execPath, [CLI, "calendar", "--format", "json", "gpu-hour-lease.deal.yaml"], { cwd: SAMPLES, encoding: "utf8" });
    const deadline = (JSON.parse(calendar.stdout) as { kind: string; date: string }[]).find((d) => d.kind === "option-deadline")!.date;
    const today = new Date(Date.parse(deadline) - 702 * 86_400_000).toISOString().slice(0, 10);
    const c = await LspClient.start({ initializationOptions: { today } });
    try {
      const noticeLine = positionOf(text, "    |notice: 90 days\n    reprice").line;
      assert.deepEqual(await titles(c), [[noticeLine, `exercise by ${deadline} · 702 days left`]]);
    } finally {
      await c.stop();
    }
  });

  it("without a today, shows the date alone", async () => {
    const c = await LspClient.start();
    try {
      const [[, title]] = (await titles(c)) as [[number, string]];
      assert.match(title, /^exercise by \d{4}-\d{2}-\d{2}$/);
    } finally {
      await c.stop();
    }
  });
});
