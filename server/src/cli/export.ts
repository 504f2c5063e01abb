/**
 * `dealspec export FILE --format xlsx|focus`: a deal for the tools deal teams
 * already use (docs/exports.md): an Excel workbook (xlsx.ts), or the FinOps
 * FOCUS 1.3 Contract Commitment rows as CSV (core/focus.ts).
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { hasErrors } from "../core";
import { figuresStatus } from "../core/features/display";
import { focusCsv, focusRows } from "../core/focus";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, plural, UsageError, type Io } from "./io";
import { loadOneDeal } from "./load";

export const EXPORT_USAGE = `Usage: dealspec export FILE --format xlsx|focus [-o OUT]

Exports one deal file.

  --format xlsx    an Excel workbook: Summary (figures, by basis, fees, exit
                   exposures, options, scenarios), Schedule (one row per charge),
                   By Year and By Month (formulas over the Schedule sheet);
                   written to OUT, default the deal file's name with .xlsx
  --format focus   the deal's commitments as FinOps FOCUS 1.3 Contract
                   Commitment rows (CSV), one per charge; standard output
                   unless -o OUT is given
  -o, --output OUT the file to write`;

const FORMATS = ["xlsx", "focus"] as const;

/** The time a workbook says it was made: SOURCE_DATE_EPOCH (seconds) when set, for reproducible files, else now. */
function createdTime(io: Io): Date {
  const epoch = io.env?.SOURCE_DATE_EPOCH;
  return epoch !== undefined && /^[0-9]+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
}

export async function exportCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: "string" }, output: { type: "string", short: "o" } } });
  const format = values.format;
  if (format === undefined) throw new UsageError("dealspec export: name a format: --format xlsx or --format focus");
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`dealspec export: unknown format \`${format}\`: use xlsx or focus`);
  const loadedDeal = loadOneDeal("export", positionals, io, () => "exports are per deal: name one of its deal files");
  if (typeof loadedDeal === "number") return loadedDeal;
  const { file, analysis: a } = loadedDeal;
  const errors = a.diagnostics.filter((d) => d.severity === "error").length;
  const status = figuresStatus(a);
  if (!a.model || !a.figures || status.kind === "none") {
    io.err(`dealspec: ${file} has nothing to export: it has ${plural(errors, "error")} (run \`dealspec lint ${file}\`), and ${status.reason!}`);
    return EXIT_ERRORS;
  }
  if (hasErrors(a.diagnostics)) {
    io.err(`dealspec: ${file} has ${plural(errors, "error")} (run \`dealspec lint ${file}\`); the export leaves out what could not be read${status.partial === undefined ? "" : ` (${status.partial})`}`);
  }
  const write = (target: string, data: string | Buffer): boolean => {
    try {
      writeFileSync(path.resolve(io.cwd, target), data);
      return true;
    } catch (e) {
      io.err(`dealspec: cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return false;
    }
  };

  if (format === "focus") {
    const rows = focusRows(a)!;
    const csv = focusCsv(rows);
    if (values.output === undefined) io.out(csv);
    else if (!write(values.output, `${csv}\r\n`)) return EXIT_USAGE;
    else io.err(`dealspec: wrote ${plural(rows.length, "FOCUS row")} to ${values.output}`);
    return errors > 0 ? EXIT_ERRORS : EXIT_OK;
  }

  const target = values.output ?? `${path.basename(file).replace(/\.deal\.ya?ml$|\.ya?ml$/, "")}.xlsx`;
  // Loaded when needed: the command line starts without the spreadsheet library.
  const { dealWorkbook } = await import("./xlsx.js");
  const wb = (await dealWorkbook(a, path.basename(file), createdTime(io)))!;
  if (!write(target, wb.buffer)) return EXIT_USAGE;
  io.err(`dealspec: wrote ${target}${wb.beyondDouble > 0 ? ` (${plural(wb.beyondDouble, "amount")} with more than 15 significant digits: kept exactly as text beside the number, see the Summary sheet)` : ""}`);
  return errors > 0 ? EXIT_ERRORS : EXIT_OK;
}
