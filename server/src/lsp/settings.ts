/**
 * The server's settings, read per resource from the client
 * (`workspace/configuration`, section `dealspec`). Answers are cached per
 * document until the client says the configuration changed or the document
 * closes; a client without `workspace/configuration` gets the defaults.
 */
import { HINT_GROUPS, isRecord, type HintGroup } from "../core/features";

export interface Settings {
  readonly inlayHints: Readonly<Record<HintGroup, boolean>>;
  readonly codeLens: { readonly enabled: boolean };
}

const DEFAULT_SETTINGS: Settings = {
  inlayHints: { fees: true, term: true, termination: true, expectations: true, capacity: true, steps: true, options: true, scenarios: true },
  codeLens: { enabled: true },
};

/** Reads the `dealspec` section as the client sends it; anything missing or malformed keeps its default. */
function parseSettings(raw: unknown): Settings {
  const section = isRecord(raw) ? raw : {};
  const hints = isRecord(section.inlayHints) ? section.inlayHints : {};
  const lens = isRecord(section.codeLens) ? section.codeLens : {};
  const flag = (v: unknown, d: boolean) => (typeof v === "boolean" ? v : d);
  const inlayHints = Object.fromEntries(HINT_GROUPS.map((g) => [g, flag(hints[g], DEFAULT_SETTINGS.inlayHints[g])])) as Record<HintGroup, boolean>;
  return { inlayHints, codeLens: { enabled: flag(lens.enabled, DEFAULT_SETTINGS.codeLens.enabled) } };
}

export type ConfigurationReader = (uri: string) => Promise<unknown>;

export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();

  /** `read` is undefined when the client cannot answer `workspace/configuration`. */
  constructor(
    private readonly read: ConfigurationReader | undefined,
    private readonly onError: (message: string) => void,
  ) {}

  get(uri: string): Promise<Settings> {
    if (!this.read) return Promise.resolve(DEFAULT_SETTINGS);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.read(uri).then(parseSettings, (e: unknown) => {
        this.onError(`Reading the settings of ${uri} failed: ${e instanceof Error ? e.message : String(e)}`);
        this.cache.delete(uri);
        return DEFAULT_SETTINGS;
      });
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** The configuration changed: read it again on next use. */
  invalidate(): void {
    this.cache.clear();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
