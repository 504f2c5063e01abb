/** `dealspec schedule FILE`: the payment schedule behind a deal's figures. */
import { parseArgs } from "node:util";
import { analyze, Decimal, formatDay, formatMoney, hasErrors, plain, toYmd, ZERO, type Analysis } from "../core";
import { figuresStatus } from "../core/features/display";
import { kindOf, readDealFile, resolveTargets } from "./files";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, plural, UsageError, type Io } from "./io";

export const SCHEDULE_USAGE = `Usage: dealspec schedule FILE [--format table|csv|json] [--by month|quarter|year]

Prints every payment of a deal: when it is paid, for which fee and period, the
amount and the running total. With --by, sums the payments per calendar month,
quarter or year, one column per fee.`;

const BUCKETS = ["month", "quarter", "year"] as const;
type Bucket = (typeof BUCKETS)[number];
const SCHEDULE_FORMATS = ["table", "csv", "json"] as const;

export interface PaymentRow {
  paid: string;
  fee: string;
  period: number;
  start: string;
  end: string;
  days: number;
  full_days: number;
  escalations: number;
  amount: string;
  cumulative: string;
}

export interface BucketRow {
  period: string;
  payments: number;
  fees: Record<string, string>;
  total: string;
  cumulative: string;
}

function bucketOf(day: number, by: Bucket): string {
  const { year, month } = toYmd(day);
  if (by === "year") return String(year);
  if (by === "quarter") return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
  return `${year}-${String(month).padStart(2, "0")}`;
}

/** Payments in paid order (ties: fee order, then period). */
function payments(a: Analysis): { fee: string; charge: NonNullable<Analysis["figures"]>["schedule"][number] }[] {
  const f = a.figures!;
  const m = a.model!;
  return f.schedule
    .map((charge) => ({ fee: m.fees[charge.fee]!.id, charge }))
    .sort((x, y) => x.charge.paid - y.charge.paid || x.charge.fee - y.charge.fee || x.charge.period - y.charge.period);
}

export function paymentRows(a: Analysis): PaymentRow[] {
  const minor = a.figures!.minor;
  let running: Decimal = ZERO;
  return payments(a).map(({ fee, charge: c }) => {
    running = running.plus(c.amount);
    return {
      paid: formatDay(c.paid),
      fee,
      period: c.period + 1,
      start: formatDay(c.start),
      end: formatDay(c.coverEnd),
      days: c.coveredDays,
      full_days: c.fullDays,
      escalations: c.escalations,
      amount: plain(c.amount, minor),
      cumulative: plain(running, minor),
    };
  });
}

export function bucketRows(a: Analysis, by: Bucket): BucketRow[] {
  const minor = a.figures!.minor;
  const feeIds = a.model!.fees.map((f) => f.id);
  const buckets = new Map<string, { payments: number; fees: Map<string, Decimal>; total: Decimal }>();
  for (const { fee, charge } of payments(a)) {
    const key = bucketOf(charge.paid, by);
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { payments: 0, fees: new Map(feeIds.map((id) => [id, ZERO])), total: ZERO }));
    b.payments++;
    b.fees.set(fee, b.fees.get(fee)!.plus(charge.amount));
    b.total = b.total.plus(charge.amount);
  }
  let running: Decimal = ZERO;
  return [...buckets].map(([period, b]) => {
    running = running.plus(b.total);
    return {
      period,
      payments: b.payments,
      fees: Object.fromEntries([...b.fees].map(([id, v]) => [id, plain(v, minor)])),
      total: plain(b.total, minor),
      cumulative: plain(running, minor),
    };
  });
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n");
}

/** A text table; `right` marks the columns aligned right (numbers). */
export function textTable(rows: readonly (readonly string[])[], right: readonly boolean[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => {
        const pad = " ".repeat(widths[i]! - [...c].length);
        return right[i] ? pad + c : c + pad;
      })
      .join("  ")
      .trimEnd();
  const [head, ...body] = rows;
  const out = [line(head!), widths.map((w) => "-".repeat(w)).join("  ")];
  for (const r of body) out.push(line(r));
  return out.join("\n");
}

export function schedule(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: "string", default: "table" }, by: { type: "string" } },
  });
  const format = values.format!;
  if (!(SCHEDULE_FORMATS as readonly string[]).includes(format)) throw new UsageError(`dealspec schedule: unknown format \`${format}\`: use table, csv or json`);
  const by = values.by as Bucket | undefined;
  if (by !== undefined && !(BUCKETS as readonly string[]).includes(by)) throw new UsageError(`dealspec schedule: --by takes month, quarter or year, not \`${by}\``);
  if (positionals.length !== 1) throw new UsageError("dealspec schedule: name exactly one deal file");
  const { files, problems } = resolveTargets(positionals, io.cwd);
  for (const p of problems) io.err(`dealspec: ${p.message}`);
  if (files.length !== 1) {
    if (files.length > 1) io.err(`dealspec schedule: ${positionals[0]} names ${files.length} deal files: name one`);
    return EXIT_USAGE;
  }
  const file = files[0]!;
  if (kindOf(file) === "portfolio") throw new UsageError(`dealspec schedule: ${file} is a portfolio file; schedules are per deal: name one of its deal files, or run \`dealspec totals ${file}\` for the portfolio's figures by year`);
  const read = readDealFile(file, io.cwd);
  if ("problem" in read) {
    io.err(`dealspec: ${read.problem}`);
    return EXIT_USAGE;
  }
  const a = analyze(read.text);
  const errors = a.diagnostics.filter((d) => d.severity === "error").length;
  const status = figuresStatus(a);
  if (!a.model || !a.figures || status.kind === "none") {
    io.err(`dealspec: ${file} has no schedule: it has ${plural(errors, "error")} (run \`dealspec lint ${file}\`), and ${status.reason!}`);
    return EXIT_ERRORS;
  }
  if (hasErrors(a.diagnostics)) {
    io.err(`dealspec: ${file} has ${plural(errors, "error")} (run \`dealspec lint ${file}\`); the schedule below leaves out what could not be read${status.partial === undefined ? "" : ` (${status.partial})`}`);
  }
  // The total row of a schedule that leaves out fees says so; the JSON carries `complete` and `excluded` as the figures JSON does.
  const totalLabel = status.kind === "partial" ? "total (partial)" : "total";
  const completeness = status.complete ? { complete: true } : { complete: false, excluded: status.excluded };
  const f = a.figures;
  const money = (v: string) => formatMoney(new Decimal(v), f.currency);
  const feeIds = a.model.fees.map((fee) => fee.id);

  if (by === undefined) {
    const rows = paymentRows(a);
    if (format === "json") {
      io.out(JSON.stringify({ deal: a.model.id ?? null, currency: f.currency, by: "payment", total: plain(f.total, f.minor), ...completeness, rows }, null, 2));
    } else if (format === "csv") {
      const head = ["paid", "fee", "period", "start", "end", "days", "full_days", "escalations", "amount", "cumulative"];
      io.out(csv([head, ...rows.map((r) => [r.paid, r.fee, String(r.period), r.start, r.end, String(r.days), String(r.full_days), String(r.escalations), r.amount, r.cumulative])]));
    } else {
      const head = ["paid", "fee", "period", "covers", "days", "amount", "cumulative"];
      const body = rows.map((r) => [r.paid, r.fee, `#${r.period}`, r.start === r.end ? r.start : `${r.start} .. ${r.end}`, r.days === r.full_days ? String(r.days) : `${r.days}/${r.full_days}`, money(r.amount), money(r.cumulative)]);
      io.out(`${file}: ${a.model.id ?? "(no deal id)"}, ${plural(rows.length, "payment")}, ${f.currency}`);
      io.out(textTable([head, ...body, [totalLabel, "", "", "", "", money(plain(f.total, f.minor)), ""]], [false, false, true, false, true, true, true]));
    }
    return errors > 0 ? EXIT_ERRORS : EXIT_OK;
  }

  const rows = bucketRows(a, by);
  if (format === "json") {
    io.out(JSON.stringify({ deal: a.model.id ?? null, currency: f.currency, by, total: plain(f.total, f.minor), ...completeness, rows }, null, 2));
  } else if (format === "csv") {
    const head = [by, "payments", ...feeIds, "total", "cumulative"];
    io.out(csv([head, ...rows.map((r) => [r.period, String(r.payments), ...feeIds.map((id) => r.fees[id]!), r.total, r.cumulative])]));
  } else {
    const head = [by, "payments", ...feeIds, "total", "cumulative"];
    const body = rows.map((r) => [r.period, String(r.payments), ...feeIds.map((id) => money(r.fees[id]!)), money(r.total), money(r.cumulative)]);
    const totalRow = [totalLabel, String(rows.reduce((n, r) => n + r.payments, 0)), ...a.model.fees.map((_, i) => money(plain(f.fees[i]!.total, f.minor))), money(plain(f.total, f.minor)), ""];
    io.out(`${file}: ${a.model.id ?? "(no deal id)"}, payments by ${by}, ${f.currency}`);
    io.out(textTable([head, ...body, totalRow], [false, true, ...feeIds.map(() => true), true, true]));
  }
  return errors > 0 ? EXIT_ERRORS : EXIT_OK;
}
