/**
 * Lowering what a party may invoke: termination clauses (notice windows and
 * fees) and options to extend (their deadlines and reprices), with `by`
 * checked against the deal's parties.
 */
import { diagnostic, suggest, type Span } from "../diagnostics";
import { FIRST_DAY, formatDay, LAST_DAY, type Day } from "../dates";
import { addDuration, optionTimeline } from "../extension";
import { ZERO } from "../money";
import { isRecord, valueAt, type Path } from "../syntax";
import { isId, quoted, readSignedPercent } from "../values";
import { provenance, readDateAt, readDurationAt, readMoneyAt, reportRead, scalarAt, type Lowering } from "./readers";
import type { ClauseModel, Mutable, OptionModel, TermModel } from "./types";

/** Reads `by`: a role, a list of roles, or `either` (DS309 on an unknown role). */
function lowerRoles(l: Lowering, path: Path, roles: readonly string[]): { roles: string[]; byText: string } | undefined {
  const raw = valueAt(l.tree.root, path);
  if (!isRecord(raw)) return undefined;
  let byOk = true;
  const by = raw.by;
  const byList = typeof by === "string" ? [by] : Array.isArray(by) && by.every((b) => typeof b === "string") ? (by as string[]) : undefined;
  if (!byList) byOk = false;
  const resolved: string[] = [];
  byList?.forEach((role, j) => {
    if (role === "either") {
      resolved.push("buyer", "provider");
      return;
    }
    if (!roles.includes(role)) {
      const rolePath: Path = typeof by === "string" ? [...path, "by"] : [...path, "by", j];
      const span = l.tree.spanOf(rolePath);
      const guess = suggest(role, [...roles, "either"]);
      l.diagnostics.push(
        diagnostic("DS309", span, `\`${role}\` is not a party of this deal: write ${[...roles, "either"].map((r) => `\`${r}\``).join(", ")}${guess ? ` (did you mean \`${guess}\`?)` : ""}.`, guess ? { fixes: [{ title: `Change to \`${guess}\``, edits: [{ span, newText: guess }] }] } : undefined),
      );
      byOk = false;
      return;
    }
    resolved.push(role);
  });
  return byOk ? { roles: [...new Set(resolved)], byText: typeof by === "string" ? by : (byList ?? []).join(", ") } : undefined;
}

/** Reads termination clause `i`: its notice window from its earliest notice day, and its fee (DS307 when the window runs past `finalLast`). */
export function lowerClause(l: Lowering, i: number, term: TermModel | undefined, currency: string | undefined, roles: readonly string[], finalLast: Day | undefined): ClauseModel | undefined {
  const path: Path = ["termination", i];
  const raw = valueAt(l.tree.root, path);
  if (!isRecord(raw)) return undefined;
  const by = lowerRoles(l, path, roles);
  const notice = readDurationAt(l, [...path, "notice"]);
  const fee = raw.fee === undefined ? ZERO : readMoneyAt(l, [...path, "fee"], currency);
  let noticeDay: Day | undefined = term?.start;
  if (raw.not_before !== undefined) {
    noticeDay = readDateAt(l, [...path, "not_before"]);
    if (noticeDay !== undefined && term && (noticeDay < term.start || noticeDay > term.last)) {
      l.diagnostics.push(diagnostic("DS308", l.tree.spanOf([...path, "not_before"]), `\`not_before\` ${formatDay(noticeDay)} is outside the term (${formatDay(term.start)} to ${formatDay(term.last)}).`));
      noticeDay = undefined;
    }
  }
  if (by === undefined || notice === undefined || fee === undefined || noticeDay === undefined || term === undefined) return undefined;
  const windowEnd = addDuration(noticeDay, notice);
  const noticeSpan = l.tree.spanOf([...path, "notice"]);
  const last = finalLast ?? term.last;
  if (windowEnd - 1 > LAST_DAY) {
    l.diagnostics.push(diagnostic("DS330", noticeSpan, `Notice of ${quoted(notice.text)} given on ${formatDay(noticeDay)} runs past 9999-12-31, the last date Dealspec computes (dates have four-digit years): shorten the notice.`));
    return undefined;
  }
  if (windowEnd - 1 > last) {
    l.diagnostics.push(
      diagnostic(
        "DS307",
        noticeSpan,
        `Notice of ${notice.text} given on ${formatDay(noticeDay)} runs to ${formatDay(windowEnd - 1)}, past the term's last day (${formatDay(last)}); exit exposure counts the window up to the term's end only.`,
      ),
    );
  }
  return {
    ...provenance(l, path),
    index: i,
    roles: by.roles,
    byText: by.byText,
    notice,
    noticeSpan,
    fee,
    hasFee: raw.fee !== undefined,
    noticeDay,
    notBeforeExplicit: raw.not_before !== undefined,
    windowEnd,
    itemSpan: l.tree.spanOf(path),
    keySpan: l.tree.keySpanOf(path),
  };
}

/**
 * Leaves out (DS330) each option whose last day if exercised would pass
 * 9999-12-31, or whose deadline would fall outside 0001-01-01..9999-12-31,
 * with the options before it as written.
 */
function dropPastCalendar(l: Lowering, term: TermModel, options: OptionModel[]): void {
  let last = term.last;
  for (let i = 0; i < options.length; i++) {
    const o = options[i]!;
    const path: Path = ["options", o.index];
    const after = addDuration(last + 1, o.extend) - 1;
    const deadline = addDuration(last + 1, o.notice, -1);
    // The day after `last` starts the extension and sets the deadline: it needs a date too (`extend: 0 days` from 9999-12-31).
    const past = after > LAST_DAY || last >= LAST_DAY;
    if (!past && deadline >= FIRST_DAY) {
      if (o.exercised) last = after;
      continue;
    }
    const message = past
      ? `its extension of ${quoted(o.extend.text)} after ${formatDay(last)} would run the term past 9999-12-31`
      : `its deadline, ${quoted(o.notice.text)} before the day after ${formatDay(last)}, falls before 0001-01-01`;
    l.diagnostics.push(diagnostic("DS330", past ? l.tree.spanOf([...path, "extend"]) : o.noticeSpan, `Option \`${o.id}\`: ${message}, outside the dates Dealspec computes (dates have four-digit years).`));
    options.splice(i--, 1);
  }
}

/** Reads the readable options to extend, in file order (DS327 on a repeated id, DS328 on a deadline before the term starts). */
export function lowerOptions(l: Lowering, term: TermModel | undefined, roles: readonly string[]): OptionModel[] {
  const raw = valueAt(l.tree.root, ["options"]);
  if (!Array.isArray(raw)) return [];
  const out: OptionModel[] = [];
  const ids = new Map<string, Span>();
  raw.forEach((item, i) => {
    const path: Path = ["options", i];
    if (!isRecord(item)) return;
    const id = isId(item.id) ? item.id : undefined;
    const idSpan = l.tree.spanOf([...path, "id"]);
    let ok = id !== undefined;
    if (id !== undefined) {
      const first = ids.get(id);
      if (first) {
        l.diagnostics.push(diagnostic("DS327", idSpan, `Another option already has the id \`${id}\`: option ids are unique.`, { related: [{ span: first, message: `\`${id}\` is first used here` }] }));
        ok = false;
      } else ids.set(id, idSpan);
    }
    const by = lowerRoles(l, path, roles);
    const extend = readDurationAt(l, [...path, "extend"]);
    const notice = readDurationAt(l, [...path, "notice"]);
    let reprice = ZERO;
    if (item.reprice !== undefined) {
      const t = scalarAt(l, [...path, "reprice"]);
      // A YAML number is refused whatever its text (`+5`, `0.05`): YAML drops the sign, and a fraction would be ambiguous.
      const r = t === undefined || typeof item.reprice === "number" ? undefined : readSignedPercent(t, "DS233");
      if (r?.ok) reprice = r.value;
      else {
        if (typeof item.reprice === "number" && t !== undefined) {
          l.diagnostics.push(diagnostic("DS233", l.tree.spanOf([...path, "reprice"]), `Write \`reprice\` as text with its sign and \`%\`, such as \`"+5%"\`: YAML reads \`${t}\` as a number and drops its sign.`));
        } else if (r) reportRead(l, [...path, "reprice"], r);
        ok = false;
      }
    }
    if (!ok || by === undefined || extend === undefined || notice === undefined) return;
    const option: Mutable<OptionModel> = {
      ...provenance(l, path),
      index: i,
      id: id!,
      idSpan,
      itemSpan: l.tree.spanOf(path),
      extend,
      notice,
      noticeSpan: l.tree.spanOf([...path, "notice"]),
      roles: by.roles,
      byText: by.byText,
      exercised: item.exercised === true,
      reprice,
    };
    if (typeof item.label === "string") option.label = item.label;
    out.push(option);
  });
  if (term) {
    dropPastCalendar(l, term, out);
    const { steps } = optionTimeline(term.last, out, out.map((o) => o.exercised));
    steps.forEach((step, i) => {
      if (step.deadline < term.start) {
        const o = out[i]!;
        l.diagnostics.push(
          diagnostic("DS328", o.noticeSpan, `Option \`${o.id}\` must be exercised by ${formatDay(step.deadline)} (${o.notice.text} before ${formatDay(step.lastBefore + 1)}), before the term starts on ${formatDay(term.start)}: shorten the notice.`),
        );
      }
    });
  }
  return out;
}
