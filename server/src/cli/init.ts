/** `dealspec init NAME [--portfolio]`: writes a new deal (or portfolio) file from the engine's template. */
import { readdirSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { newFileTemplate, templateId, type TemplateKind } from "../core";
import { EXIT_OK, EXIT_USAGE, UsageError, type Io } from "./io";

export const INIT_USAGE = `Usage: dealspec init NAME [--portfolio]

Writes NAME.deal.yaml (with --portfolio, NAME.portfolio.yaml): a commented
template of a valid deal (or portfolio) to fill in. Its id is NAME in lower
case, with \`-\` for anything but letters and digits; the deal's term starts
on the first day of next month. NAME may name a folder that exists
(\`deals/colossus-2\`) and may end in .deal.yaml or .portfolio.yaml. The
portfolio includes every deal file of its folder ("*.deal.yaml").
An existing file is never overwritten.`;

const SUFFIXES: Readonly<Record<TemplateKind, readonly string[]>> = {
  deal: [".deal.yaml", ".deal.yml"],
  portfolio: [".portfolio.yaml", ".portfolio.yml"],
};

/** The kind a name's suffix says, and the name without it. */
function splitName(name: string): { kind?: TemplateKind; stem: string; file?: string } {
  for (const kind of ["deal", "portfolio"] as const) {
    const suffix = SUFFIXES[kind].find((s) => name.toLowerCase().endsWith(s));
    if (suffix) return { kind, stem: name.slice(0, -suffix.length), file: name };
  }
  return { stem: name };
}

export function init(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { portfolio: { type: "boolean", default: false } } });
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "dealspec init: name the file to write, such as `dealspec init colossus-2`" : `dealspec init: one name only, got ${positionals.length}`);
  const name = positionals[0]!;
  const split = splitName(name);
  if (split.kind === "deal" && values.portfolio) throw new UsageError(`dealspec init: \`${name}\` names a deal file, and --portfolio asks for a portfolio`);
  const kind: TemplateKind = split.kind ?? (values.portfolio ? "portfolio" : "deal");
  const id = templateId(path.basename(split.stem));
  if (id === undefined) throw new UsageError(`dealspec init: \`${name}\` gives no id: use letters or digits, such as \`colossus-2\``);
  const file = split.file ?? `${split.stem}${SUFFIXES[kind][0]}`;
  const target = path.resolve(io.cwd, file);
  const folder = path.dirname(target);
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) {
    io.err(`dealspec init: the folder ${path.dirname(file)} does not exist; create it first`);
    return EXIT_USAGE;
  }
  const now = new Date();
  const template = newFileTemplate(kind, { id, today: { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() } });
  try {
    // `wx`: fails if the file exists, even if it appeared since a check.
    writeFileSync(target, template.text, { encoding: "utf8", flag: "wx" });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.err(code === "EEXIST" ? `dealspec init: ${file} already exists; it is left as it is (choose another name, or remove it first)` : `dealspec init: cannot write ${file}: ${(e as Error).message}`);
    return EXIT_USAGE;
  }
  io.out(`Wrote ${file} (${kind} \`${id}\`): fill in its values, then run \`dealspec lint ${file}\`.`);
  if (kind === "portfolio" && !readdirSync(folder).some((f) => f.endsWith(".deal.yaml"))) {
    io.err(`dealspec init: no deal file in ${path.dirname(file)} yet: its include "*.deal.yaml" matches nothing (DS500) until there is one`);
  }
  return EXIT_OK;
}
