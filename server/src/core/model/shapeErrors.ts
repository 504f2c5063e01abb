/** zod's shape issues as diagnostics (DS200-DS206, DS219) on the exact node, with their quick fixes. */
import type { z } from "zod";
import { diagnostic, suggest, type Diagnostic } from "../diagnostics";
import { isKnownCurrency } from "../money";
import { dealSchema, keysAt } from "../schema";
import { isRecord, valueAt, type Path, type SyntaxTree } from "../syntax";
import { quoted } from "../values";
import type { LoweringMemo } from "./memo";
import { insertKeyFix, misspeltKey } from "./quickFixes";

/** What a rejected value is not, by its key, where a noun says it better than the key's name. */
const NOUNS: Readonly<Record<string, string>> = { every: "a period", paid: "a payment timing", basis: "a basis" };

/** The source text at `path`, on one line, quoted and shortened (`quoted`). */
function sourceOf(tree: SyntaxTree, path: Path): string {
  const span = tree.spanOf(path);
  return quoted(tree.text.slice(span.start, span.end).replace(/\s+/g, " ").replace(/^(["'])(.*)\1$/, "$2"));
}

/** A zod message ("Write one of ...") continued after what was written. */
function then(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1);
}

/** Turns zod's shape issues into diagnostics on the exact node (deal files by default; portfolios pass their schema). */
export function shapeDiagnostics(tree: SyntaxTree, schema: z.ZodType = dealSchema, memo?: LoweringMemo): Diagnostic[] {
  // `validate` answers yes or no without building zod's output copy of the
  // tree; most analyses are of files whose shape is right, and only the others
  // need `safeParse` for the issues (see bench/RESULTS.md). A memo (model/memo.ts)
  // checks again only the mappings and lists that are new since the last analysis.
  if (memo ? memo.isValid(schema, tree.root) : schema.validate(tree.root)) return [];
  const result = schema.safeParse(tree.root);
  if (result.success) return [];
  const out: Diagnostic[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.filter((s): s is string | number => typeof s !== "symbol");
    const parent = path.slice(0, -1);
    const last = path[path.length - 1];
    // A required key that is absent is missing, whatever kind of value it takes (a union, an enum, a literal).
    if (issue.code !== "unrecognized_keys" && typeof last === "string" && valueAt(tree.root, path) === undefined && isRecord(valueAt(tree.root, parent))) {
      const info = keysAt(parent, schema).find((k) => k.key === last);
      const typo = misspeltKey(tree, parent, [last], schema);
      const fix = typo?.fix ?? insertKeyFix(tree, parent, last, info?.kind);
      const hint = typo ? ` \`${typo.key}\` looks like a typo for it.` : "";
      out.push(diagnostic("DS200", tree.spanOf(path), `Missing \`${last}\`${info?.description ? `: ${info.description}` : "."}${hint}`, fix ? { fixes: [fix] } : undefined));
      continue;
    }
    switch (issue.code) {
      case "unrecognized_keys": {
        const known = keysAt(path, schema).map((k) => k.key);
        for (const key of issue.keys) {
          const span = tree.keySpanOf([...path, key]);
          const guess = suggest(key, known);
          const where = path.length === 0 ? "at the top level" : `in \`${path.filter((p) => typeof p === "string").join(".")}\``;
          const message = guess
            ? `Unknown key \`${key}\` ${where}: did you mean \`${guess}\`?`
            : `Unknown key \`${key}\` ${where}. Known keys: ${known.map((k) => `\`${k}\``).join(", ")}.`;
          out.push(diagnostic("DS201", span, message, guess ? { fixes: [{ title: `Change to \`${guess}\``, edits: [{ span, newText: guess }] }] } : undefined));
        }
        break;
      }
      case "invalid_type": {
        const value = valueAt(tree.root, path);
        const what = typeof last === "number" ? `Item ${last + 1} of \`${String(path[path.length - 2] ?? "")}\`` : `\`${String(last)}\``;
        const key = typeof last === "number" ? String(path[path.length - 2] ?? "") : String(last);
        const message = value === null ? `${what} has no value. ${issue.message}` : `${sourceOf(tree, path)} is not a value \`${key}\` takes: ${then(issue.message)}`;
        out.push(diagnostic("DS202", tree.spanOf(path), message));
        break;
      }
      case "invalid_value": {
        const span = tree.spanOf(path);
        if (path.length === 1 && last === "dealspec") {
          out.push(diagnostic("DS206", span, issue.message, { fixes: [{ title: "Change to `dealspec: 1`", edits: [{ span, newText: "1" }] }] }));
          break;
        }
        const value = valueAt(tree.root, path);
        const allowed = issue.values.map(String);
        const guess = typeof value === "string" ? suggest(value, allowed) : undefined;
        out.push(
          diagnostic("DS203", span, `${sourceOf(tree, path)} is not ${NOUNS[String(last)] ?? `a value of \`${String(last)}\``}: ${then(issue.message)}${guess ? ` Did you mean \`${guess}\`?` : ""}`, guess ? { fixes: [{ title: `Change to \`${guess}\``, edits: [{ span, newText: guess }] }] } : undefined),
        );
        break;
      }
      case "too_small":
        out.push(issue.origin === "array" ? diagnostic("DS204", tree.spanOf(path), issue.message) : diagnostic("DS202", tree.spanOf(path), `${sourceOf(tree, path)} is too small: ${then(issue.message)}`));
        break;
      case "invalid_format": {
        const span = tree.spanOf(path);
        if (path.length === 1 && last === "currency") {
          const value = String(valueAt(tree.root, path) ?? "");
          const upper = value.toUpperCase();
          const fix = isKnownCurrency(upper) ? [{ title: `Change to \`${upper}\``, edits: [{ span, newText: upper }] }] : undefined;
          out.push(diagnostic("DS219", span, `${sourceOf(tree, path)} is not a currency code: ${then(issue.message)}`, fix ? { fixes: fix } : undefined));
        } else {
          out.push(diagnostic("DS205", span, `${sourceOf(tree, path)} is not a valid id: ${then(issue.message)}`));
        }
        break;
      }
      default:
        out.push(diagnostic("DS202", tree.spanOf(path), valueAt(tree.root, path) == null ? issue.message : `${sourceOf(tree, path)} is not a value \`${String(typeof last === "number" ? (path[path.length - 2] ?? "") : last)}\` takes: ${then(issue.message)}`));
    }
  }
  return out;
}
