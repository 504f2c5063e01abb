/**
 * One protocol between the client and the server (protocol/src): every
 * custom request is declared there once, the client sends each through its
 * declared type (never a method string, never a cast of the result), and the
 * server registers a handler for each declared request and for no other.
 * Checked on the sources; test/lsp/protocol.test.ts asks the running server.
 */
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as protocol from "../../protocol/src";
import { ROOT } from "../support/paths";

/** A TypeScript source without its comments (block, line), its strings kept. */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

function sources(dir: string): { file: string; text: string }[] {
  return (readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" }) as string[])
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => ({ file: path.join(dir, f), text: code(readFileSync(path.join(ROOT, dir, f), "utf8")) }));
}

interface Call {
  readonly file: string;
  readonly method: string;
  /** The type arguments written, if any: `<Result>`. */
  readonly typeArguments: string;
  /** The first argument, as written (whitespace collapsed). */
  readonly first: string;
}

/** Every call of `.sendRequest`, `.sendNotification`, `.onRequest` and `.onNotification` in the sources, with its first argument. */
function calls(files: readonly { file: string; text: string }[]): Call[] {
  const out: Call[] = [];
  for (const { file, text } of files) {
    for (const m of text.matchAll(/\.(sendRequest|sendNotification|onRequest|onNotification)\s*(<[^(]*>)?\s*\(/g)) {
      // The first argument: up to the first comma or closing parenthesis at depth 0.
      let depth = 0;
      let i = m.index + m[0].length;
      const start = i;
      for (; i < text.length; i++) {
        const c = text[i]!;
        if ("([{<".includes(c)) depth++;
        else if (")]}>".includes(c)) {
          if (depth === 0) break;
          depth--;
        } else if (c === "," && depth === 0) break;
      }
      out.push({ file, method: m[1]!, typeArguments: m[2] ?? "", first: text.slice(start, i).replace(/\s+/g, " ").trim() });
    }
  }
  return out;
}

/** The names a file imports from the protocol module. */
function protocolImports(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*["'][./]*\/protocol\/src["']/g)) {
    for (const part of m[1]!.split(",")) {
      const name = part.replace(/^\s*type\s+/, "").split(/\s+as\s+/).pop()!.trim();
      if (name) names.add(name);
    }
  }
  return names;
}

/** The export name of each request of `CUSTOM_REQUESTS`. */
const declared = new Map<string, (typeof protocol.CUSTOM_REQUESTS)[number]>(
  Object.entries(protocol).filter((e): e is [string, (typeof protocol.CUSTOM_REQUESTS)[number]] => (protocol.CUSTOM_REQUESTS as readonly unknown[]).includes(e[1])),
);
const CLIENT = sources("client/src");
const SERVER = sources(path.join("server", "src", "lsp"));

describe("the protocol module", () => {
  it("declares each custom request once, under `dealspec/`, its type carrying its method", () => {
    const methods = protocol.CUSTOM_REQUESTS.map((r) => r.method);
    assert.deepEqual([...new Set(methods)], methods, "one declaration per method");
    for (const r of protocol.CUSTOM_REQUESTS) {
      assert.match(r.method, /^dealspec\/[a-z][A-Za-z]*$/);
      assert.equal(r.type.method, r.method);
    }
    assert.equal(declared.size, protocol.CUSTOM_REQUESTS.length, "each request is exported by name");
    assert.ok(methods.includes("dealspec/figures") && methods.includes("dealspec/schedule") && methods.includes("dealspec/cashflow") && methods.includes("dealspec/template") && methods.includes("dealspec/keyDates"));
  });

  it("imports nothing at run time but vscode-jsonrpc (the core's types are erased)", () => {
    const text = code(readFileSync(path.join(ROOT, "protocol", "src", "index.ts"), "utf8"));
    const runtime = [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s*["']([^"']+)["']/gm)].map((m) => m[1]);
    assert.deepEqual(runtime, ["vscode-jsonrpc"]);
    for (const m of text.matchAll(/^export\s+(?!type\b)[^;]*?from\s*["']([^"']+)["']/gm)) assert.fail(`a run-time re-export from ${m[1]}`);
  });

  it("finds the client's and the server's requests in their sources", () => {
    assert.ok(calls(CLIENT).filter((c) => c.method === "sendRequest").length >= 4);
    assert.ok(calls(SERVER).filter((c) => c.method === "onRequest").length >= 4);
  });
});

describe("the client", () => {
  it("sends every request and notification through a type the protocol module declares: no method string, no cast of the result", () => {
    const sent = calls(CLIENT).filter((c) => c.method.startsWith("send"));
    for (const c of sent) {
      const where = `${c.file}: ${c.method}(${c.first}`;
      assert.doesNotMatch(c.first, /^["'`]/, `${where}: a method string`);
      assert.equal(c.typeArguments, "", `${where}: a result type written by hand (${c.typeArguments})`);
      const m = /^(\w+)\.type$/.exec(c.first);
      assert.ok(m, `${where}: not a declared request's type`);
      assert.ok(protocolImports(CLIENT.find((f) => f.file === c.file)!.text).has(m[1]!), `${where}: ${m[1]} is not imported from the protocol module`);
      assert.ok(declared.has(m[1]!), `${where}: ${m[1]} is not in CUSTOM_REQUESTS`);
    }
  });

  it("names no custom method itself", () => {
    for (const { file, text } of CLIENT) assert.doesNotMatch(text, /["'`]dealspec\/[a-z]/, file);
  });
});

describe("the server", () => {
  it("registers each request of the protocol module, and no other custom request, through its declaration", () => {
    const registered: string[] = [];
    for (const c of calls(SERVER).filter((x) => x.method.startsWith("on"))) {
      const where = `${c.file}: ${c.method}(${c.first}`;
      const m = /^serverType\((\w+)\)$/.exec(c.first);
      assert.ok(m, `${where}: a custom request is registered through serverType(<declared request>)`);
      assert.ok(protocolImports(SERVER.find((f) => f.file === c.file)!.text).has(m[1]!), `${where}: ${m[1]} is not imported from the protocol module`);
      registered.push(m[1]!);
    }
    assert.deepEqual(registered.sort(), [...declared.keys()].sort());
  });

  it("names no custom method itself", () => {
    for (const { file, text } of SERVER) assert.doesNotMatch(text, /["'`]dealspec\/[a-z]/, file);
  });
});

describe("the file host of the browser build", () => {
  const fileRequests = new Map<string, (typeof protocol.FILE_HOST_REQUESTS)[number]>(
    Object.entries(protocol).filter((e): e is [string, (typeof protocol.FILE_HOST_REQUESTS)[number]] => (protocol.FILE_HOST_REQUESTS as readonly unknown[]).includes(e[1])),
  );
  const HOST = sources(path.join("server", "src", "browser"));

  it("declares each file request once, under `dealspec/`, apart from the requests the server answers", () => {
    const methods = protocol.FILE_HOST_REQUESTS.map((r) => r.method);
    assert.deepEqual([...new Set(methods)], methods);
    for (const r of protocol.FILE_HOST_REQUESTS) {
      assert.match(r.method, /^dealspec\/[a-z][A-Za-z]*$/);
      assert.equal(r.type.method, r.method);
      assert.ok(!protocol.CUSTOM_REQUESTS.some((c) => c.method === r.method), r.method);
    }
    assert.equal(fileRequests.size, protocol.FILE_HOST_REQUESTS.length, "each request is exported by name");
  });

  it("the client answers each file request through its declared type, and the language server registers none", () => {
    const answered = calls(CLIENT).filter((c) => c.method === "onRequest").map((c) => /^(\w+)\.type$/.exec(c.first)?.[1]);
    assert.deepEqual(answered.sort(), [...fileRequests.keys()].sort());
    for (const c of calls(SERVER)) assert.ok(!fileRequests.has(/^serverType\((\w+)\)$/.exec(c.first)?.[1] ?? ""), `${c.file}: ${c.first}`);
  });

  it("the browser host asks for each file request by its declaration, and names no method itself", () => {
    const named = new Set<string>();
    for (const { text } of HOST) for (const name of protocolImports(text)) if (fileRequests.has(name)) named.add(name);
    assert.deepEqual([...named].sort(), [...fileRequests.keys()].sort());
    for (const { file, text } of HOST) assert.doesNotMatch(text, /["'`]dealspec\/[a-z]/, file);
  });
});
