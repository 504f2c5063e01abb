/**
 * What a scenario changes on the model, in the language's order after `set`:
 * `change` (amounts and prices by a percentage), `shift` (dates), `exercise`
 * (options) and `exit` (notice under a clause on a day). Problems are
 * reported on the scenario's lines (DS602-DS611).
 */
import { formatDay, inCalendar, parseIsoDate, type Day } from "../dates";
import { diagnostic, suggest, type Diagnostic } from "../diagnostics";
import { TERMINATION_FEE_ID } from "../evaluate";
import { addDuration, optionTimeline } from "../extension";
import { ONE, type Decimal } from "../money";
import { dateDiagnostic, reportRead, scalarAt, type Lowering } from "../model/readers";
import type { ClauseModel, DealModel, FeeModel, Mutable, StepModel, TermModel } from "../model/types";
import { isRecord, valueAt, type Path } from "../syntax";
import { isId, quoted, readSignedDuration, readSignedPercent } from "../values";

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
    // A date moved outside 0001-01-01..9999-12-31 undoes this entry (and what it reported) for one DS330.
    const before = { mark: l.diagnostics.length, applied: applied.length, term, fees, steps, clauses };
    let outside = false;
    const move = (d: Day) => {
      const moved = addDuration(d, duration, sign);
      if (!inCalendar(moved)) outside = true;
      return moved;
    };
    const dropped = (what: string) =>
      l.diagnostics.push(diagnostic("DS607", keySpan, `In scenario \`${scenarioId}\`, the shift moves ${what} out of the term: it is left out of the scenario whole.`));
    if (!term) return undefined;
    if (key === "term") {
      const newStart = move(term.start);
      const newLast = term.months !== undefined ? addDuration(newStart, { count: term.months, unit: "months", text: "" }) - 1 : move(term.last);
      if (!inCalendar(newLast)) outside = true;
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
        const windowEnd = addDuration(noticeDay, c.notice);
        if (!inCalendar(windowEnd - 1)) outside = true;
        moved.push({ ...c, noticeDay, windowEnd });
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
    if (outside) {
      l.diagnostics.length = before.mark;
      applied.length = before.applied;
      ({ term, fees, steps, clauses } = before);
      const what = key === "term" ? "the deal" : key === "capacity" ? "the capacity steps" : `fee \`${key}\``;
      l.diagnostics.push(diagnostic("DS330", l.tree.spanOf(path), `In scenario \`${scenarioId}\`, the shift of ${quoted(t.trim())} moves ${what} ${sign > 0 ? "past 9999-12-31" : "before 0001-01-01"}, outside the dates Dealspec computes (dates have four-digit years).`));
      ok = false;
    }
  }
  return ok ? { term, fees, steps, clauses } : undefined;
}

/** `change`, then `shift`, on the model (`errors`: one of them could not be applied). */
export function changeAndShift(l: Lowering, at: Path, item: Record<string, unknown>, model: DealModel, applied: string[], id: string): { model: DealModel; errors: boolean } {
  let errors = false;
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
  return { model: next, errors };
}

/** The ids of the options the file writes, in file order. */
function writtenOptionIds(l: Lowering): string[] {
  const raw = valueAt(l.tree.root, ["options"]);
  return Array.isArray(raw) ? raw.flatMap((item) => (isRecord(item) && isId(item.id) ? [item.id] : [])) : [];
}

/**
 * Why the file's option `id` is not in the model: lowering left it out, with
 * an error on its lines among `diagnostics` (DS330 when its dates pass
 * 9999-12-31); undefined when the file has no such option, or none left out.
 */
function leftOut(l: Lowering, id: string, diagnostics: readonly Diagnostic[]): Diagnostic | undefined {
  const raw = valueAt(l.tree.root, ["options"]);
  if (!Array.isArray(raw)) return undefined;
  const k = raw.findIndex((item) => isRecord(item) && item.id === id);
  if (k < 0) return undefined;
  const span = l.tree.spanOf(["options", k]);
  const on = diagnostics.filter((d) => d.severity === "error" && d.span.start >= span.start && d.span.end <= span.end);
  return on.find((d) => d.code === "DS330") ?? on[0];
}

/**
 * `exercise`: which options the scenario exercises, by position in the model's
 * options (DS604 for an id that is not one; DS330 for an option lowering left
 * out because its dates pass 9999-12-31, found among `baseDiagnostics`).
 */
export function applyExercise(l: Lowering, at: Path, exercise: unknown, model: DealModel, applied: string[], baseDiagnostics: readonly Diagnostic[] = []): { exercised: boolean[]; errors: boolean } {
  let errors = false;
  const exercised = model.options.map((o) => o.exercised);
  if (Array.isArray(exercise)) {
    exercise.forEach((optionId, j) => {
      const i = model.options.findIndex((o) => o.id === optionId);
      if (i < 0) {
        const span = l.tree.spanOf([...at, "exercise", j]);
        const error = typeof optionId === "string" ? leftOut(l, optionId, baseDiagnostics) : undefined;
        if (error) {
          const related = [{ span: error.span, message: error.code === "DS330" ? "the option's date outside the calendar" : "the error on the option" }];
          l.diagnostics.push(
            error.code === "DS330"
              ? diagnostic("DS330", span, `Option \`${optionId}\` cannot be exercised: its dates fall outside 0001-01-01 to 9999-12-31, the dates Dealspec computes, so the deal leaves it out (see the error on the option).`, { related })
              : diagnostic("DS604", span, `Option \`${optionId}\` has errors, so the deal leaves it out: fix the option first.`, { related }),
          );
          errors = true;
          return;
        }
        // The ids the file writes (an option left out for its errors is still one: its own error says why).
        const ids = [...new Set([...model.options.map((o) => o.id), ...writtenOptionIds(l)])];
        const guess = typeof optionId === "string" ? suggest(optionId, ids) : undefined;
        l.diagnostics.push(
          diagnostic("DS604", span, `There is no option \`${String(optionId)}\`${guess ? `: did you mean \`${guess}\`?` : ids.length > 0 ? `: the options are ${ids.map((o) => `\`${o}\``).join(", ")}.` : ": the deal has no `options`."}`, guess ? { fixes: [{ title: `Change to \`${guess}\``, edits: [{ span, newText: guess }] }] } : undefined),
        );
        errors = true;
        return;
      }
      exercised[i] = true;
      applied.push(`exercise ${String(optionId)}`);
    });
  }
  return { exercised, errors };
}

/** `exit`: notice under a clause on a day (DS605, DS606, DS610). */
export function applyExit(l: Lowering, at: Path, raw: unknown, model: DealModel, exercised: readonly boolean[], applied: string[]): { exit?: { on: Day; clause: number }; errors: boolean } {
  let errors = false;
  let exit: { on: Day; clause: number } | undefined;
  if (isRecord(raw)) {
    const exitAt: Path = [...at, "exit"];
    const n = typeof raw.clause === "number" ? raw.clause : 1;
    const position = model.termination.findIndex((c) => c.index === n - 1);
    const onText = typeof raw.on === "string" ? raw.on.trim() : undefined;
    const parsed = onText !== undefined ? parseIsoDate(onText) : undefined;
    const on = parsed?.ok ? parsed.day : undefined;
    if (onText !== undefined && parsed !== undefined && !parsed.ok) {
      l.diagnostics.push(dateDiagnostic(l.tree, onText, l.tree.spanOf([...exitAt, "on"]), parsed));
      errors = true;
    } else if (position < 0) {
      const count = Array.isArray(valueAt(l.tree.root, ["termination"])) ? (valueAt(l.tree.root, ["termination"]) as unknown[]).length : 0;
      l.diagnostics.push(
        diagnostic("DS606", l.tree.spanOf(raw.clause === undefined ? [...exitAt] : [...exitAt, "clause"]), count === 0 ? "The deal has no termination clause to exit under: add one under `termination`." : `There is no readable termination clause ${n}: the deal has ${count} (counted from 1).`),
      );
      errors = true;
    } else if (model.fees.some((f) => f.id === TERMINATION_FEE_ID)) {
      l.diagnostics.push(diagnostic("DS610", l.tree.keySpanOf(exitAt), `An exit charges the clause's fee as \`${TERMINATION_FEE_ID}\`, and a fee already has that id: rename that fee.`));
      errors = true;
    } else if (on !== undefined && model.term) {
      const clause = model.termination[position]!;
      const last = optionTimeline(model.term.last, model.options, exercised).last;
      if (on < clause.noticeDay || on > last) {
        l.diagnostics.push(
          diagnostic(
            "DS605",
            l.tree.spanOf([...exitAt, "on"]),
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
  return exit ? { exit, errors } : { errors };
}
