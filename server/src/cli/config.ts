/**
 * `dealspec.config.yaml` for each file on the command line: the nearest one,
 * walking up (`ConfigLookup` of the file policy, over the Node host), with
 * its problems as `path:line:col  error  CODE  message` lines.
 */
import { ConfigLookup, LineIndex, loadConfig as loadConfigAt, type ConfigProblem, type DealspecConfig, type LoadedConfig as Loaded } from "../core";
import { nodeFileSystem, pathOfLocation } from "../node/host";
import { displayPath, locationOf } from "./files";

export interface LoadedConfig {
  /** Absolute path of the file. */
  readonly file: string;
  readonly config: DealspecConfig;
  /** Problems as `path:line:col  error  CODE  message` lines (or the reason the file cannot be read). */
  readonly problems: readonly string[];
}

function problemLines(display: string, text: string, problems: readonly ConfigProblem[]): string[] {
  const index = new LineIndex(text);
  return problems.map((p) => {
    const pos = index.position(p.span.start);
    return `${display}:${pos.line + 1}:${pos.character + 1}  error  ${p.code}  ${p.message}`;
  });
}

function forCli(c: Loaded, cwd: string): LoadedConfig {
  const display = displayPath(c.location, cwd);
  return {
    file: pathOfLocation(c.location) ?? c.location,
    config: c.config,
    problems: c.unreadable !== undefined ? [c.unreadable] : problemLines(display, c.text, c.problems),
  };
}

/** Reads and validates one configuration file (`--config FILE`). Never throws. */
export function loadConfig(file: string, cwd: string): Loaded {
  return loadConfigAt(nodeFileSystem, locationOf(file, cwd), displayPath(locationOf(file, cwd), cwd));
}

/** Looks up the configuration of each file once per folder. */
export class ConfigFinder {
  private readonly lookup: ConfigLookup;
  private readonly shown = new Map<Loaded, LoadedConfig>();

  constructor(
    private readonly cwd: string,
    /** A `--config` file that replaces the search. */
    fixed?: Loaded,
  ) {
    this.lookup = new ConfigLookup(nodeFileSystem, fixed, (location) => displayPath(location, cwd));
  }

  private show(c: Loaded | undefined): LoadedConfig | undefined {
    if (!c) return undefined;
    let s = this.shown.get(c);
    if (!s) {
      s = forCli(c, this.cwd);
      this.shown.set(c, s);
    }
    return s;
  }

  /** The configuration that applies to a file, if any. */
  forFile(file: string): LoadedConfig | undefined {
    return this.show(this.lookup.forFile(locationOf(file, this.cwd)));
  }

  /** Every configuration file read so far. */
  all(): LoadedConfig[] {
    return this.lookup.all().map((c) => this.show(c)!);
  }

  /** The configuration that ignores a file, if any. */
  ignores(file: string): LoadedConfig | undefined {
    return this.show(this.lookup.ignores(locationOf(file, this.cwd)));
  }
}
