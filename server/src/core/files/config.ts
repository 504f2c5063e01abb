/** The `dealspec.config.yaml` that applies to a file: the nearest one, walking up. */
import { CONFIG_FILE, EMPTY_CONFIG, isIgnored, parseConfig, type ConfigProblem, type DealspecConfig } from "../config";
import { baseName, canonicalLocation, folderOf, pathBelow } from "../portfolio/uri";
import { isProblem, type FileSystem } from "./host";
import { child } from "./policy";
import { readText } from "./read";

export interface LoadedConfig {
  readonly location: string;
  /** The folder its ignore globs are relative to. */
  readonly folder: string;
  readonly config: DealspecConfig;
  /** The file's text ("" when it cannot be read), for the positions of `problems`. */
  readonly text: string;
  readonly problems: readonly ConfigProblem[];
  /** Why the file could not be read. */
  readonly unreadable?: string;
}

/** Reads and validates one configuration file; `name` is the file as messages show it. */
export function loadConfig(fs: FileSystem, location: string, name = baseName(location)): LoadedConfig {
  const loc = canonicalLocation(location);
  const folder = folderOf(loc);
  const read = readText(fs, loc, `the configuration ${name}`);
  if ("problem" in read) return { location: loc, folder, config: EMPTY_CONFIG, text: "", problems: [], unreadable: read.problem };
  const { config, problems } = parseConfig(read.text);
  return { location: loc, folder, config, text: read.text, problems };
}

/**
 * The configuration of each file: the nearest `dealspec.config.yaml` in its
 * folder or a folder above (looked up once per folder), or one `fixed` file
 * for all. Only the nearest applies.
 */
export class ConfigLookup {
  private readonly byFolder = new Map<string, LoadedConfig | null>();
  private readonly loaded = new Map<string, LoadedConfig>();

  constructor(
    private readonly fs: FileSystem,
    private readonly fixed?: LoadedConfig,
    /** How messages name a configuration file (default: its name). */
    private readonly display: (location: string) => string = baseName,
  ) {}

  /** The configuration that applies to the file at a location, if any. */
  forFile(location: string): LoadedConfig | undefined {
    return this.fixed ?? this.forFolder(folderOf(canonicalLocation(location))) ?? undefined;
  }

  private forFolder(folder: string): LoadedConfig | null {
    const cached = this.byFolder.get(folder);
    if (cached !== undefined) return cached;
    const candidate = child(folder, CONFIG_FILE);
    const stat = this.fs.stat(candidate);
    let found: LoadedConfig | null;
    if (!isProblem(stat) && stat.type === "file") {
      found = loadConfig(this.fs, candidate, this.display(candidate));
      this.loaded.set(candidate, found);
    } else {
      const parent = folderOf(folder);
      found = parent === folder ? null : this.forFolder(parent);
    }
    this.byFolder.set(folder, found);
    return found;
  }

  /** Every configuration file read so far. */
  all(): LoadedConfig[] {
    return this.fixed ? [this.fixed] : [...this.loaded.values()];
  }

  /** The configuration whose `ignore` globs ignore the file at a location (by its path below the configuration's folder), if any. */
  ignores(location: string): LoadedConfig | undefined {
    const c = this.forFile(location);
    if (!c || c.config.ignore.length === 0) return undefined;
    const below = pathBelow(c.folder, canonicalLocation(location));
    return below !== undefined && isIgnored(c.config, below) ? c : undefined;
  }
}
