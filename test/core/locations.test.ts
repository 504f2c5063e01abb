/**
 * Locations already in canonical form are answered from the string itself,
 * without parsing (`portfolio/uri.ts`): a property checks that every answer is
 * the one parsing gives. Writing `./` at the start of a location's path
 * changes nothing it names, and always makes it go through the parser, so
 * each function must give the same answer for a location and for it so
 * written.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import fc from "fast-check";
import { baseName, canonicalLocation, fileKindOf, pathBelow } from "../../server/src/core";

const URI_PREFIX = /^[A-Za-z][A-Za-z0-9+.-]+:(?:\/\/[^/]*)?/;

/**
 * The same location with a `.` segment first in its path: parsed, never taken
 * as canonical. Undefined for a URI with an authority and no path, where a
 * `.` would be read as part of the authority.
 */
function throughParser(location: string): string | undefined {
  const prefix = URI_PREFIX.exec(location)?.[0] ?? "";
  const path = location.slice(prefix.length);
  if (path === "" && prefix.endsWith("//", prefix.indexOf(":") + 3)) return undefined;
  return prefix + (path.startsWith("/") ? `/./${path.slice(1)}` : `./${path}`);
}

const segment = fc.oneof(
  fc.constantFrom("a", "Deals", "x.deal.yaml", "b.portfolio.yml", "2026", "-_~", ".", "..", "", ".hidden", "a b", "%20", "%2f", "%e2%82%AC", "%zz", "é", "(1)", "q?x=1", "f#g", "c:"),
  fc.stringMatching(/^[a-z0-9.%~-]{1,4}$/),
);
const path = fc.tuple(fc.boolean(), fc.array(segment, { minLength: 1, maxLength: 5 })).map(([absolute, segs]) => `${absolute ? "/" : ""}${segs.join("/")}`);
/** A URI with an authority has a path from the root; other locations may be relative. */
const location = fc.oneof(
  fc.tuple(fc.constantFrom("file://", "file://host", "vscode-vfs://github"), path).map(([prefix, p]) => `${prefix}/${p.replace(/^\//, "")}`),
  fc.tuple(fc.constantFrom("untitled:", ""), path).map(([prefix, p]) => prefix + p),
);

describe("canonical locations answered without parsing", () => {
  it("give what parsing gives: the canonical form, the name, the kind", () => {
    fc.assert(
      fc.property(location, (l) => {
        const parsed = throughParser(l);
        fc.pre(parsed !== undefined);
        assert.equal(canonicalLocation(l), canonicalLocation(parsed));
        assert.equal(canonicalLocation(canonicalLocation(l)), canonicalLocation(l));
        assert.equal(baseName(l), baseName(parsed));
        assert.equal(fileKindOf(l), fileKindOf(parsed));
      }),
      { numRuns: 2000 },
    );
  });

  it("give what parsing gives for the path below a folder", () => {
    const pair = fc.oneof(
      fc.tuple(location, location),
      // A folder and a location in it, canonical or not.
      location.chain((folder) => fc.tuple(fc.constant(folder), fc.array(segment, { minLength: 1, maxLength: 3 }).map((segs) => `${folder.replace(/\/$/, "")}/${segs.join("/")}`))),
      location.map((l) => {
        const c = canonicalLocation(l);
        return [c.slice(0, Math.max(0, c.lastIndexOf("/"))), c] as [string, string];
      }),
    );
    fc.assert(
      fc.property(pair, ([folder, l]) => {
        const [parsedFolder, parsed] = [throughParser(folder), throughParser(l)];
        fc.pre(parsedFolder !== undefined && parsed !== undefined);
        assert.equal(pathBelow(folder, l), pathBelow(parsedFolder, parsed));
        assert.equal(pathBelow(canonicalLocation(folder), canonicalLocation(l)), pathBelow(folder, l));
      }),
      { numRuns: 2000 },
    );
  });
});
