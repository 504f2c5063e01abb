/** Helpers shared by the language-server tests: cursor markers, golden files, applying edits. */
import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Position, TextEdit } from "vscode-languageserver";
import { UPDATE_GOLDEN } from "../support/paths";

/** Splits `text` at its one `|` marker (or another marker): the text without it and the marker's position. */
export function cursor(textWithMarker: string, marker = "|"): { text: string; offset: number; position: Position } {
  const offset = textWithMarker.indexOf(marker);
  assert.ok(offset >= 0, `no ${marker} marker in the fixture`);
  assert.equal(textWithMarker.indexOf(marker, offset + 1), -1, `more than one ${marker} marker`);
  const text = textWithMarker.slice(0, offset) + textWithMarker.slice(offset + marker.length);
  return { text, offset, position: positionAt(text, offset) };
}

/** The LSP position (UTF-16 code units) of an offset. */
export function positionAt(text: string, offset: number): Position {
  return TextDocument.create("file:///x", "dealspec", 0, text).positionAt(offset);
}

/** The position inside `text` where `needle` (containing one `|`) points. */
export function positionOf(text: string, needle: string): Position {
  const { text: bare, offset } = cursor(needle);
  const at = text.indexOf(bare);
  assert.ok(at >= 0, `\`${bare}\` is not in the text`);
  return positionAt(text, at + offset);
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create("file:///x", "dealspec", 0, text), [...edits]);
}

/** Compares `actual` with a golden file, or rewrites the file when UPDATE_GOLDEN=1. */
export function checkGolden(file: string, actual: string): void {
  if (UPDATE_GOLDEN) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `golden file ${path.relative(process.cwd(), file)} is missing: run with UPDATE_GOLDEN=1 to create it, then review it`);
  assert.equal(actual, readFileSync(file, "utf8"), `differs from ${path.relative(process.cwd(), file)} (UPDATE_GOLDEN=1 rewrites it)`);
}
