/**
 * Hovers through the real protocol, compared with golden Markdown files in
 * test/fixtures/lsp/hover/ (cases.json lists where each hover is taken;
 * UPDATE_GOLDEN=1 rewrites the files, to be reviewed in the diff).
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Hover, MarkupContent } from "vscode-languageserver";
import { LspClient } from "../support/lspClient";
import { FIXTURES, ROOT } from "../support/paths";
import { checkGolden, positionOf } from "./helpers";

interface HoverCase {
  readonly name: string;
  /** Relative to the repository root. */
  readonly file: string;
  /** Text of the file with `|` where the mouse is. */
  readonly at: string;
}

const DIR = path.join(FIXTURES, "lsp", "hover");
const cases = JSON.parse(readFileSync(path.join(DIR, "cases.json"), "utf8")) as HoverCase[];

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

async function hoverAt(file: string, at: string): Promise<Hover | null> {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const uri = `file:///tmp/lsp-hover/${path.basename(file)}`;
  await client.open(uri, text);
  try {
    await client.diagnosticsOf(uri, 1);
    const position = positionOf(text, at);
    const hover = await client.request<Hover | null>("textDocument/hover", { textDocument: { uri }, position });
    if (hover?.range) {
      const { start, end } = hover.range;
      const inside = (start.line < position.line || (start.line === position.line && start.character <= position.character)) && (end.line > position.line || (end.line === position.line && end.character >= position.character));
      assert.ok(inside, "the hover's range holds the position");
    }
    return hover;
  } finally {
    await client.close(uri);
  }
}

describe("hover", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const hover = await hoverAt(c.file, c.at);
      assert.ok(hover, `a hover at ${c.at}`);
      const contents = hover.contents as MarkupContent;
      assert.equal(contents.kind, "markdown");
      checkGolden(path.join(DIR, `${c.name}.md`), contents.value);
    });
  }

  it("gives nothing on a comment", async () => {
    assert.equal(await hoverAt("test/fixtures/lsp/colossus.deal.yaml", "# Anthropic's |lease"), null);
  });
});
