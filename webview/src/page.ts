/**
 * What the webview pages share (main.ts, the cash flow; schedule.ts): the
 * channel to the extension, with the page's script errors reported over it,
 * and the small DOM helpers.
 */

/** The API VS Code gives a webview page, for the messages `From` it sends. */
export interface VsCodeApi<From> {
  postMessage(message: From): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi<From>(): VsCodeApi<From>;

/** The page's channel to the extension (acquired once per page); the page's script errors go to the extension as `error` messages. */
export function connect<From extends { readonly type: string }>(): { readonly vscode: VsCodeApi<From>; readonly post: (m: From) => void } {
  const vscode = acquireVsCodeApi<From>();
  const post = (m: From) => vscode.postMessage(m);
  const error = (message: string) => post({ type: "error", message } as unknown as From);
  window.addEventListener("error", (e) => error(e.message || String(e.error)));
  window.addEventListener("unhandledrejection", (e) => error(String(e.reason)));
  return { vscode, post };
}

export const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}
