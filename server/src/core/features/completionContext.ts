/**
 * Where the cursor is, for completion, read from the text rather than the
 * parsed tree (so it works while the file is not valid YAML): the path of the
 * mapping the cursor is in, from the indentation of the lines above, and the
 * keys already there. And what a completion candidate is.
 */
import type { Span } from "../diagnostics";
import type { Segment } from "../syntax";

export type CandidateKind = "key" | "value" | "snippet";

export interface Candidate {
  readonly label: string;
  readonly kind: CandidateKind;
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** Text to insert, with absolute indentation on every line after the first. */
  readonly insertText: string;
  /** True when `insertText` is a snippet (`${1:placeholder}`). */
  readonly snippet: boolean;
  /** The text the candidate replaces (the word being typed). */
  readonly replace: Span;
  readonly sortText?: string;
}

interface LineShape {
  readonly blank: boolean;
  /** Column of the `-` of a list item, if the line starts one. */
  readonly dashCol?: number;
  /** Column where the line's key (or item content) starts. */
  readonly keyCol: number;
  readonly key?: string;
}

const KEY_LINE = /^([^\s:#'"{[][^:#]*?)\s*:(?:\s|$)/;

function shape(line: string): LineShape {
  const t = line.replace(/\r$/, "");
  if (t.trim() === "" || /^\s*#/.test(t)) return { blank: true, keyCol: 0 };
  const indent = t.length - t.trimStart().length;
  const dash = /^(\s*)-(?:\s+|$)/.exec(t);
  const keyCol = dash ? dash[0].length : indent;
  const key = KEY_LINE.exec(t.slice(keyCol))?.[1];
  const out: { -readonly [K in keyof LineShape]: LineShape[K] } = { blank: false, keyCol };
  if (dash) out.dashCol = indent;
  if (key !== undefined) out.key = key;
  return out;
}

export interface Context {
  /** The path of the mapping (or list item) the cursor is in. */
  readonly path: Segment[];
  /** Keys already present in that mapping. */
  readonly siblings: Set<string>;
}

/**
 * The path of the mapping whose keys start at column `col` on line `lineNo`,
 * found from the indentation of the lines above. `dashCol` is set when the
 * cursor's own line starts a list item.
 */
export function contextAt(lines: readonly string[], lineNo: number, col: number, dashCol: number | undefined): Context {
  const reversed: Segment[] = [];
  const siblings = new Set<string>();
  let mode: "map" | "list" = dashCol === undefined ? "map" : "list";
  let listCol = dashCol ?? 0;
  let index = 0;
  let ascended = false;
  /** Steps out to the key on line shape `s` that holds the current mapping; false when the line has no key. */
  const ascend = (s: LineShape): boolean => {
    if (s.key === undefined) return false;
    reversed.push(s.key);
    ascended = true;
    col = s.keyCol;
    if (s.dashCol !== undefined) {
      mode = "list";
      listCol = s.dashCol;
      index = 0;
    } else {
      mode = "map";
    }
    return true;
  };
  for (let i = lineNo - 1; i >= 0; i--) {
    const s = shape(lines[i]!);
    if (s.blank) continue;
    if (mode === "map") {
      if (s.keyCol > col) continue;
      if (s.keyCol === col) {
        if (!ascended && s.key !== undefined) siblings.add(s.key);
        if (s.dashCol !== undefined) {
          mode = "list";
          listCol = s.dashCol;
          index = 0;
        }
        continue;
      }
      if (!ascend(s)) break;
    } else {
      if (s.dashCol === listCol) {
        index++;
        continue;
      }
      if (s.keyCol > listCol) continue;
      reversed.push(index);
      mode = "map";
      if (!ascend(s)) break;
    }
  }
  if (mode === "list") reversed.push(index);
  if (!ascended && dashCol === undefined) {
    // Keys below the cursor in the same mapping.
    for (let i = lineNo + 1; i < lines.length; i++) {
      const s = shape(lines[i]!);
      if (s.blank || s.keyCol > col) continue;
      if (s.keyCol < col || s.dashCol !== undefined) break;
      if (s.key !== undefined) siblings.add(s.key);
    }
  }
  return { path: reversed.reverse(), siblings };
}

/** The word being typed, at the end of the text before the cursor. */
export const WORD = /[A-Za-z0-9_-]*$/;

/** The end of the word that goes on after the cursor. */
export function wordAfter(text: string, offset: number): number {
  const m = /^[A-Za-z0-9_-]*/.exec(text.slice(offset));
  return offset + (m?.[0].length ?? 0);
}
