/**
 * Calendar dates as whole day numbers (days since 1970-01-01, proleptic
 * Gregorian), with the month arithmetic of the language: months are added to
 * the year and month, and the day is clamped to the target month's last day.
 */

export type Day = number;

export interface Ymd {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number; // 1..31
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

/** Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
export function fromYmd(year: number, month: number, day: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function toYmd(d: Day): Ymd {
  const z = d + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** `d` plus `n` calendar months, the day clamped to the month's last day. */
export function addMonths(d: Day, n: number): Day {
  const { year, month, day } = toYmd(d);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return fromYmd(y, m, Math.min(day, daysInMonth(y, m)));
}

/**
 * The first and last day of the calendar Dealspec computes on: dates are
 * written with four-digit years, so a date the engine derives (a term's last
 * day from `months`, an extension, a shifted date, a notice window's end) must
 * stay inside it, or it is an error (DS330) rather than a five-digit year.
 */
export const FIRST_DAY: Day = fromYmd(1, 1, 1);
export const LAST_DAY: Day = fromYmd(9999, 12, 31);

/** True when `d` lies between 0001-01-01 and 9999-12-31. */
export function inCalendar(d: Day): boolean {
  return d >= FIRST_DAY && d <= LAST_DAY;
}

export function formatDay(d: Day): string {
  const { year, month, day } = toYmd(d);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function yearOf(d: Day): number {
  return toYmd(d).year;
}

/** `YYYY-MM` of a day, the key of its calendar month. */
export function monthKey(d: Day): string {
  return formatDay(d).slice(0, 7);
}

/** `YYYY-MM` of a month index (year x 12 + month - 1). */
export function formatMonthIndex(index: number): string {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, "0")}-${String(index - year * 12 + 1).padStart(2, "0")}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type DateParse =
  | { ok: true; day: Day }
  | {
      ok: false;
      reason: "format" | "calendar";
      detail: string;
      /** For a day past the end of its month (`2027-02-30`): that month's last day, `2027-02-28`. */
      lastDay?: string;
    };

/** Parses `YYYY-MM-DD`, rejecting dates that are not on the calendar. */
export function parseIsoDate(text: string): DateParse {
  const m = ISO_DATE.exec(text);
  if (!m) return { ok: false, reason: "format", detail: "expected a date written YYYY-MM-DD" };
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1) return { ok: false, reason: "calendar", detail: "year 0000 is not a calendar year" };
  if (month < 1 || month > 12) return { ok: false, reason: "calendar", detail: `month ${m[2]} does not exist` };
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    const detail = `${m[1]}-${m[2]} has ${last} days`;
    return day > last ? { ok: false, reason: "calendar", detail, lastDay: `${m[1]}-${m[2]}-${String(last)}` } : { ok: false, reason: "calendar", detail };
  }
  return { ok: true, day: fromYmd(year, month, day) };
}
