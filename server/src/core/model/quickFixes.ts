/**
 * Quick fixes that lowering and the portfolio checks attach to diagnostics:
 * adding a missing key with a placeholder, and renaming a misspelt key to the
 * one the schema expects.
 */
import { isMap, type Node } from "yaml";
import type { z } from "zod";
import { suggest, type Fix } from "../diagnostics";
import { dealSchema, keysAt } from "../schema";
import { isRecord, nodeSpan, valueAt, type Path, type SyntaxTree } from "../syntax";

function placeholderFor(kind: string | undefined, key: string): string {
  switch (kind) {
    case "money":
      return "$0";
    case "date":
      return "YYYY-MM-DD";
    case "duration":
      return "90 days";
    case "percentage":
      return "0%";
    default:
      break;
  }
  switch (key) {
    case "dealspec":
      return "1";
    case "currency":
      return "USD";
    case "every":
      return "month";
    case "deal":
    case "portfolio":
    case "id":
      return "new-id";
    default:
      return '""';
  }
}

/** A fix that adds `key: placeholder` at the end of the block mapping at `path`. */
export function insertKeyFix(tree: SyntaxTree, path: Path, key: string, kind: string | undefined, placeholder?: string): Fix | undefined {
  const mapNode = tree.locate(path)?.node;
  const span = nodeSpan(mapNode);
  if (!mapNode || !span || !isMap(mapNode) || mapNode.items.length === 0 || mapNode.flow) return undefined;
  const firstKey = nodeSpan(mapNode.items[0]!.key as Node);
  if (!firstKey) return undefined;
  const text = tree.text;
  const lineStart = text.lastIndexOf("\n", firstKey.start - 1) + 1;
  const indent = " ".repeat(firstKey.start - lineStart);
  let offset = span.end;
  while (offset > 0 && (text[offset - 1] === " " || text[offset - 1] === "\t")) offset--;
  const line = `${indent}${key}: ${placeholder ?? placeholderFor(kind, key)}`;
  const newText = offset === 0 || text[offset - 1] === "\n" ? `${line}\n` : `\n${line}`;
  return { title: `Add \`${key}\``, edits: [{ span: { start: offset, end: offset }, newText }] };
}

/**
 * An unknown key of the mapping at `parent` that reads as a typo of one of
 * `missing` (its did-you-mean is that key), the first in file order: a
 * missing key is then better fixed by renaming it than by adding a second.
 */
export function misspeltKey(tree: SyntaxTree, parent: Path, missing: readonly string[], schema: z.ZodType = dealSchema): { key: string; intended: string; fix: Fix } | undefined {
  const raw = valueAt(tree.root, parent);
  if (!isRecord(raw)) return undefined;
  const known = keysAt(parent, schema).map((k) => k.key);
  for (const key of Object.keys(raw)) {
    if (known.includes(key)) continue;
    const intended = suggest(key, known);
    if (intended === undefined || !missing.includes(intended)) continue;
    return { key, intended, fix: { title: `Rename \`${key}\` to \`${intended}\``, edits: [{ span: tree.keySpanOf([...parent, key]), newText: intended }] } };
  }
  return undefined;
}
