/** What a command needs from its process: the working folder, output streams and environment. */
export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;

export interface Io {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal: the default lint format is then `stylish`, with colour. */
  readonly isTTY?: boolean;
  /** Environment variables (NO_COLOR, FORCE_COLOR, DEALSPEC_DOCS_URL); default none. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Base URI of the documentation folder, ending in `/` (help links in SARIF). */
  readonly docsBase?: string;
}

/** A usage error: printed with the command's usage, exit 2. */
export class UsageError extends Error {}

/** Colour on a terminal; `FORCE_COLOR` forces it (`0` or `false` turns it off), `NO_COLOR` turns it off. */
export function useColor(io: Io, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  const env = io.env ?? {};
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return io.isTTY === true && env.TERM !== "dumb";
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
