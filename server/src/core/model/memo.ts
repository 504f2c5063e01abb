/**
 * What lowering keeps between analyses of one document, for a caller that
 * lowers it again and again (an editor, through an `AnalysisSession`). Parsing
 * by blocks (syntax/blocks.ts) gives an unchanged block the same value
 * objects in every version; this memo keys its results by those objects:
 *
 * - the shape check: whether each mapping and list of the value tree is valid
 *   against its zod schema, so that a valid deal is checked again only where
 *   it changed (zod's issues, for a deal that is not, come from a full check);
 * - each fee's lowering: its model and diagnostics, keyed by the fee's value
 *   object and by what lowering a fee reads beyond it (the currency, the
 *   term's first and last days, which kinds of capacity the deal gives, and
 *   for a fee without an id, which its messages name by position, its
 *   position in the list), moved to where the fee now sits (its spans, when
 *   text before it changed length, and its position, when fees before it came
 *   or went). The duplicate-id check, which reads the other fees, is done on
 *   every lowering.
 *
 * The results are those of lowering without the memo. Owned by the caller,
 * never by the core.
 */
import type { z } from "zod";
import type { Diagnostic, Span } from "../diagnostics";
import { isRecord } from "../syntax";
import type { FeeModel } from "./types";

interface KeptFee {
  /** What lowering the fee read beyond its value. */
  readonly context: string;
  /** Where the fee's item started when `fee` and `diagnostics` were computed (their spans are at that place). */
  at: number;
  fee: FeeModel | undefined;
  diagnostics: readonly Diagnostic[];
}

type Schema = z.ZodType;

/** A zod schema's definition, as far as the shape check decomposes it. */
interface Def {
  readonly type: string;
  readonly shape?: Readonly<Record<string, Schema>>;
  readonly catchall?: Schema;
  readonly element?: Schema;
  readonly innerType?: Schema;
  readonly checks?: readonly { readonly _zod: { readonly def: { readonly check: string; readonly minimum?: number } } }[];
}

const defOf = (schema: Schema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Whether `key` names a span: `span` and every `...Span` field of the model and diagnostics. */
const isSpanKey = (key: string): boolean => key === "span" || key.endsWith("Span");

/**
 * A copy of a model part or diagnostic with every span moved by `by`: plain
 * objects and arrays are copied, Decimals and other values are shared.
 */
export function movedBy<T>(v: T, by: number): T {
  if (Array.isArray(v)) return v.map((x: unknown) => movedBy(x, by)) as T;
  if (v === null || typeof v !== "object") return v;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return v;
  const out: Record<string, unknown> = {};
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (isSpanKey(k) && x !== null && typeof x === "object") {
      const s = x as Span;
      out[k] = { start: s.start + by, end: s.end + by };
    } else {
      out[k] = movedBy(x, by);
    }
  }
  return out as T;
}

export class LoweringMemo {
  /**
   * @param stemKeys The charge memo's key text of each fee model (evaluate/memo.ts): a fee moved
   * here (only its spans change, which the key leaves out) is given its original's.
   */
  constructor(private readonly stemKeys?: WeakMap<FeeModel, string>) {}

  /** By schema: whether a mapping or list of the value tree is valid against it. */
  private readonly valid = new Map<Schema, WeakMap<object, boolean>>();
  private readonly fees = new WeakMap<object, KeptFee>();

  /**
   * `schema.validate(value)`, from the memo for the mappings and lists
   * checked before. An object schema is checked key by key and a list item
   * by item (each from the memo when it is), exactly as zod checks them; any
   * other schema is asked whole.
   */
  isValid(schema: Schema, value: unknown): boolean {
    if (value === null || typeof value !== "object") return this.check(schema, value);
    let byValue = this.valid.get(schema);
    if (!byValue) this.valid.set(schema, (byValue = new WeakMap()));
    let ok = byValue.get(value);
    if (ok === undefined) byValue.set(value, (ok = this.check(schema, value)));
    return ok;
  }

  private check(schema: Schema, value: unknown): boolean {
    const def = defOf(schema);
    if (def.type === "optional" && def.innerType && !def.checks?.length) return value === undefined || this.isValid(def.innerType, value);
    if (def.type === "object" && def.shape && !def.checks?.length && isRecord(value)) {
      const shape = def.shape;
      const strict = def.catchall !== undefined && defOf(def.catchall).type === "never";
      for (const key of Object.keys(value)) {
        if (Object.prototype.hasOwnProperty.call(shape, key)) continue;
        if (strict) return false;
        if (def.catchall && !this.isValid(def.catchall, value[key])) return false;
      }
      for (const key of Object.keys(shape)) if (!this.isValid(shape[key]!, value[key])) return false;
      return true;
    }
    if (def.type === "array" && def.element && Array.isArray(value) && (def.checks ?? []).every((c) => c._zod.def.check === "min_length")) {
      for (const c of def.checks ?? []) if (value.length < (c._zod.def.minimum ?? 0)) return false;
      for (const item of value) if (!this.isValid(def.element, item)) return false;
      return true;
    }
    return schema.validate(value);
  }

  /**
   * A fee's lowering from the memo, moved to `start` (where its item now
   * starts), when the fee's value object was lowered before in `context`;
   * otherwise undefined.
   */
  fee(raw: object, context: string, start: number, index: number): { fee: FeeModel | undefined; diagnostics: readonly Diagnostic[] } | undefined {
    const kept = this.fees.get(raw);
    if (!kept || kept.context !== context) return undefined;
    if (kept.at !== start || (kept.fee && kept.fee.index !== index)) {
      const by = start - kept.at;
      const moved = kept.fee && { ...movedBy(kept.fee, by), index };
      const key = kept.fee && this.stemKeys?.get(kept.fee);
      if (moved && key !== undefined) this.stemKeys!.set(moved, key);
      kept.fee = moved;
      kept.diagnostics = movedBy(kept.diagnostics, by);
      kept.at = start;
    }
    return kept;
  }

  /** Keeps a fee's lowering (computed with its item at `start`). */
  keepFee(raw: object, context: string, start: number, fee: FeeModel | undefined, diagnostics: readonly Diagnostic[]): void {
    this.fees.set(raw, { context, at: start, fee, diagnostics });
  }
}
