/** UTF-8 decoding for the hosts of the Node and browser servers and the CLI (the core takes it from them: it has no TextDecoder). */
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Bytes as UTF-8 text, or undefined when they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}
