/**
 * Reading the portfolio fixtures (test/fixtures/portfolio): the files, a
 * diagnostic's place for messages, and the comparison of figures with a
 * hand-written `NAME.figures.json` (the annotations are read by
 * portfolio-annotations.ts). Shared by the core tests and the
 * language-server tests, which check the same fixtures through the protocol.
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

