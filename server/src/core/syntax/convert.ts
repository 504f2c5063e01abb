/**
 * From YAML nodes to the value tree: aliases expanded within a budget, depth
 * bounded, keys checked (plain words; no merge keys), and an amount that a
 * flow mapping split at its commas read whole. Problems are DS103, DS105,
 * DS107, DS108 and DS109 diagnostics.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap } from "yaml";
import { diagnostic, type Diagnostic, type Span } from "../diagnostics";
import { firstLineSpan, isEntryKey, nodeSpan } from "./spans";

/** Mappings and lists nested deeper than this are not read. */
export const MAX_DEPTH = 64;
/** Nodes that alias expansion may add in all, so that an alias bomb stays small. */
const MAX_ALIAS_NODES = 10_000;

/**
 * In a flow mapping, an amount written with group commas (`{amount: 1,250,000}`)
 * is split by YAML into a value `1` and keys `250` and `000` without values. For
 * each such pair: the amount's whole text and span (on the pair that holds its
 * first group), or null (on the pairs its later groups became, to drop).
 */
export function splitAmounts(map: YAMLMap): Map<Pair, { text: string; span: Span } | null> | undefined {
  let found: Map<Pair, { text: string; span: Span } | null> | undefined;
  const items = map.items as Pair[];
  for (let i = 0; i < items.length; i++) {
    const value = items[i]!.value as Node | null;
    if (!isScalar(value) || value.type !== "PLAIN" || !/^(?:[A-Z]{3}\s*|[$€£¥]\s*)?[0-9]{1,3}$/u.test(value.source ?? "") || !value.range) continue;
    const groups: Pair[] = [];
    for (let j = i + 1; j < items.length; j++) {
      const key = items[j]!.key as Node | null;
      if (items[j]!.value !== null || !isScalar(key) || key.type !== "PLAIN" || !key.range) break;
      if (!/^[0-9]{3}(?:\.[0-9]+)?(?:\s?[A-Za-z]+)?$/.test(key.source ?? "")) break;
      groups.push(items[j]!);
      if (!/^[0-9]{3}$/.test(key.source ?? "")) break;
    }
    if (groups.length === 0) continue;
    const last = groups[groups.length - 1]!.key as Scalar;
    found ??= new Map();
    found.set(items[i]!, { text: [value.source, ...groups.map((g) => (g.key as Scalar).source)].join(","), span: { start: value.range[0], end: last.range![1] } });
    for (const g of groups) found.set(g, null);
    i += groups.length;
  }
  return found;
}

/** Where the values of one conversion go, and how its messages name the file. */
export interface ConvertTarget {
  readonly text: string;
  /** "deal file" or "portfolio file". */
  readonly noun: string;
  readonly diagnostics: Diagnostic[];
  /** Links a mapping or list of the value tree to its YAML node. */
  container(value: object, node: Node): void;
  /** Scalars whose text is read as another (an amount split at its commas, read whole). */
  readonly rewritten: Map<Node, string>;
}

/** A converter of the nodes of `doc` into plain values: `convert(node, depth)`, depth counting from the document's root (0). */
export function valueConverter(doc: Document, to: ConvertTarget): (node: Node | null | undefined, depth: number) => unknown {
  const { text, noun, diagnostics, rewritten } = to;
  let aliasBudget = MAX_ALIAS_NODES;
  let reportedAliasBudget = false;
  let reportedDepth = false;
  /** The outermost alias being expanded: where an alias bomb is reported. */
  let expanding: Node | undefined;

  const convert = (node: Node | null | undefined, depth: number, viaAlias: boolean): unknown => {
    if (node === null || node === undefined) return null;
    if (viaAlias && --aliasBudget < 0) {
      if (!reportedAliasBudget) {
        reportedAliasBudget = true;
        diagnostics.push(diagnostic("DS103", nodeSpan(expanding) ?? nodeSpan(node) ?? firstLineSpan(text), `Aliases here expand to more than ${MAX_ALIAS_NODES.toLocaleString("en-US")} values; write the values out instead.`));
      }
      return null;
    }
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) return null;
      const outermost = expanding === undefined;
      if (outermost) expanding = node;
      try {
        return convert(target as Node, depth, true);
      } finally {
        if (outermost) expanding = undefined;
      }
    }
    if (isScalar(node)) {
      // A number too long for a float (`1e400`, 309 digits) is not infinity: keep it as written, so
      // that the reader of its key says what is wrong with it (money is read from the text exactly).
      if (typeof node.value === "number" && !Number.isFinite(node.value) && !/^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/.test(node.source ?? "")) {
        return node.source ?? null;
      }
      return node.value ?? null;
    }
    if (depth >= MAX_DEPTH) {
      if (!reportedDepth) {
        reportedDepth = true;
        diagnostics.push(diagnostic("DS105", nodeSpan(node) ?? firstLineSpan(text), `Values are nested more than ${MAX_DEPTH} levels deep; a ${noun} needs at most a few.`));
      }
      return null;
    }
    if (isSeq(node)) {
      const out: unknown[] = [];
      for (const item of node.items) out.push(convert(item as Node, depth + 1, viaAlias));
      to.container(out, node);
      return out;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = Object.create(null);
      const split = node.flow ? splitAmounts(node) : undefined;
      for (const pair of node.items) {
        const joined = split?.get(pair);
        if (joined === null) continue;
        const keyNode = pair.key as Node | null;
        if (!isEntryKey(keyNode)) {
          diagnostics.push(diagnostic("DS107", nodeSpan(keyNode ?? undefined) ?? nodeSpan(node) ?? firstLineSpan(text), `Keys in a ${noun} are plain words such as \`amount\` or \`2027\`.`));
          continue;
        }
        if (keyNode.value === "<<" && (keyNode as Scalar).type === "PLAIN") {
          diagnostics.push(
            diagnostic(
              "DS108",
              nodeSpan(keyNode) ?? firstLineSpan(text),
              "Merge keys (`<<`) are not part of YAML 1.2, which Dealspec reads: write the keys out in this mapping (an alias can still repeat one value, `amount: *price`).",
            ),
          );
          continue;
        }
        const valueNode = pair.value as Node | null;
        if (joined !== undefined) {
          // `{amount: 1,250,000}`: YAML splits the amount at its commas into keys `250` and `000`.
          diagnostics.push(
            diagnostic("DS109", joined.span, `In a \`{...}\` mapping a comma ends the entry, so \`${joined.text}\` was read as \`${joined.text.split(",")[0]}\` and keys \`${joined.text.split(",").slice(1).join("`, `")}\`: quote the amount, \`"${joined.text}"\`.`, {
              fixes: [{ title: `Quote \`${joined.text}\``, edits: [{ span: joined.span, newText: `"${joined.text}"` }] }],
            }),
          );
          out[String(keyNode.value)] = joined.text;
          if (valueNode) rewritten.set(valueNode, joined.text);
          continue;
        }
        out[String(keyNode.value)] = valueNode ? convert(valueNode, depth + 1, viaAlias) : null;
      }
      to.container(out, node);
      return out;
    }
    return null;
  };
  return (node, depth) => convert(node, depth, false);
}
