/**
 * Scenarios: the deal with changes, evaluated by the same engine into a full
 * set of figures. The changes apply in the language's order: `set` on the
 * value tree (an overlay of the file, so each value is read and checked
 * exactly as if written at its place), then `change`, `shift`, `exercise`
 * and `exit` on the model. Problems are reported on the scenario's own
 * lines; the base deal is never changed.
 */
import type { Node, Scalar } from "yaml";
import { formatDay, parseIsoDate, type Day } from "./dates";
import { diagnostic, suggest, type Diagnostic, type Span } from "./diagnostics";
import { evaluate, TERMINATION_FEE_ID, type Figures } from "./evaluate";
import { addDuration, optionTimeline } from "./extension";
import { Decimal, ONE } from "./money";
import { lowerExpectations } from "./model/expectations";
import { lowerDeal } from "./model/lower";
import { dateDiagnostic, reportRead, scalarAt, type Lowering } from "./model/readers";
import type { ClauseModel, DealModel, ExpectationModel, FeeModel, Mutable, StepModel, TermModel } from "./model/types";
import { keysAt } from "./schema";
import { isRecord, valueAt, type Path, type Segment, type SyntaxTree } from "./syntax";
import { readSignedDuration, readSignedPercent } from "./values";

/** What every scenario entry has, of a deal or of a portfolio: where it is and what it is called. */
export interface ScenarioEntry {
  /** Position in the file's `scenarios` list. */
  readonly index: number;
  readonly id: string;
  readonly label?: string;
  readonly note?: string;
  readonly idSpan: Span;
  readonly itemSpan: Span;
}

export interface ScenarioResult extends ScenarioEntry {
  /** The scenario's deal after `set`, `change` and `shift`. */
  readonly model?: DealModel;
  /** Its figures; absent when the scenario has errors. */
  readonly figures?: Figures;
  /** What the scenario changes, one line each, in the order applied. */
  readonly applied: readonly string[];
  readonly expectations: readonly ExpectationModel[];
}

/** True when every fee of the model was evaluated: the figures JSON's `complete`. */
export function feesComplete(model: DealModel | undefined): boolean {
  return model !== undefined && model.feesRead && model.excluded.length === 0;
}

/**
 * A scenario's difference from the base: scenario minus base, for the total
 * and (when both have one) the NPV; undefined when either side's figures are
 * missing or incomplete (the specification's `delta` is then null).
 */
export function dealScenarioDelta(
  base: { readonly model?: DealModel; readonly figures?: Figures },
  r: Pick<ScenarioResult, "model" | "figures">,
): { readonly total: Decimal; readonly npv?: Decimal } | undefined {
  if (!base.figures || !r.figures || !feesComplete(base.model) || !feesComplete(r.model)) return undefined;
  const total = r.figures.total.minus(base.figures.total);
  return r.figures.npv && base.figures.npv ? { total, npv: r.figures.npv.amount.minus(base.figures.npv.amount) } : { total };
}

/** The overlay of a file: a changed value tree whose every path maps back to a range of the file. */
class Overlay implements SyntaxTree {
  readonly diagnostics: readonly Diagnostic[] = [];
  /** Where each container of the overlay comes from in the file. */
  readonly origins = new Map<object, Path>();
  /** Where a scalar set into a container comes from, by the container and key. */
  readonly leafOrigins = new Map<object, Map<Segment, Path>>();
  root: unknown;

  constructor(readonly base: SyntaxTree) {
    this.root = base.root;
  }

  get text(): string {
    return this.base.text;
  }

  originOf(path: Path): Path {
    let cur: unknown = this.root;
    let origin: Path = [];
    for (const seg of path) {
      const child = Array.isArray(cur) && typeof seg === "number" ? cur[seg] : isRecord(cur) ? cur[String(seg)] : undefined;
      const known = typeof child === "object" && child !== null ? this.origins.get(child) : undefined;
      const leaf = typeof cur === "object" && cur !== null ? this.leafOrigins.get(cur)?.get(seg) : undefined;
      origin = known ?? leaf ?? [...origin, seg];
      cur = child;
    }
    return origin;
  }

  locate(path: Path): { node?: Node; key?: Scalar } | undefined {
    return this.base.locate(this.originOf(path));
  }

  spanOf(path: Path, prefer?: "value" | "key"): Span {
    return this.base.spanOf(this.originOf(path), prefer);
  }

  keySpanOf(path: Path): Span {
    return this.base.keySpanOf(this.originOf(path));
  }

  scalarText(path: Path): string | undefined {
    return this.base.scalarText(this.originOf(path));
  }
}

/** Marks a list entry removed by `set`: positions keep counting the file's entries until all sets are done. */
const REMOVED = Symbol("removed");

/** The parts of a `set` PATH: `fees.base.amount` -> fees, base, amount. */
function pathParts(path: string): string[] {
  return path.split(".");
}

/** The lists whose entries a PATH names by id, and those it names by 1-based position. */
const BY_ID = new Set(["fees", "options"]);
const BY_POSITION = new Set(["termination", "capacity.steps"]);

/**
 * Applies the `set` entries of a scenario to an overlay of the file. Returns
 * the overlay (or undefined when nothing was set) and reports PATHs that name
 * nothing (DS601) on the scenario.
 */
function applySet(tree: SyntaxTree, scenarioPath: Path, diagnostics: Diagnostic[], applied: string[]): Overlay | undefined {
  const set = valueAt(tree.root, [...scenarioPath, "set"]);
  if (!isRecord(set) || Object.keys(set).length === 0) return undefined;
  const overlay = new Overlay(tree);
  /** The clone of a container on the way to a change, made once. */
  const clones = new Map<object, object>();
  const cloneOf = (value: object, origin: Path): Record<string, unknown> | unknown[] => {
    const known = clones.get(value);
    if (known) return known as Record<string, unknown> | unknown[];
    const copy = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
    clones.set(value, copy);
    clones.set(copy, copy);
    overlay.origins.set(copy, origin);
    if (Array.isArray(value)) value.forEach((item, i) => typeof item === "object" && item !== null && !overlay.origins.has(item) && overlay.origins.set(item, [...origin, i]));
    return copy;
  };
  const root = cloneOf(tree.root as object, []) as Record<string, unknown>;
  overlay.root = root;

  for (const [key, value] of Object.entries(set)) {
    const at: Path = [...scenarioPath, "set", key];
    const keySpan = tree.keySpanOf(at);
    const parts = pathParts(key);
    // Walk the overlay, cloning each container on the way, to the parent of the last part.
    let parent: Record<string, unknown> | unknown[] = root;
    let origin: Path = [];
    let schemaPath: (string | number)[] = [];
    let ok = true;
    let prefix = "";
    const nothing = (why: string) => {
      diagnostics.push(diagnostic("DS601", keySpan, `\`${key}\` names nothing in this deal: ${why}`));
      ok = false;
    };
    let lastSeg: Segment | undefined;
    for (let p = 0; p < parts.length && ok; p++) {
      const part = parts[p]!;
      const isLast = p === parts.length - 1;
      let seg: Segment;
      if (Array.isArray(parent)) {
        const listName = prefix;
        if (BY_ID.has(listName)) {
          const found = parent.findIndex((item) => item !== REMOVED && isRecord(item) && item.id === part);
          if (found >= 0) seg = found;
          else if (isLast && (value === null || isRecord(value))) {
            if (value === null) {
              // Removing what the file leaves out changes nothing.
              ok = false;
              break;
            }
            seg = parent.length;
          } else {
            const ids = parent.filter((item): item is Record<string, unknown> => item !== REMOVED && isRecord(item) && typeof item.id === "string").map((item) => item.id as string);
            const guess = suggest(part, ids);
            nothing(`there is no ${listName === "fees" ? "fee" : "option"} \`${part}\`${guess ? `: did you mean \`${guess}\`?` : ids.length > 0 ? ` (${ids.map((i) => `\`${i}\``).join(", ")})` : ""}.`);
            break;
          }
        } else if (BY_POSITION.has(listName)) {
          const n = /^[1-9][0-9]*$/.test(part) ? Number(part) : NaN;
          if (!(n >= 1 && n <= parent.length) || parent[n - 1] === REMOVED) {
            nothing(`\`${listName}\` is counted from 1 as the file writes it, and ${parent.length === 0 ? "has no entry" : `has ${parent.length}`}.`);
            break;
          }
          seg = n - 1;
        } else {
          nothing(`\`${listName}\` is not a list a path can name into.`);
          break;
        }
        schemaPath.push(0);
      } else {
        seg = part;
        const known = keysAt(schemaPath);
        if (!known.some((k) => k.key === part)) {
          const guess = suggest(part, known.map((k) => k.key));
          nothing(`\`${part}\` is not a key ${schemaPath.length === 0 ? "at the top level" : `of \`${prefix}\``}${guess ? `: did you mean \`${guess}\`?` : "."}`);
          break;
        }
        schemaPath.push(part);
      }
      prefix = prefix === "" ? part : `${prefix}.${part}`;
      origin = [...origin, seg];
      if (isLast) {
        lastSeg = seg;
        break;
      }
      const child = Array.isArray(parent) ? parent[seg as number] : parent[seg as string];
      if (child === undefined || child === null) {
        if (value === null) {
          ok = false;
          break;
        }
        // A key the file leaves out: created, as writing it in the file would.
        const fresh: Record<string, unknown> = {};
        overlay.origins.set(fresh, at);
        if (Array.isArray(parent)) parent[seg as number] = fresh;
        else parent[seg as string] = fresh;
        parent = fresh;
        continue;
      }
      if (typeof child !== "object") {
        nothing(`\`${prefix}\` is a single value, not a mapping.`);
        break;
      }
      const copy = cloneOf(child, overlay.originOf(origin));
      if (Array.isArray(parent)) parent[seg as number] = copy;
      else parent[seg as string] = copy;
      parent = copy;
    }
    if (!ok || lastSeg === undefined) continue;
    if (Array.isArray(parent)) {
      if (value === null) parent[lastSeg as number] = REMOVED;
      else if (isRecord(value) && BY_ID.has(prefix.slice(0, prefix.lastIndexOf(".")))) {
        // `fees.ID: {...}` adds or replaces the fee whole; its id is the path's.
        const entry = { id: parts[parts.length - 1], ...value };
        parent[lastSeg as number] = entry;
        overlay.origins.set(entry, at);
        overlay.leafOrigins.set(entry, new Map([["id", at]]));
      } else {
        parent[lastSeg as number] = value;
        if (typeof value === "object") overlay.origins.set(value as object, at);
      }
    } else {
      if (value === null) delete parent[lastSeg as string];
      else {
        parent[lastSeg as string] = value;
        if (typeof value === "object") overlay.origins.set(value as object, at);
        else {
          let leaves = overlay.leafOrigins.get(parent);
          if (!leaves) overlay.leafOrigins.set(parent, (leaves = new Map()));
          leaves.set(lastSeg, at);
        }
      }
      // The term has its `end` or its `months`: setting one removes the other.
      if (prefix === "term.end") delete parent.months;
      if (prefix === "term.months") delete parent.end;
    }
    applied.push(`set ${key}: ${value === null ? "removed" : (tree.scalarText(at) ?? sourceText(tree, at))}`);
  }
  // Entries removed by `null` leave their lists now that every position has been read.
  const compact = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) if (v[i] === REMOVED) v.splice(i, 1);
      v.forEach(compact);
    } else if (isRecord(v) && clones.has(v)) {
      Object.values(v).forEach(compact);
    }
  };
  compact(root);
  // The scenario is evaluated as a deal: without the scenarios or the deal's own expectations.
  delete root.scenarios;
  delete root.expect;
  return overlay;
}

/** A value as the file writes it, on one line. */
function sourceText(tree: SyntaxTree, path: Path): string {
  const span = tree.spanOf(path);
  return tree.text.slice(span.start, span.end).replace(/\s+/g, " ").trim();
}

function within(span: Span, outer: Span): boolean {
  return span.start >= outer.start && span.end <= outer.end;
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return a.code === b.code && a.span.start === b.span.start && a.span.end === b.span.end && a.message === b.message;
}

/** Reads a signed percentage at `path`: text with its sign and `%` (a YAML number loses its sign). */
function signedPercentAt(l: Lowering, path: Path): Decimal | undefined {
  const raw = valueAt(l.tree.root, path);
  const t = scalarAt(l, path);
  if (t === undefined) return undefined;
  if (typeof raw === "number") {
    l.diagnostics.push(diagnostic("DS233", l.tree.spanOf(path), `Write the change as text with its sign and \`%\`, such as \`"+10%"\`: YAML reads \`${t}\` as a number and drops its sign.`));
    return undefined;
  }
  const r = readSignedPercent(t, "DS233");
  if (r.ok) return r.value;
  reportRead(l, path, r);
  return undefined;
}

function inTerm(d: Day, term: TermModel): boolean {
  return d >= term.start && d <= term.last;
}

/** Applies `change`: multiplies amounts or prices by (1 + p), entries that reach one fee multiplying. */
function applyChange(l: Lowering, at: Path, model: DealModel, applied: string[]): FeeModel[] | undefined {
  const change = valueAt(l.tree.root, at);
  if (!isRecord(change)) return undefined;
  const factors = model.fees.map(() => ONE);
  let ok = true;
  for (const key of Object.keys(change)) {
    const p = signedPercentAt(l, [...at, key]);
    const targets =
      key === "all" ? model.fees.map((_, i) => i) : key === "assumed" ? model.fees.flatMap((f, i) => (f.basis === "assumed" ? [i] : [])) : model.fees.flatMap((f, i) => (f.id === key ? [i] : []));
    if (key !== "all" && key !== "assumed" && targets.length === 0) {
      const guess = suggest(key, [...model.fees.map((f) => f.id), "all", "assumed"]);
      const span = l.tree.keySpanOf([...at, key]);
      l.diagnostics.push(
        diagnostic("DS602", span, `\`change\` names no fee \`${key}\`: write a fee id, \`assumed\` (every assumed fee) or \`all\`${guess ? `; did you mean \`${guess}\`?` : "."}`, guess ? { fixes: [{ title: `Change to \`${guess}\``, edits: [{ span, newText: guess }] }] } : undefined),
      );
      ok = false;
      continue;
    }
    if (p === undefined) {
      ok = false;
      continue;
    }
    if (p.lt(-1)) {
      l.diagnostics.push(diagnostic("DS611", l.tree.spanOf([...at, key]), `A change of ${p.times(100).toString()}% would make the amount negative: a change is at least -100% (use \`credit: true\` for a credit).`));
      ok = false;
      continue;
    }
    for (const i of targets) factors[i] = factors[i]!.times(ONE.plus(p));
    applied.push(`change ${key}: ${p.isNegative() ? "" : "+"}${p.times(100).toString()}%`);
  }
  if (!ok) return undefined;
  return model.fees.map((f, i) => (factors[i]!.eq(ONE) ? f : { ...f, amount: f.amount.times(factors[i]!) }));
}

interface Shifted {
  term?: TermModel;
  fees: FeeModel[];
  steps: StepModel[];
  clauses: ClauseModel[];
}

/** Applies `shift` entries in the order written; fees and steps moved out of the term are dropped whole (DS607). */
function applyShift(l: Lowering, at: Path, start: Shifted, applied: string[], scenarioId: string): Shifted | undefined {
  const shift = valueAt(l.tree.root, at);
  if (!isRecord(shift)) return start;
  let { term, fees, steps, clauses } = start;
  let ok = true;
  for (const key of Object.keys(shift)) {
    const path: Path = [...at, key];
    const keySpan = l.tree.keySpanOf(path);
    const t = scalarAt(l, path);
    if (t === undefined) {
      ok = false;
      continue;
    }
    const r = readSignedDuration(t);
    if (!r.ok) {
      reportRead(l, path, r);
      ok = false;
      continue;
    }
    const { sign, duration } = r.value;
    const move = (d: Day) => addDuration(d, duration, sign);
    const dropped = (what: string) =>
      l.diagnostics.push(diagnostic("DS607", keySpan, `In scenario \`${scenarioId}\`, the shift moves ${what} out of the term: it is left out of the scenario whole.`));
    if (!term) return undefined;
    if (key === "term") {
      const newStart = move(term.start);
      const newLast = term.months !== undefined ? addDuration(newStart, { count: term.months, unit: "months", text: "" }) - 1 : move(term.last);
      const oldTerm = term;
      term = { ...term, start: newStart, last: newLast, days: newLast - newStart + 1 };
      const nextTerm = term;
      fees = fees.flatMap((f) => {
        const from = move(f.from);
        const until = f.every === "once" ? from : f.untilExplicit ? move(f.until) : f.until === oldTerm.last ? newLast : move(f.until);
        if (from < nextTerm.start || from > until || until > nextTerm.last || (f.every === "once" && !inTerm(from, nextTerm))) {
          dropped(`fee \`${f.id}\``);
          return [];
        }
        return [{ ...f, from, until }];
      });
      steps = steps.flatMap((s) => {
        const from = move(s.from);
        if (!inTerm(from, nextTerm)) {
          dropped(`the capacity step of ${formatDay(s.from)}`);
          return [];
        }
        return [{ ...s, from }];
      });
      const moved: ClauseModel[] = [];
      for (const c of clauses) {
        const noticeDay = c.notBeforeExplicit ? move(c.noticeDay) : newStart;
        if (!inTerm(noticeDay, nextTerm)) {
          l.diagnostics.push(
            diagnostic("DS609", keySpan, `In scenario \`${scenarioId}\`, the shift moves clause ${c.index + 1}'s \`not_before\` to ${formatDay(noticeDay)}, outside the term (${formatDay(nextTerm.start)} to ${formatDay(nextTerm.last)}).`),
          );
          ok = false;
          continue;
        }
        moved.push({ ...c, noticeDay, windowEnd: addDuration(noticeDay, c.notice) });
      }
      clauses = moved;
      applied.push(`shift term: ${t.trim()}`);
    } else if (key === "capacity") {
      if (steps.length === 0) {
        l.diagnostics.push(diagnostic("DS608", keySpan, "The capacity has no steps, so shifting it moves nothing: add `capacity.steps`, or remove this shift."));
        continue;
      }
      const byDay = new Map<Day, StepModel>();
      for (const s of steps) {
        const from = move(s.from);
        if (!inTerm(from, term)) {
          dropped(`the capacity step of ${formatDay(s.from)}`);
          continue;
        }
        // Steps that land on one day: the later in the file wins.
        byDay.set(from, { ...s, from });
      }
      steps = [...byDay.values()].sort((a, b) => a.from - b.from);
      applied.push(`shift capacity: ${t.trim()}`);
    } else {
      const i = fees.findIndex((f) => f.id === key);
      if (i < 0) {
        const ids = fees.map((f) => f.id);
        const guess = suggest(key, [...ids, "term", "capacity"]);
        l.diagnostics.push(
          diagnostic("DS603", keySpan, `\`shift\` names no fee \`${key}\`: write a fee id, \`capacity\` or \`term\`${guess ? `; did you mean \`${guess}\`?` : "."}`, guess ? { fixes: [{ title: `Change to \`${guess}\``, edits: [{ span: keySpan, newText: guess }] }] } : undefined),
        );
        ok = false;
        continue;
      }
      const f = fees[i]!;
      const from = move(f.from);
      const until = f.every === "once" ? from : f.until;
      if (from < term.start || from > until || from > term.last) {
        dropped(`fee \`${f.id}\``);
        fees = fees.filter((_, j) => j !== i);
      } else {
        fees = fees.map((g, j) => (j === i ? { ...g, from, until } : g));
      }
      applied.push(`shift ${key}: ${t.trim()}`);
    }
  }
  return ok ? { term, fees, steps, clauses } : undefined;
}

/** Evaluates every scenario of a deal against its lowered base model (`totalsOnly`: only what totals and NPV need). */
export function analyzeScenarios(
  tree: SyntaxTree,
  base: DealModel,
  baseDiagnostics: readonly Diagnostic[],
  options: { readonly totalsOnly?: boolean } = {},
): { results: ScenarioResult[]; diagnostics: Diagnostic[] } {
  const raw = valueAt(tree.root, ["scenarios"]);
  const diagnostics: Diagnostic[] = [];
  const results: ScenarioResult[] = [];
  if (!Array.isArray(raw)) return { results, diagnostics };
  const ids = new Map<string, Span>();
  raw.forEach((item, k) => {
    const at: Path = ["scenarios", k];
    if (!isRecord(item) || typeof item.id !== "string" || !/^[a-z0-9_-]+$/.test(item.id)) return;
    const id = item.id;
    const idSpan = tree.spanOf([...at, "id"]);
    const itemSpan = tree.spanOf(at);
    const first = ids.get(id);
    if (first) {
      diagnostics.push(diagnostic("DS600", idSpan, `Another scenario already has the id \`${id}\`: scenario ids are unique.`, { related: [{ span: first, message: `\`${id}\` is first used here` }] }));
      return;
    }
    ids.set(id, idSpan);
    const l: Lowering = { tree, diagnostics: [], complete: true };
    const applied: string[] = [];
    let errors = false;
    const result: Mutable<ScenarioResult> = { index: k, id, idSpan, itemSpan, applied, expectations: [] };
    if (typeof item.label === "string") result.label = item.label;
    if (typeof item.note === "string") result.note = item.note;
    results.push(result);

    // 1. set: the deal with the values replaced, lowered again exactly as the file would be.
    let model = base;
    const overlay = applySet(tree, at, l.diagnostics, applied);
    if (overlay) {
      const lowered = lowerDeal(overlay);
      model = lowered.model;
      const anchor = tree.keySpanOf([...at, "set"]);
      for (const d of lowered.diagnostics) {
        if (baseDiagnostics.some((b) => sameDiagnostic(b, d))) continue;
        if (within(d.span, itemSpan)) l.diagnostics.push(d);
        else if (d.severity === "error") {
          l.diagnostics.push(
            diagnostic("DS609", anchor, `In scenario \`${id}\`: ${d.message}`, { related: [{ span: d.span, message: "where the scenario's change makes this a problem" }] }),
          );
        }
      }
    }

    // 2. change, 3. shift: on the model.
    let fees = [...model.fees];
    if (item.change !== undefined) {
      const changed = applyChange(l, [...at, "change"], { ...model, fees }, applied);
      if (changed) fees = changed;
      else errors = true;
    }
    let term = model.term;
    let steps = [...(model.capacity?.steps ?? [])];
    let clauses = [...model.termination];
    if (item.shift !== undefined) {
      const shifted = applyShift(l, [...at, "shift"], { ...(term ? { term } : {}), fees, steps, clauses }, applied, id);
      if (shifted) ({ term, fees, steps, clauses } = shifted);
      else errors = true;
    }
    const next: Mutable<DealModel> = { ...model, fees, termination: clauses };
    if (term) next.term = term;
    if (model.capacity) next.capacity = { ...model.capacity, steps };
    model = next;
    result.model = model;

    // 4. exercise.
    const exercised = model.options.map((o) => o.exercised);
    if (Array.isArray(item.exercise)) {
      item.exercise.forEach((optionId, j) => {
        const i = model.options.findIndex((o) => o.id === optionId);
        if (i < 0) {
          const span = tree.spanOf([...at, "exercise", j]);
          const guess = typeof optionId === "string" ? suggest(optionId, model.options.map((o) => o.id)) : undefined;
          l.diagnostics.push(
            diagnostic("DS604", span, `There is no option \`${String(optionId)}\`${guess ? `: did you mean \`${guess}\`?` : model.options.length > 0 ? `: the options are ${model.options.map((o) => `\`${o.id}\``).join(", ")}.` : ": the deal has no `options`."}`, guess ? { fixes: [{ title: `Change to \`${guess}\``, edits: [{ span, newText: guess }] }] } : undefined),
          );
          errors = true;
          return;
        }
        exercised[i] = true;
        applied.push(`exercise ${String(optionId)}`);
      });
    }

    // 5. exit: notice on a day under a clause.
    let exit: { on: Day; clause: number } | undefined;
    if (isRecord(item.exit)) {
      const exitAt: Path = [...at, "exit"];
      const n = typeof item.exit.clause === "number" ? item.exit.clause : 1;
      const position = model.termination.findIndex((c) => c.index === n - 1);
      const onText = typeof item.exit.on === "string" ? item.exit.on.trim() : undefined;
      const parsed = onText !== undefined ? parseIsoDate(onText) : undefined;
      const on = parsed?.ok ? parsed.day : undefined;
      if (onText !== undefined && parsed !== undefined && !parsed.ok) {
        l.diagnostics.push(dateDiagnostic(tree, onText, tree.spanOf([...exitAt, "on"]), parsed));
        errors = true;
      } else if (position < 0) {
        const count = Array.isArray(valueAt(tree.root, ["termination"])) ? (valueAt(tree.root, ["termination"]) as unknown[]).length : 0;
        l.diagnostics.push(
          diagnostic("DS606", tree.spanOf(item.exit.clause === undefined ? [...exitAt] : [...exitAt, "clause"]), count === 0 ? "The deal has no termination clause to exit under: add one under `termination`." : `There is no readable termination clause ${n}: the deal has ${count} (counted from 1).`),
        );
        errors = true;
      } else if (model.fees.some((f) => f.id === TERMINATION_FEE_ID)) {
        l.diagnostics.push(diagnostic("DS610", tree.keySpanOf(exitAt), `An exit charges the clause's fee as \`${TERMINATION_FEE_ID}\`, and a fee already has that id: rename that fee.`));
        errors = true;
      } else if (on !== undefined && model.term) {
        const clause = model.termination[position]!;
        const last = optionTimeline(model.term.last, model.options, exercised).last;
        if (on < clause.noticeDay || on > last) {
          l.diagnostics.push(
            diagnostic(
              "DS605",
              tree.spanOf([...exitAt, "on"]),
              `Notice under clause ${n} can be given from ${formatDay(clause.noticeDay)} to ${formatDay(last)}: ${formatDay(on)} is ${on < clause.noticeDay ? "before" : "after"} that.`,
            ),
          );
          errors = true;
        } else {
          exit = { on, clause: position };
          applied.push(`exit on ${formatDay(on)} under clause ${n}`);
        }
      }
    }

    // The scenario's own expectations, read from its lines.
    const clauseCount = model.termination.length;
    result.expectations = item.expect !== undefined ? lowerExpectations(l, model.currency, clauseCount, [...at, "expect"]) : [];

    errors ||= l.diagnostics.some((d) => d.severity === "error");
    diagnostics.push(...l.diagnostics);
    if (errors) return;
    // `totalsOnly`: the schedule and its sums (total, years, NPV) without exit exposures, curves or option values.
    const evaluation = evaluate(model, { exercised, ...(exit ? { exit } : {}), ...(options.totalsOnly ? { totalsOnly: true, optionValues: false } : {}) });
    for (const d of evaluation.diagnostics) diagnostics.push(diagnostic("DS609", idSpan, `In scenario \`${id}\`: ${d.message}`));
    if (evaluation.figures && evaluation.diagnostics.length === 0) result.figures = evaluation.figures;
  });
  return { results, diagnostics };
}
