/**
 * Reading the portfolio fixtures (test/fixtures/portfolio): the files, their
 * inline caret annotations (see test/core/portfolio.test.ts) and the
 * comparison of figures with a hand-written `NAME.figures.json`. Shared by
 * the core tests and the language-server tests, which check the same
 * fixtures through the protocol.
 */
import { strict as assert } from "node:assert";
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { Decimal } from "../../server/src/core";

export function portfolioFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...portfolioFiles(full));
    else if (e.name.endsWith(".portfolio.yaml")) out.push(full);
  }
  return out.sort();
}

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

export function describeSpan(text: string, d: { code: string; start: number; end: number }): string {
  const before = text.slice(0, d.start);
  const line = before.split("\n").length;
  const col = d.start - before.lastIndexOf("\n");
  return `${d.code} ${line}:${col} ${JSON.stringify(text.slice(d.start, d.end))}`;
}

/** Compares JSON trees; strings that are numbers compare as decimals, and exactly as written too. */
export function assertJson(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === "string" && /^-?\d+(\.\d+)?$/.test(expected)) {
    assert.equal(typeof actual, "string", `${where}: expected a decimal string`);
    assert.ok(new Decimal(actual as string).eq(expected), `${where}: computed ${String(actual)}, expected ${expected}`);
    assert.equal(actual, expected, `${where}: same value, written differently`);
    return;
  }
  if (expected !== null && typeof expected === "object") {
    assert.ok(actual !== null && typeof actual === "object", `${where}: expected an object or list, got ${JSON.stringify(actual)}`);
    assert.deepEqual(Object.keys(actual as object), Object.keys(expected), `${where}: keys (and their order)`);
    for (const [k, v] of Object.entries(expected)) assertJson((actual as Record<string, unknown>)[k], v, `${where}.${k}`);
    return;
  }
  assert.equal(actual, expected, where);
}

