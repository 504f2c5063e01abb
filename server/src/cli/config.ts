/** Finding and loading `dealspec.config.yaml` for each deal file: the nearest one, walking up. */
import { readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { CONFIG_FILE, isIgnored, LineIndex, parseConfig, type ConfigProblem, type DealspecConfig } from "../core";

export interface LoadedConfig {
  /** Absolute path of the file. */
  readonly file: string;
  /** The folder its ignore globs are relative to. */
  readonly dir: string;
  readonly config: DealspecConfig;
  /** Problems as `path:line:col  message` lines. */
  readonly problems: readonly string[];
}

function problemLines(display: string, text: string, problems: readonly ConfigProblem[]): string[] {
  const index = new LineIndex(text);
  return problems.map((p) => {
    const pos = index.position(p.span.start);
    return `${display}:${pos.line + 1}:${pos.character + 1}  error  ${p.message}`;
  });
}

/** Reads and validates one configuration file. Never throws. */
export function loadConfig(file: string, cwd: string): LoadedConfig {
  const abs = path.resolve(cwd, file);
  const display = path.relative(cwd, abs) || abs;
  let text: string;
  try {
    text = readFileSync(abs, "utf8");
  } catch (e) {
    return { file: abs, dir: path.dirname(abs), config: { rules: new Map(), ignore: [] }, problems: [`${display}: cannot read the configuration: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`] };
  }
  const { config, problems } = parseConfig(text);
  return { file: abs, dir: path.dirname(abs), config, problems: problemLines(display, text, problems) };
}

/** Looks up the configuration of each file once per folder. */
export class ConfigFinder {
  private readonly byDir = new Map<string, LoadedConfig | null>();
  private readonly loaded = new Map<string, LoadedConfig>();

  constructor(
    private readonly cwd: string,
    /** A `--config` file that replaces the search. */
    private readonly fixed?: LoadedConfig,
  ) {}

  /** The configuration that applies to a file, if any. */
  forFile(file: string): LoadedConfig | undefined {
    if (this.fixed) return this.fixed;
    return this.forDir(path.dirname(path.resolve(this.cwd, file))) ?? undefined;
  }

  private forDir(dir: string): LoadedConfig | null {
    const cached = this.byDir.get(dir);
    if (cached !== undefined) return cached;
    let found: LoadedConfig | null = null;
    const candidate = path.join(dir, CONFIG_FILE);
    let isFile = false;
    try {
      isFile = statSync(candidate).isFile();
    } catch {
      isFile = false;
    }
    if (isFile) {
      found = loadConfig(candidate, this.cwd);
      this.loaded.set(candidate, found);
    } else {
      const parent = path.dirname(dir);
      found = parent === dir ? null : this.forDir(parent);
    }
    this.byDir.set(dir, found);
    return found;
  }

  /** Every configuration file read so far. */
  all(): LoadedConfig[] {
    return this.fixed ? [this.fixed] : [...this.loaded.values()];
  }

  /** True when the file's configuration ignores it. */
  ignores(file: string): LoadedConfig | undefined {
    const c = this.forFile(file);
    if (!c || c.config.ignore.length === 0) return undefined;
    const rel = path.relative(c.dir, path.resolve(this.cwd, file)).split(path.sep).join("/");
    if (rel.startsWith("../")) return undefined;
    return isIgnored(c.config, rel) ? c : undefined;
  }
}
