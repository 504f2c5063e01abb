/**
 * The language server's life cycle and diagnostics, through the real
 * protocol: the built server as a child process, driven over JSON-RPC.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import type { Hover } from "vscode-languageserver";
import { fileUri, LspClient } from "../support/lspClient";
import { FIXTURES, ROOT } from "../support/paths";
import { positionOf } from "./helpers";

const BROKEN = readFileSync(path.join(FIXTURES, "lsp", "broken.deal.yaml"), "utf8");
const COLOSSUS = readFileSync(path.join(FIXTURES, "lsp", "colossus.deal.yaml"), "utf8");

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  assert.equal(await client.stop(), 0, "the server exits with 0 after shutdown and exit");
});

/** A request the server answers after everything sent before it: any notification it sent earlier has arrived. */
async function roundTrip(uri: string): Promise<void> {
  await client.request("textDocument/foldingRange", { textDocument: { uri } });
}

describe("initialize", () => {
  it("announces the features, with CodeLens and inlay hints sent resolved", () => {
    const caps = client.initializeResult.capabilities;
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.codeLensProvider, { resolveProvider: false });
    assert.deepEqual(caps.inlayHintProvider, { resolveProvider: false });
    assert.ok(caps.completionProvider);
    assert.ok(caps.codeActionProvider);
    assert.equal(caps.documentSymbolProvider, true);
    assert.equal(caps.foldingRangeProvider, true);
    assert.equal(client.initializeResult.serverInfo?.name, "dealspec");
  });
});

describe("diagnostics", () => {
  it("are published on open, each with its code, a link to its documentation and related information", async () => {
    const uri = "file:///tmp/lsp-test/open.deal.yaml";
    await client.open(uri, BROKEN);
    const { diagnostics, version } = await client.diagnosticsOf(uri, 1);
    assert.equal(version, 1);
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ["DS215", "DS321", "DS304", "DS201", "DS203", "DS306", "DS309"],
    );
    const docs = pathToFileURL(path.join(ROOT, "docs", "diagnostics.md")).href;
    for (const d of diagnostics) {
      assert.equal(d.codeDescription?.href, `${docs}#${String(d.code).toLowerCase()}`);
      assert.equal(d.source, "dealspec");
    }
    const duplicate = diagnostics.find((d) => d.code === "DS304")!;
    assert.deepEqual(duplicate.range.start, positionOf(BROKEN, "  - id: |base\n    amout"));
    assert.equal(duplicate.relatedInformation?.length, 1);
    const first = duplicate.relatedInformation![0]!;
    assert.equal(first.location.uri, uri);
    assert.deepEqual(first.location.range.start, positionOf(BROKEN, "  - id: |base\n    amount: €2M"));
    assert.match(first.message, /first used here/);
    await client.close(uri);
  });

  it("link each code to its own section: the docsUrl initialization option, else DEALSPEC_DOCS_URL, else the shipped docs", async () => {
    const codeLinks = async (options: Parameters<typeof LspClient.start>[0]) => {
      const other = await LspClient.start(options);
      try {
        const uri = "file:///tmp/lsp-test/links.deal.yaml";
        await other.open(uri, BROKEN);
        return (await other.diagnosticsOf(uri, 1)).diagnostics.map((d) => d.codeDescription?.href);
      } finally {
        await other.stop();
      }
    };
    const site = await codeLinks({ initializationOptions: { docsUrl: "https://example.com/dealspec/docs" } });
    assert.equal(site[0], "https://example.com/dealspec/docs/diagnostics.md#ds215");
    const env = await codeLinks({ env: { DEALSPEC_DOCS_URL: "https://docs.example.com/dealspec/" } });
    assert.equal(env[0], "https://docs.example.com/dealspec/diagnostics.md#ds215");
    const both = await codeLinks({ env: { DEALSPEC_DOCS_URL: "https://docs.example.com/dealspec/" }, initializationOptions: { docsUrl: "https://example.com/d/" } });
    assert.equal(both[0], "https://example.com/d/diagnostics.md#ds215");
    // Not a URL, or not http(s) or file: the shipped docs.
    const shipped = `${pathToFileURL(path.join(ROOT, "docs", "diagnostics.md")).href}#ds215`;
    assert.equal((await codeLinks({ initializationOptions: { docsUrl: "docs/" } }))[0], shipped);
    assert.equal((await codeLinks({ initializationOptions: { docsUrl: "javascript:alert(1)" } }))[0], shipped);
    assert.equal((await codeLinks({ initializationOptions: { docsUrl: "" } }))[0], shipped);
  });

  it("follow changes, and are cleared on close", async () => {
    const uri = "file:///tmp/lsp-test/change.deal.yaml";
    await client.open(uri, COLOSSUS);
    assert.deepEqual((await client.diagnosticsOf(uri, 1)).diagnostics, []);
    const at = positionOf(COLOSSUS, "every: mon|th\n    from: 2026-07-01");
    await client.change(uri, 2, [{ range: { start: at, end: at }, text: "x" }]);
    const changed = await client.diagnosticsOf(uri, 2);
    assert.deepEqual(changed.diagnostics.map((d) => d.code), ["DS203", "DS401"]);
    assert.equal(changed.diagnostics[0]!.range.start.line, at.line);
    await client.change(uri, 3, [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: "" }]);
    assert.deepEqual((await client.diagnosticsOf(uri, 3)).diagnostics, []);
    await client.change(uri, 4, [{ range: { start: at, end: at }, text: "x" }]);
    await client.close(uri);
    const cleared = await client.diagnostics(uri, (p) => p.version === undefined);
    assert.deepEqual(cleared.diagnostics, []);
    await roundTrip(uri);
    assert.ok(!client.published.some((p) => p.uri === uri && p.version === 4), "the version closed during the debounce is never published");
  });

  it("are published for the last version only after a burst of edits", async () => {
    const uri = "file:///tmp/lsp-test/burst.deal.yaml";
    await client.open(uri, COLOSSUS);
    await client.diagnosticsOf(uri, 1);
    const start = positionOf(COLOSSUS, "title: |Colossus");
    // Keystrokes sent back to back, as a fast typist's editor sends them.
    const typed = "Typed ";
    const sent = [...typed].map((ch, i) => {
      const at = { line: start.line, character: start.character + i };
      return client.change(uri, i + 2, [{ range: { start: at, end: at }, text: ch }]);
    });
    // The last keystroke makes the file invalid; only its diagnostics may appear.
    const last = typed.length + 2;
    sent.push(client.change(uri, last, [{ range: { start, end: start }, text: "[" }]));
    await Promise.all(sent);
    const published = await client.diagnosticsOf(uri, last);
    assert.equal(published.diagnostics[0]?.code, "DS100");
    await roundTrip(uri);
    // The pause follows the analysis' cost (a few ms for this deal): keystrokes that arrive together
    // are one run, and a version is published only while current, so the versions only rise and end
    // with the last one.
    const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version!);
    assert.equal(versions[0], 1);
    assert.equal(versions[versions.length - 1], last);
    assert.ok(versions.every((v, i) => i === 0 || v > versions[i - 1]!), `versions rise: ${versions.join(", ")}`);
    await client.close(uri);
  });

  it("place ranges in UTF-16 code units after a `€` or an emoji", async () => {
    const uri = "file:///tmp/lsp-test/utf16.deal.yaml";
    const text = COLOSSUS.replace("  - id: base\n", '  - {id: extra, label: "Rack 🚀 at €", amount: $1m, every: once, from: 2026-08-01}\n  - id: base\n');
    await client.open(uri, text);
    const { diagnostics } = await client.diagnosticsOf(uri, 1);
    const d = diagnostics.find((x) => x.code === "DS214");
    assert.ok(d, "the bad suffix is reported");
    const line = text.split("\n")[d.range.start.line]!;
    const utf16 = line.indexOf("$1m");
    assert.notEqual([...line.slice(0, utf16)].length, utf16, "the line has characters outside the BMP before the error");
    assert.deepEqual(d.range, { start: { line: d.range.start.line, character: utf16 }, end: { line: d.range.start.line, character: utf16 + 3 } });
    const hover = await client.request<Hover | null>("textDocument/hover", { textDocument: { uri }, position: positionOf(text, "amount: $1.2|5B") });
    assert.ok(hover, "hover still finds the fee after the emoji");
    await client.close(uri);
  });
});

describe("errors in handlers", () => {
  it("are logged and answered, and the server keeps running", async () => {
    const uri = "file:///tmp/lsp-test/errors.deal.yaml";
    await client.open(uri, COLOSSUS);
    await client.diagnosticsOf(uri, 1);
    const broken = await client.request("textDocument/hover", { textDocument: { uri } });
    assert.equal(broken, null);
    const logged = await client.log((l) => l.message.startsWith("hover failed"));
    assert.equal(logged.type, 1, "logged as an error");
    await assert.rejects(client.request("dealspec/figures", {}), /needs \{"uri"/);
    await assert.rejects(client.request("dealspec/figures", { uri: "untitled:nothing" }), /not open/);
    const hover = await client.request<Hover | null>("textDocument/hover", { textDocument: { uri }, position: positionOf(COLOSSUS, "deal: colo|ssus") });
    assert.ok(hover, "the next request is answered");
    await client.close(uri);
  });

  it("reads a closed file from disk for the custom requests", async () => {
    const figures = await client.request<{ total: string }>("dealspec/figures", { uri: fileUri(path.join(FIXTURES, "lsp", "colossus.deal.yaml")) });
    assert.equal(figures.total, "45000000000.00");
    await assert.rejects(client.request("dealspec/figures", { uri: fileUri(path.join(FIXTURES, "lsp", "missing.deal.yaml")) }), /cannot read .*missing\.deal\.yaml: no such file/);
  });
});
