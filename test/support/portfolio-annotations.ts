/**
 * The inline expectations of the portfolio fixtures (test/fixtures/portfolio):
 * comment lines under the line they point at, carets under the exact range,
 * then the code, then optionally a piece of the message. A `#` directly
 * followed by carets counts as the first caret (a range from column 0).
 * Used by the core's portfolio tests and the CLI's.
 */
import { strict as assert } from "node:assert";

export interface Expected {
  readonly code: string;
  readonly start: number;
  readonly end: number;
  readonly message?: string;
}

const ANNOTATION = /^\s*(#\s*)(\^+)\s+(DS\d{3})(?:\s+(.*?))?\s*$/;

/** The caret annotations of a fixture, as offsets into its text. */
export function annotations(text: string): Expected[] {
  const lines = text.split("\n");
  const starts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    starts.push(offset);
    offset += l.length + 1;
  }
  const out: Expected[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    const m = ANNOTATION.exec(line);
    if (!m) {
      target = i;
      return;
    }
    assert.ok(target >= 0, `annotation on line ${i + 1} has no line above it`);
    const hashIsCaret = m[1] === "#";
    const col = line.indexOf("^") - (hashIsCaret ? 1 : 0);
    const length = m[2]!.length + (hashIsCaret ? 1 : 0);
    const e: { -readonly [K in keyof Expected]: Expected[K] } = { code: m[3]!, start: starts[target]! + col, end: starts[target]! + col + length };
    if (m[4]) e.message = m[4];
    out.push(e);
  });
  return out;
}
