/** `dealspec schedule FILE`: the payment schedule behind a deal's figures. */
import { parseArgs } from "node:util";
import { Decimal, formatMoney, hasErrors, plain } from "../core";
import { figuresStatus } from "../core/features/display";
import { bucketCsv, bucketJson, rowJson, scheduleCsv } from "../core/schedule/csv";
import { BUCKETS, dealSchedule, scheduleBuckets, type Bucket } from "../core/schedule/rows";
import { EXIT_ERRORS, EXIT_OK, plural, UsageError, type Io } from "./io";
import { loadOneDeal } from "./load";

export const SCHEDULE_USAGE = `Usage: dealspec schedule FILE [--format table|csv|json] [--by month|quarter|year]

Prints every payment of a deal: when it is paid, for which fee and period, the
amount and the running total. With --by, sums the payments per calendar month,
quarter or year, one column per fee.`;

const SCHEDULE_FORMATS = ["table", "csv", "json"] as const;

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
  const loadedDeal = loadOneDeal("schedule", positionals, io, (file) => `schedules are per deal: name one of its deal files, or run \`dealspec totals ${file}\` for the portfolio's figures by year`);
  if (typeof loadedDeal === "number") return loadedDeal;
  const { file, analysis: a } = loadedDeal;
  const errors = a.diagnostics.filter((d) => d.severity === "error").length;
  const status = figuresStatus(a);
  const view = dealSchedule(a);
  if (!a.model || !a.figures || !view) {
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
  const feeIds = view.keys;

  if (by === undefined) {
    const rows = view.rows.map((r) => rowJson(view, r));
    if (format === "json") {
      io.out(JSON.stringify({ deal: a.model.id ?? null, currency: f.currency, by: "payment", total: plain(f.total, f.minor), ...completeness, rows }, null, 2));
    } else if (format === "csv") {
      io.out(scheduleCsv(view));
    } else {
      const head = ["paid", "fee", "period", "covers", "days", "amount", "cumulative"];
      const body = rows.map((r) => [r.paid, r.fee, `#${r.period}`, r.start === r.end ? r.start : `${r.start} .. ${r.end}`, r.days === r.full_days ? String(r.days) : `${r.days}/${r.full_days}`, money(r.amount), money(r.cumulative)]);
      io.out(`${file}: ${a.model.id ?? "(no deal id)"}, ${plural(rows.length, "payment")}, ${f.currency}`);
      io.out(textTable([head, ...body, [totalLabel, "", "", "", "", money(plain(f.total, f.minor)), ""]], [false, false, true, false, true, true, true]));
    }
    return errors > 0 ? EXIT_ERRORS : EXIT_OK;
  }

  const buckets = scheduleBuckets(view, by);
  const rows = buckets.map((b) => bucketJson(view, b));
  if (format === "json") {
    io.out(JSON.stringify({ deal: a.model.id ?? null, currency: f.currency, by, total: plain(f.total, f.minor), ...completeness, rows }, null, 2));
  } else if (format === "csv") {
    io.out(bucketCsv(view, buckets, by));
  } else {
    const head = [by, "payments", ...feeIds, "total", "cumulative"];
    const body = rows.map((r) => [r.period, String(r.payments), ...feeIds.map((id) => money(r.fees[id]!)), money(r.total), money(r.cumulative)]);
    const totalRow = [totalLabel, String(rows.reduce((n, r) => n + r.payments, 0)), ...feeIds.map((id) => money(plain(view.keyTotals.get(id)!, f.minor))), money(plain(f.total, f.minor)), ""];
    io.out(`${file}: ${a.model.id ?? "(no deal id)"}, payments by ${by}, ${f.currency}`);
    io.out(textTable([head, ...body, totalRow], [false, true, ...feeIds.map(() => true), true, true]));
  }
  return errors > 0 ? EXIT_ERRORS : EXIT_OK;
}
