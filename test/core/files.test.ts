/**
 * The file policy (`core/files.ts`) over an in-memory file system: which
 * files a folder, a glob or the command line's arguments hold (dot folders,
 * `node_modules`, links to files, to folders, broken and looping links, the
 * cap), reading with its checks, the nearest configuration, and a portfolio
 * that reaches one file by its path and through a link.
 */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import {
  analyzePortfolio,
  cachingHost,
  ConfigLookup,
  globHolds,
  globIn,
  listFolder,
  listFolderAsync,
  MAX_FILE_BYTES,
  readText,
  realLocation,
  resolveTargets,
  type AsyncFileSystem,
  type DirEntry,
  type FileStat,
  type FileSystem,
  type Problem,
} from "../../server/src/core";

type Node = { readonly type: "file"; readonly bytes: Uint8Array; readonly size?: number } | { readonly type: "folder" } | { readonly type: "link"; readonly target: string };

const ROOT = "file:///w";
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A file system in memory: `files` maps paths below /w (`a/b.deal.yaml`) to
 * text, and `links` maps paths to link targets (relative to the link's folder,
 * or absolute below /w when starting with `/`). Folders are implied.
 */
function memory(files: Record<string, string | Uint8Array>, links: Record<string, string> = {}, sizes: Record<string, number> = {}): FileSystem & { readonly asAsync: AsyncFileSystem } {
  const nodes = new Map<string, Node>([["", { type: "folder" }]]);
  const addFolders = (p: string) => {
    const parts = p.split("/");
    for (let i = 1; i < parts.length; i++) nodes.set(parts.slice(0, i).join("/"), { type: "folder" });
  };
  for (const [p, text] of Object.entries(files)) {
    addFolders(p);
    nodes.set(p, { type: "file", bytes: typeof text === "string" ? new TextEncoder().encode(text) : text, ...(sizes[p] !== undefined ? { size: sizes[p] } : {}) });
  }
  for (const [p, target] of Object.entries(links)) {
    addFolders(p);
    nodes.set(p, { type: "link", target });
  }
  const pathOf = (location: string): string | undefined => (location === ROOT ? "" : location.startsWith(`${ROOT}/`) ? decodeURIComponent(location.slice(ROOT.length + 1)) : undefined);
  const join = (folder: string, rel: string): string => {
    const out = rel.startsWith("/") ? [] : folder.split("/").filter((s) => s !== "");
    for (const s of rel.replace(/^\/w\/?/, "").split("/")) {
      if (s === "" || s === ".") continue;
      if (s === "..") out.pop();
      else out.push(s);
    }
    return out.join("/");
  };
  /** The real path of a path (every link on the way resolved), or a problem. */
  const resolve = (p: string, hops = 0): string | Problem => {
    if (hops > 20) return { problem: "loop" };
    const parts = p.split("/").filter((s) => s !== "");
    let at = "";
    for (const part of parts) {
      const next = at === "" ? part : `${at}/${part}`;
      const node = nodes.get(next);
      if (!node) return { problem: "missing" };
      if (node.type === "link") {
        const r = resolve(join(at, node.target), hops + 1);
        if (typeof r !== "string") return r;
        at = r;
      } else at = next;
    }
    return at;
  };
  const located = <T>(location: string, f: (real: string, node: Node) => T | Problem): T | Problem => {
    const p = pathOf(location);
    if (p === undefined) return { problem: "missing" };
    const real = resolve(p);
    if (typeof real !== "string") return real;
    return f(real, nodes.get(real)!);
  };
  const fs: FileSystem = {
    list: (folder) =>
      located(folder, (real, node): readonly DirEntry[] | Problem => {
        if (node.type !== "folder") return { problem: "other", detail: "not a folder" };
        const prefix = real === "" ? "" : `${real}/`;
        return [...nodes.entries()].filter(([k]) => k.startsWith(prefix) && k !== real && !k.slice(prefix.length).includes("/")).map(([k, n]) => ({ name: k.slice(prefix.length), type: n.type }));
      }),
    stat: (location) => located(location, (_real, node): FileStat => (node.type === "file" ? { type: "file", size: node.size ?? node.bytes.length, mtime: 1 } : { type: "folder", size: 0, mtime: 1 })),
    read: (location) => located(location, (_real, node) => (node.type === "file" ? node.bytes : { problem: "folder" as const })),
    realpath: (location) => located(location, (real) => (real === "" ? ROOT : `${ROOT}/${real.split("/").map(encodeURIComponent).join("/")}`)),
    decode: (bytes) => {
      try {
        return utf8.decode(bytes);
      } catch {
        return undefined;
      }
    },
  };
  const asAsync: AsyncFileSystem = {
    list: async (l) => fs.list(l),
    stat: async (l) => fs.stat(l),
    read: async (l) => fs.read(l),
    realpath: async (l) => fs.realpath(l),
    decode: fs.decode,
  };
  return { ...fs, asAsync };
}

const at = (p: string) => `${ROOT}/${p}`;
const names = (files: readonly { location: string }[]) => files.map((f) => f.location.slice(ROOT.length + 1));

function deal(id: string, millions = 1): string {
  return `dealspec: 1\ndeal: ${id}\ncurrency: USD\nparties: {buyer: A, provider: B}\nterm: {start: 2027-01-01, months: 12}\nfees:\n  - id: base\n    amount: $${millions}M\n    every: month\n`;
}

const TREE = memory(
  {
    "a.deal.yaml": "a",
    "b.portfolio.yml": "b",
    "notes.yaml": "not a deal",
    ".dot.deal.yaml": "a dot file",
    "deals/c.deal.yaml": "c",
    "deals/deep/d.deal.yaml": "d",
    ".hidden/h.deal.yaml": "h",
    "node_modules/p/n.deal.yaml": "n",
    "store/s.deal.yaml": "s",
  },
  {
    "deals/link.deal.yaml": "../.hidden/h.deal.yaml",
    "deals/same.deal.yaml": "c.deal.yaml",
    "deals/broken.deal.yaml": "nowhere.deal.yaml",
    "deals/loop.deal.yaml": "loop.deal.yaml",
    "deals/folder-link": "../store",
    "deals/named-like-a-deal.deal.yaml": "../store",
  },
);

describe("which files a folder holds", () => {
  it("every deal and portfolio file below it in path order: dot folders and node_modules skipped, links to files followed, other links not", () => {
    const { files, capped } = listFolder(TREE, ROOT);
    assert.equal(capped, false);
    assert.deepEqual(names(files), [".dot.deal.yaml", "a.deal.yaml", "b.portfolio.yml", "deals/c.deal.yaml", "deals/deep/d.deal.yaml", "deals/link.deal.yaml", "deals/same.deal.yaml", "store/s.deal.yaml"]);
    const byName = new Map(files.map((f) => [f.location.slice(ROOT.length + 1), f]));
    assert.deepEqual([byName.get("deals/link.deal.yaml")!.real, byName.get("deals/link.deal.yaml")!.link], [at(".hidden/h.deal.yaml"), true]);
    assert.deepEqual([byName.get("deals/same.deal.yaml")!.real, byName.get("a.deal.yaml")!.real, byName.get("a.deal.yaml")!.link], [at("deals/c.deal.yaml"), at("a.deal.yaml"), false]);
    assert.deepEqual([byName.get("b.portfolio.yml")!.kind, byName.get("a.deal.yaml")!.kind], ["portfolio", "deal"]);
  });

  it("a folder named explicitly may be a dot folder, node_modules or a link to a folder", () => {
    assert.deepEqual(names(listFolder(TREE, at(".hidden")).files), [".hidden/h.deal.yaml"]);
    assert.deepEqual(names(listFolder(TREE, at("node_modules")).files), ["node_modules/p/n.deal.yaml"]);
    const linked = listFolder(TREE, at("deals/folder-link")).files;
    assert.deepEqual(names(linked), ["deals/folder-link/s.deal.yaml"]);
    assert.equal(linked[0]!.real, at("store/s.deal.yaml"), "below a linked folder, `real` is where the file is");
  });

  it("depth 1 lists the folder's own files; max caps the listing and says so", () => {
    assert.deepEqual(names(listFolder(TREE, at("deals"), { depth: 1 }).files), ["deals/c.deal.yaml", "deals/link.deal.yaml", "deals/same.deal.yaml"]);
    const capped = listFolder(TREE, ROOT, { max: 3 });
    assert.equal(capped.capped, true);
    assert.equal(capped.files.length, 3);
    assert.equal(listFolder(TREE, ROOT, { max: 8 }).capped, false, "exactly max files is not capped");
  });

  it("the asynchronous walk gives the same listing", async () => {
    assert.deepEqual(await listFolderAsync(TREE.asAsync, ROOT), listFolder(TREE, ROOT));
    assert.deepEqual(await listFolderAsync(TREE.asAsync, ROOT, { depth: 2, max: 4 }), listFolder(TREE, ROOT, { depth: 2, max: 4 }));
  });

  it("a folder that is missing or not a folder holds nothing", () => {
    assert.deepEqual(listFolder(TREE, at("nothing")).files, []);
    assert.deepEqual(listFolder(TREE, at("a.deal.yaml")).files, []);
  });
});

describe("which files a glob holds", () => {
  const holds = (pattern: string, p: string) => globHolds(globIn(ROOT, pattern), at(p));
  it("wildcards never reach into a dot folder or node_modules below the glob's fixed folders", () => {
    assert.equal(holds("**/*.deal.yaml", "deals/deep/d.deal.yaml"), true);
    assert.equal(holds("**/*.deal.yaml", ".hidden/h.deal.yaml"), false);
    assert.equal(holds("**/*.deal.yaml", "node_modules/p/n.deal.yaml"), false);
    assert.equal(holds("*/*.deal.yaml", "node_modules/n.deal.yaml"), false);
    assert.equal(holds("**/.hidden/*.deal.yaml", "x/.hidden/h.deal.yaml"), false);
    assert.equal(holds("{deals,node_modules}/*.deal.yaml", "node_modules/n.deal.yaml"), false);
  });
  it("a dot folder or node_modules written before the first wildcard is named explicitly", () => {
    assert.equal(holds(".hidden/*.deal.yaml", ".hidden/h.deal.yaml"), true);
    assert.equal(holds("node_modules/p/*.deal.yaml", "node_modules/p/n.deal.yaml"), true);
  });
  it("a file whose name starts with `.` only by a segment that starts with `.`", () => {
    assert.equal(holds("*.deal.yaml", ".dot.deal.yaml"), false);
    assert.equal(holds(".*.deal.yaml", ".dot.deal.yaml"), true);
  });
});

describe("the command line's arguments", () => {
  const run = (args: string[], kinds: ("deal" | "portfolio")[] = ["deal", "portfolio"]) => {
    const r = resolveTargets(TREE, ROOT, args, kinds);
    return { files: r.files.map((f) => `${f.location.slice(ROOT.length + 1)}${f.explicit ? " (named)" : ""}`), problems: r.problems.map((p) => p.message) };
  };

  it("no argument: the working folder, each file once (a link and its target are one file, under the first path)", () => {
    assert.deepEqual(run([]).files, ["a.deal.yaml", "b.portfolio.yml", "deals/c.deal.yaml", "deals/deep/d.deal.yaml", "deals/link.deal.yaml", "store/s.deal.yaml"]);
    assert.deepEqual(run([], ["deal"]).files, ["a.deal.yaml", "deals/c.deal.yaml", "deals/deep/d.deal.yaml", "deals/link.deal.yaml", "store/s.deal.yaml"]);
  });

  it("files named on their own are taken whatever their name and wherever they are; folders and globs hold deal and portfolio files only", () => {
    assert.deepEqual(run(["notes.yaml", ".hidden/h.deal.yaml", "deals/link.deal.yaml", "*.y*ml"]).files, ["notes.yaml (named)", ".hidden/h.deal.yaml (named)", "a.deal.yaml", "b.portfolio.yml"]);
    assert.deepEqual(run(["node_modules", "deals/*.deal.yaml"]).files, ["node_modules/p/n.deal.yaml", "deals/c.deal.yaml", "deals/link.deal.yaml"]);
  });

  it("arguments that name nothing, or cannot be read", () => {
    const r = run(["missing.deal.yaml", "nope/*.deal.yaml", "store/s.deal.yaml", "deals/loop.deal.yaml", "deals/deep"], ["deal"]);
    assert.deepEqual(r.files, ["store/s.deal.yaml (named)", "deals/deep/d.deal.yaml"]);
    assert.deepEqual(r.problems, ["no such file or folder: missing.deal.yaml", "no file matches nope/*.deal.yaml", "cannot read deals/loop.deal.yaml: a loop of symbolic links"]);
    assert.deepEqual(run([".hidden/"], ["portfolio"]).problems, ["no deal or portfolio files (*.deal.yaml, *.deal.yml, *.portfolio.yaml, *.portfolio.yml) in folder .hidden/"]);
  });
});

describe("reading a file", () => {
  const fs = memory({ "ok.deal.yaml": "\uFEFFdeal: ok\n", "bin.deal.yaml": new Uint8Array([100, 0, 1]), "latin.deal.yaml": new Uint8Array([0x63, 0x61, 0x66, 0xe9]), "big.deal.yaml": "x" }, {}, { "big.deal.yaml": MAX_FILE_BYTES + 1 });
  it("gives the text (without a byte order mark), or why it cannot be read", () => {
    assert.deepEqual(readText(fs, at("ok.deal.yaml")), { text: "deal: ok\n", size: 12, mtime: 1 });
    assert.deepEqual(readText(fs, at("bin.deal.yaml"), "bin.deal.yaml"), { problem: "bin.deal.yaml is a binary file (a NUL byte on line 1), not a deal file", code: "DS110" });
    assert.deepEqual(readText(fs, at("latin.deal.yaml"), "latin.deal.yaml"), {
      problem: "latin.deal.yaml is not UTF-8 text: the byte 0xE9 on line 1 is not UTF-8 (a Latin-1 or Windows-1252 file?): save it as UTF-8",
      code: "DS110",
    });
    assert.deepEqual(readText(fs, at("big.deal.yaml"), "big.deal.yaml"), { problem: "big.deal.yaml is 8,388,609 bytes, over the 8 MiB limit for deal files: split it into several deals", code: "DS104" });
    assert.deepEqual(readText(fs, at("gone.deal.yaml"), "gone.deal.yaml"), { problem: "cannot read gone.deal.yaml: no such file", missing: true });
    assert.deepEqual(readText(fs, ROOT, "w"), { problem: "cannot read w: it is a folder" });
  });
  it("a host that throws is a problem, not an exception", () => {
    const throwing: FileSystem = { ...fs, stat: () => { throw new Error("disk on fire"); } };
    assert.deepEqual(readText(throwing, at("ok.deal.yaml"), "ok.deal.yaml"), { problem: "cannot read ok.deal.yaml: disk on fire" });
    assert.equal(realLocation({ ...fs, realpath: () => ({ problem: "denied" }) }, at("x/../ok.deal.yaml")), at("ok.deal.yaml"));
  });
});

describe("the configuration of a file", () => {
  const fs = memory({
    "dealspec.config.yaml": "ignore:\n  - drafts/\n",
    "a/x.deal.yaml": "",
    "a/drafts/y.deal.yaml": "",
    "b/dealspec.config.yaml": "rules:\n  DS306: off\n",
    "b/drafts/z.deal.yaml": "",
    "c/dealspec.config.yaml": "rules: 3\n",
  });
  it("is the nearest dealspec.config.yaml, walking up; its ignore globs are relative to its folder", () => {
    const lookup = new ConfigLookup(fs);
    assert.equal(lookup.forFile(at("a/drafts/y.deal.yaml"))?.location, at("dealspec.config.yaml"));
    assert.equal(lookup.forFile(at("b/drafts/z.deal.yaml"))?.location, at("b/dealspec.config.yaml"));
    assert.equal(lookup.ignores(at("a/drafts/y.deal.yaml"))?.location, at("dealspec.config.yaml"));
    assert.equal(lookup.ignores(at("a/x.deal.yaml")), undefined);
    assert.equal(lookup.ignores(at("b/drafts/z.deal.yaml")), undefined, "configurations do not merge");
    assert.equal(lookup.forFile(at("c/q.deal.yaml"))?.problems.length, 1);
    assert.deepEqual(lookup.all().map((c) => c.location), [at("dealspec.config.yaml"), at("b/dealspec.config.yaml"), at("c/dealspec.config.yaml")]);
  });
  it("without any, there is none; a fixed one applies to every file", () => {
    assert.equal(new ConfigLookup(memory({ "a.deal.yaml": "" })).forFile(at("a.deal.yaml")), undefined);
    const fixed = new ConfigLookup(fs, new ConfigLookup(fs).forFile(at("b/x.deal.yaml")));
    assert.equal(fixed.forFile(at("a/x.deal.yaml"))?.location, at("b/dealspec.config.yaml"));
  });
});

describe("a portfolio over links", () => {
  it("counts a deal reached by its path and through a link once, under the first path; without link resolution it would be two files (DS502)", () => {
    const fs = memory({ "book.portfolio.yaml": 'portfolio: book\ninclude:\n  - "**/*.deal.yaml"\n', "deals/a.deal.yaml": deal("a", 1), "shared/b.deal.yaml": deal("b", 2) }, { "deals/b.deal.yaml": "../shared/b.deal.yaml" });
    const reader = {
      readText: (l: string) => {
        const r = readText(fs, l);
        return "text" in r ? r.text : undefined;
      },
      listFiles: (folder: string, depth: number) => listFolder(fs, folder, { depth }).files.map((f) => f.location),
    };
    const text = reader.readText(at("book.portfolio.yaml"))!;
    const linked = analyzePortfolio(text, at("book.portfolio.yaml"), cachingHost({ ...reader, realLocation: (l) => realLocation(fs, l) }));
    assert.deepEqual(linked.diagnostics, []);
    assert.deepEqual(linked.deals.map((d) => [d.location, d.status]), [[at("deals/a.deal.yaml"), "counted"], [at("deals/b.deal.yaml"), "counted"]]);
    assert.equal(linked.figures?.total.toFixed(2), "36000000.00");
    const unaware = analyzePortfolio(text, at("book.portfolio.yaml"), cachingHost(reader));
    assert.deepEqual(unaware.diagnostics.map((d) => d.code), ["DS502"]);
  });
});
