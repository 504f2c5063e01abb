/**
 * The running server answers every custom request the protocol module
 * declares (protocol/src, `CUSTOM_REQUESTS`), and a method it does not
 * declare is unknown to it. test/client/protocol.test.ts checks the same on
 * the sources, both ways.
 */
import { strict as assert } from "node:assert";
import { after, before, describe, it } from "node:test";
import { ErrorCodes } from "vscode-jsonrpc";
import { CUSTOM_REQUESTS } from "../../protocol/src";
import { LspClient } from "../support/lspClient";

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

/** The error code of a request's answer, or undefined when it is a result. */
async function errorCode(method: string, params: unknown): Promise<number | undefined> {
  try {
    await client.request(method, params);
    return undefined;
  } catch (e) {
    return (e as { code?: number }).code;
  }
}

/** Params a request cannot use: `{}` for most; `dealspec/keyDates` needs none, so a `today` that is not a date. */
const UNUSABLE: Readonly<Record<string, object>> = { "dealspec/keyDates": { today: 42 } };

describe("the protocol's custom requests", () => {
  for (const request of CUSTOM_REQUESTS) {
    it(`${request.method} is answered (params it cannot use are an InvalidParams error, not an unknown method)`, async () => {
      assert.equal(await errorCode(request.method, UNUSABLE[request.method] ?? {}), ErrorCodes.InvalidParams);
    });
  }

  it("a custom method the protocol does not declare is unknown", async () => {
    assert.equal(await errorCode("dealspec/unknown", {}), ErrorCodes.MethodNotFound);
  });
});
