/**
 * `dealspec calendar [files...]`: the key dates of deals (core/keyDates.ts)
 * as an iCalendar file (RFC 5545), JSON or a table.
 *
 * iCalendar is written by ical-generator, which folds lines at 75 octets
 * without splitting a UTF-8 sequence and escapes TEXT values; this module
 * decides what the events say. Each event's UID is built from the deal id,
 * the kind and the id of what the date comes from (`KeyDate.key`), never from
 * the date or a position, so a date that moves keeps its UID. SEQUENCE is the
 * publisher's revision counter (RFC 5545 3.8.7.4): it can only rise against
 * what was published before, so the previous calendar is read back (with
 * ical.js; `--previous FILE`, or the `-o` file when it exists): an event
 * whose content (digest in X-DEALSPEC-DIGEST) is unchanged keeps its
 * SEQUENCE and DTSTAMP, a changed one gets SEQUENCE + 1, a new one 0, and an
 * event that is no longer produced is kept as STATUS:CANCELLED with
 * SEQUENCE + 1, so that it can come back later with a higher number still.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type ICALType from "ical.js";
import { formatDay, hasErrors, keyDates, LAST_DAY, LineIndex, parseIsoDate, passedDeadlines, toYmd, type Analysis, type Day, type KeyDate } from "../core";
import { resolveTargets } from "./files";
import { fileLocation } from "./host";
import { loadFiles } from "./load";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, plural, UsageError, type Io } from "./io";
import { textTable } from "./schedule";

export const CALENDAR_USAGE = `Usage: dealspec calendar [files...] [--format ics|json|table] [--alarm 30d,7d] [--today DATE] [-o FILE]

Lists the key dates of deal files (a portfolio gives those of all its deals;
no file: every deal and portfolio file under the current folder): the term's
start and end, each option's exercise deadline and the end it brings, the
earliest notice under a termination clause (not_before), each escalation
step, each capacity step and each one-time payment.

  --format ics     an iCalendar file (RFC 5545), one all-day event per date (default)
  --format json    the dates as a JSON array
  --format table   a table for reading
  --alarm LIST     reminders before each deadline of an unexercised option, as
                   days or weeks before it: 30d,7d or 2w
  --today DATE     warn about option deadlines that passed before DATE unexercised
  -o FILE          write to FILE instead of standard output; with --format ics an
                   existing FILE is the previous calendar (SEQUENCE rises on change)
  --previous FILE  the calendar published before, when it is not the -o FILE`;

const FORMATS = ["ics", "json", "table"] as const;
type Format = (typeof FORMATS)[number];

/** One deal's dates and where they come from. */
interface DealDates {
  readonly file: string;
  readonly analysis: Analysis;
  readonly dates: readonly KeyDate[];
}

/** The events' UID: deal id, kind and source id (the date's key), never the date. */
function eventUid(d: KeyDate): string {
  return `${d.deal}/${d.key}@dealspec`;
}

/** Lead times: `30d,7d,2w` to days before the date, largest first, each once. */
function parseAlarms(text: string): number[] {
  const days = new Set<number>();
  for (const part of text.split(",").map((p) => p.trim())) {
    const m = /^([0-9]{1,4})\s*(d|w)$/.exec(part);
    if (!m || Number(m[1]) === 0) throw new UsageError(`dealspec calendar: --alarm takes lead times such as 30d,7d or 2w (days or weeks before a deadline, at least 1), not \`${part}\``);
    days.add(Number(m[1]) * (m[2] === "w" ? 7 : 1));
  }
  return [...days].sort((a, b) => b - a);
}

/** Reads and analyzes the files: a portfolio's deals are each taken once, with their own file; a second file with the same deal id is left out. */
function collect(files: readonly string[], io: Io): { deals: DealDates[]; failed: boolean; errors: boolean } {
  const { loaded, failed, host } = loadFiles(files, io);
  const deals: DealDates[] = [];
  const locations = new Set<string>();
  const ids = new Map<string, string>();
  let errors = false;
  const add = (location: string, analysis: Analysis) => {
    if (locations.has(location)) return;
    locations.add(location);
    const file = host.display(location);
    if (hasErrors(analysis.diagnostics)) {
      errors = true;
      const n = analysis.diagnostics.filter((d) => d.severity === "error").length;
      io.err(`dealspec: ${file} has ${plural(n, "error")} (run \`dealspec lint ${file}\`); its dates below leave out what could not be read`);
    }
    const id = analysis.model?.id;
    if (id === undefined) {
      if (analysis.model?.term) io.err(`dealspec: ${file} has no deal id: its dates are left out (event UIDs are built from the deal id)`);
      return;
    }
    const first = ids.get(id);
    if (first !== undefined) {
      io.err(`dealspec: ${file} has the deal id \`${id}\` of ${first}: its dates are left out (event UIDs are built from the deal id)`);
      return;
    }
    ids.set(id, file);
    deals.push({ file, analysis, dates: keyDates(analysis) });
  };
  for (const l of loaded) {
    if (l.kind === "deal") {
      add(fileLocation(l.file, io.cwd), l.analysis);
      continue;
    }
    if (hasErrors(l.analysis.diagnostics)) {
      errors = true;
      io.err(`dealspec: ${l.file} has errors (run \`dealspec lint ${l.file}\`); the dates below are those of the deals it could read`);
    }
    for (const d of l.analysis.deals) add(d.location, d.analysis);
  }
  return { deals, failed, errors };
}

interface Entry {
  readonly date: KeyDate;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

function entries(deals: readonly DealDates[]): Entry[] {
  const out: Entry[] = [];
  for (const d of deals) {
    const lines = new LineIndex(d.analysis.text);
    for (const date of d.dates) {
      const p = lines.position(date.span.start);
      out.push({ date, file: d.file, line: p.line + 1, column: p.character + 1 });
    }
  }
  // Date order across deals; within a day the order the deals and their dates came in.
  return out.map((e, i) => ({ e, i })).sort((x, y) => x.e.date.date - y.e.date.date || x.i - y.i).map((x) => x.e);
}

function sourceJson(d: KeyDate): Record<string, string | number> {
  const s = d.source;
  switch (s.type) {
    case "term":
      return { term: d.kind === "term-start" ? "start" : "end" };
    case "fee":
      return { fee: s.id };
    case "option":
      return { option: s.id };
    case "clause":
      return { clause: s.position };
    case "step":
      return { step: s.position };
  }
}

/** What a previously published event was. */
interface PreviousEvent {
  readonly sequence: number;
  readonly stamp?: Date;
  readonly digest?: string;
  readonly cancelled: boolean;
  readonly summary: string;
  readonly start?: Day;
}

/** The events of a previously published calendar, by UID; throws a UsageError when the text is not iCalendar. */
async function readPrevious(text: string, file: string): Promise<Map<string, PreviousEvent>> {
  // Loaded when needed: the command line starts without the iCalendar libraries.
  const { default: ICAL } = (await import("ical.js")) as { default: typeof ICALType };
  let root: InstanceType<typeof ICAL.Component>;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (e) {
    throw new UsageError(`dealspec calendar: ${file} is not an iCalendar file (${(e as Error).message}); name another -o file, or the previous calendar with --previous`);
  }
  const out = new Map<string, PreviousEvent>();
  for (const ev of root.getAllSubcomponents("vevent")) {
    const uid = ev.getFirstPropertyValue("uid");
    if (typeof uid !== "string") continue;
    const seq = Number(ev.getFirstPropertyValue("sequence") ?? 0);
    const stamp = ev.getFirstPropertyValue("dtstamp");
    const start = ev.getFirstPropertyValue("dtstart");
    const digest = ev.getFirstPropertyValue("x-dealspec-digest");
    const status = ev.getFirstPropertyValue("status");
    const summary = ev.getFirstPropertyValue("summary");
    const e: { -readonly [K in keyof PreviousEvent]: PreviousEvent[K] } = {
      sequence: Number.isInteger(seq) && seq >= 0 ? seq : 0,
      cancelled: typeof status === "string" && status.toUpperCase() === "CANCELLED",
      summary: typeof summary === "string" ? summary : uid,
    };
    if (stamp instanceof ICAL.Time) e.stamp = stamp.toJSDate();
    if (start instanceof ICAL.Time) {
      const parsed = parseIsoDate(`${String(start.year).padStart(4, "0")}-${String(start.month).padStart(2, "0")}-${String(start.day).padStart(2, "0")}`);
      if (parsed.ok) e.start = parsed.day;
    }
    if (typeof digest === "string") e.digest = digest;
    out.set(uid, e);
  }
  return out;
}

/** A JavaScript date at midnight UTC of a day: ical-generator writes all-day dates from their UTC fields. */
/**
 * An all-day event's DTEND, the day after it; none for an event on
 * 9999-12-31, whose next day has no four-digit year (RFC 5545: without DTEND
 * an all-day event lasts the one day).
 */
function endOf(d: Day): Date | null {
  return d < LAST_DAY ? utcDate(d + 1) : null;
}

function utcDate(d: Day): Date {
  const { year, month, day } = toYmd(d);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

/** The event's significant content, hashed: what a subscriber would see change. */
function digestOf(parts: readonly unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32);
}

/** The iCalendar text of the entries: CRLF line ends, the last line ended too. */
async function icsText(list: readonly Entry[], alarms: readonly number[], previous: ReadonlyMap<string, PreviousEvent>, now: Date): Promise<string> {
  const { default: ical, ICalAlarmType, ICalEventStatus, ICalEventTransparency } = await import("ical-generator");
  const cal = ical({ prodId: { company: "Dealspec", product: "dealspec calendar", language: "EN" }, name: "Dealspec key dates" });
  const made = new Set<string>();
  for (const { date: d } of list) {
    const uid = eventUid(d);
    if (made.has(uid)) continue;
    made.add(uid);
    const leads = d.deadline ? alarms : [];
    const description = d.detail;
    const digest = digestOf([formatDay(d.date), d.summary, description, d.kind, leads]);
    const before = previous.get(uid);
    const unchanged = before !== undefined && !before.cancelled && before.digest === digest;
    const sequence = before === undefined ? 0 : unchanged ? before.sequence : before.sequence + 1;
    const event = cal.createEvent({
      id: uid,
      sequence,
      stamp: unchanged && before.stamp ? before.stamp : now,
      start: utcDate(d.date),
      end: endOf(d.date),
      allDay: true,
      summary: d.summary,
      description,
      transparency: ICalEventTransparency.TRANSPARENT,
      categories: [{ name: d.kind }],
      x: [
        { key: "X-DEALSPEC-DEAL", value: d.deal },
        { key: "X-DEALSPEC-KIND", value: d.kind },
        { key: "X-DEALSPEC-DIGEST", value: digest },
      ],
    });
    for (const days of leads) {
      event.createAlarm({ type: ICalAlarmType.display, triggerBefore: days * 86_400, description: `${d.summary} (in ${plural(days, "day")})` });
    }
  }
  // Events published before and no longer produced: cancelled once (SEQUENCE + 1), then carried as they are.
  for (const [uid, before] of [...previous].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (made.has(uid) || before.start === undefined) continue;
    cal.createEvent({
      id: uid,
      sequence: before.cancelled ? before.sequence : before.sequence + 1,
      stamp: before.cancelled && before.stamp ? before.stamp : now,
      start: utcDate(before.start),
      end: endOf(before.start),
      allDay: true,
      summary: before.summary,
      status: ICalEventStatus.CANCELLED,
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return `${cal.toString()}\r\n`;
}

/** The time written as DTSTAMP of new and changed events: SOURCE_DATE_EPOCH (seconds) when set, for reproducible files, else now. */
function stampTime(io: Io): Date {
  const epoch = io.env?.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^[0-9]+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date();
}

export async function calendar(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: "string", default: "ics" },
      alarm: { type: "string" },
      today: { type: "string" },
      output: { type: "string", short: "o" },
      previous: { type: "string" },
    },
  });
  const format = values.format as Format;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`dealspec calendar: unknown format \`${format}\`: use ics, json or table`);
  const alarms = values.alarm === undefined ? [] : parseAlarms(values.alarm);
  let today: Day | undefined;
  if (values.today !== undefined) {
    const p = parseIsoDate(values.today);
    if (!p.ok) throw new UsageError(`dealspec calendar: --today takes a date written YYYY-MM-DD (${p.detail}), not \`${values.today}\``);
    today = p.day;
  }
  if (values.previous !== undefined && format !== "ics") throw new UsageError("dealspec calendar: --previous applies to --format ics only");
  const { files, problems } = resolveTargets(positionals, io.cwd, { portfolios: true });
  for (const p of problems) io.err(`dealspec: ${p.message}`);
  if (files.length === 0 && problems.length === 0) io.err("dealspec: no deal or portfolio files (*.deal.yaml, *.portfolio.yaml) here");
  const { deals, failed, errors } = collect(files, io);
  const list = entries(deals);

  if (today !== undefined) {
    for (const d of deals) {
      const lines = new LineIndex(d.analysis.text);
      for (const k of passedDeadlines(d.dates, today)) {
        const p = lines.position(k.span.start);
        io.err(`${d.file}:${p.line + 1}:${p.character + 1}: warning: the last day to exercise ${k.source.type === "option" ? k.source.id : k.key} was ${formatDay(k.date)}, before ${formatDay(today)}, and the file does not exercise it (set \`exercised: true\` if it was, or remove the option)`);
      }
    }
  }

  let text: string;
  if (format === "json") {
    text = JSON.stringify(
      list.map(({ date: d, file, line, column }) => ({
        date: formatDay(d.date),
        kind: d.kind,
        deal: d.deal,
        source: sourceJson(d),
        summary: d.summary,
        detail: d.detail,
        deadline: d.deadline,
        ...(d.exercised === undefined ? {} : { exercised: d.exercised }),
        uid: eventUid(d),
        file,
        line,
        column,
      })),
      null,
      2,
    );
  } else if (format === "table") {
    const body = list.map(({ date: d, file, line }) => [formatDay(d.date), d.kind, d.summary, `${file}:${line}`]);
    text = list.length === 0 ? "No key dates." : textTable([["date", "kind", "what", "where"], ...body], [false, false, false, false]);
  } else {
    const out = values.output;
    const previousFile = values.previous ?? (out !== undefined && existsSync(path.resolve(io.cwd, out)) ? out : undefined);
    let previous = new Map<string, PreviousEvent>();
    if (previousFile !== undefined) {
      let prevText: string;
      try {
        prevText = readFileSync(path.resolve(io.cwd, previousFile), "utf8");
      } catch (e) {
        io.err(`dealspec: cannot read the previous calendar ${previousFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        return EXIT_USAGE;
      }
      previous = await readPrevious(prevText, previousFile);
      // A file that could not be read would have its events cancelled in every subscribed calendar: write nothing instead.
      if (failed || problems.length > 0) {
        io.err(`dealspec: ${out ?? "the calendar"} not written: some files could not be read, and the events of the previous calendar that they give would be cancelled`);
        return EXIT_USAGE;
      }
    }
    text = await icsText(list, alarms, previous, stampTime(io));
  }

  if (values.output !== undefined) {
    try {
      writeFileSync(path.resolve(io.cwd, values.output), format === "ics" ? text : `${text}\n`, "utf8");
    } catch (e) {
      io.err(`dealspec: cannot write ${values.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return EXIT_USAGE;
    }
    io.err(`dealspec: wrote ${plural(list.length, "key date")} to ${values.output}`);
  } else if (format === "ics") {
    // Io.out adds an LF: with the calendar's last CR, its last line ends with CRLF too.
    io.out(text.slice(0, -1));
  } else {
    io.out(text);
  }
  if (problems.length > 0 || failed) return EXIT_USAGE;
  return errors ? EXIT_ERRORS : EXIT_OK;
}
