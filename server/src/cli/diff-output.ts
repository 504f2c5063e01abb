/**
 * What `dealspec diff` prints in each format, and its exit code: the report
 * (markdown, json) or the breached policies alone (the lint formats), 1 when a
 * policy with severity error is breached, 2 when a configuration has problems.
 */
import type { Analysis } from "../core";
import type { DealDiff, DiffReport } from "./diff";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, useColor, type Io } from "./io";
import { markdownComment } from "./markdown";
import type { Gates } from "./policies";
import { countSeverities, github, human, humanSummary, junit, sarif, stylish, type LintReport } from "./reporters";

export function printDiff(report: DiffReport, analyses: Map<DealDiff, { old?: Analysis; new?: Analysis }>, gates: Gates, format: string, io: Io, options: { readonly maxChars?: number | undefined; readonly version: string }): number {
  for (const line of gates.problems) io.err(`dealspec: ${line}`);
  const exitCode = gates.problems.length > 0 ? EXIT_USAGE : countSeverities(gates.files).error > 0 ? EXIT_ERRORS : EXIT_OK;
  const lint: LintReport = { files: gates.files, problems: [], cwd: io.cwd, version: options.version, exitCode };
  const look = { color: useColor(io), docsBase: io.docsBase ?? "file:///" };
  let output: string;
  switch (format) {
    case "markdown":
      output = markdownComment({ report, analyses, breaches: gates.breaches, policies: gates.policies, ...(options.maxChars !== undefined ? { limit: options.maxChars } : {}) });
      break;
    case "json":
      output = JSON.stringify(
        {
          ...report,
          breaches: gates.breaches.map((b) => ({
            file: b.file,
            line: b.line,
            column: b.column,
            code: b.code,
            severity: b.severity,
            message: b.message,
            figure: b.breach.policy.figure,
            scenario: b.breach.scenario,
            limit: { kind: b.breach.limit.kind, value: b.breach.limit.text },
            value: b.breach.value,
            before: b.breach.before,
            change: b.breach.change,
          })),
        },
        null,
        2,
      );
      break;
    case "human":
      output = human(lint);
      io.err(humanSummary(lint).replace("checked:", "checked against the policies:"));
      break;
    case "stylish":
      output = stylish(lint, look);
      break;
    case "sarif":
      output = sarif(lint, look);
      break;
    case "github":
      output = github(lint);
      break;
    default:
      output = junit(lint);
      break;
  }
  if (output !== "") io.out(output);
  return exitCode;
}
