/** A portfolio host over the file system, for tests: file URIs in, as an editor or the CLI would give them. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cachingHost, type CachingHost } from "../../server/src/core";

const SKIP = new Set(["node_modules", ".git"]);

export function fsHost(): CachingHost & { reads: string[] } {
  const reads: string[] = [];
  const host = cachingHost({
    readText(location) {
      reads.push(location);
      try {
        return readFileSync(fileURLToPath(location), "utf8");
      } catch {
        return undefined;
      }
    },
    *listFiles(folder, depth) {
      const walk = function* (dir: string, left: number): Generator<string> {
        let entries;
        try {
          entries = readdirSync(dir, { withFileTypes: true });
        } catch {
          return;
        }
        for (const e of entries) {
          const full = path.join(dir, e.name);
          if (e.isDirectory()) {
            if (left > 1 && !SKIP.has(e.name)) yield* walk(full, left - 1);
          } else if (e.isFile() || (e.isSymbolicLink() && statSync(full, { throwIfNoEntry: false })?.isFile())) {
            yield pathToFileURL(full).href;
          }
        }
      };
      yield* walk(fileURLToPath(folder), depth);
    },
  });
  return Object.assign(host, { reads });
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}
