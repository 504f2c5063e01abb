/**
 * The colours of the chart, read from the VS Code theme's CSS variables
 * (light, dark and high contrast themes all define them), with fallbacks for
 * a page shown outside VS Code.
 */

export interface Theme {
  /** `vscode-light`, `vscode-dark`, `vscode-high-contrast` or `vscode-high-contrast-light`. */
  readonly name: string;
  readonly highContrast: boolean;
  readonly foreground: string;
  readonly muted: string;
  readonly background: string;
  readonly lines: string;
  readonly border: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  readonly hoverBackground: string;
  readonly hoverForeground: string;
  readonly hoverBorder: string;
  /** Colours of the stacked series, in order. */
  readonly palette: readonly string[];
  readonly cumulative: string;
  readonly exit: string;
}

const DARK = {
  foreground: "#cccccc",
  background: "#1e1e1e",
  palette: ["#3794ff", "#d18616", "#89d185", "#b180d7", "#cca700", "#f14c4c"],
};
const LIGHT = {
  foreground: "#616161",
  background: "#ffffff",
  palette: ["#1a85ff", "#d18616", "#388a34", "#652d90", "#bf8803", "#e51400"],
};

/** The VS Code theme kind the page is shown in, from the classes VS Code puts on its body. */
export function themeName(body: { classList: { contains(c: string): boolean } }): string {
  for (const c of ["vscode-high-contrast-light", "vscode-high-contrast", "vscode-dark", "vscode-light"]) if (body.classList.contains(c)) return c;
  return "vscode-light";
}

/** Reads the theme from the page's computed style. */
export function readTheme(doc: Document): Theme {
  const name = themeName(doc.body);
  const dark = name === "vscode-dark" || name === "vscode-high-contrast";
  const base = dark ? DARK : LIGHT;
  const style = getComputedStyle(doc.documentElement);
  const v = (variable: string, fallback: string) => style.getPropertyValue(variable).trim() || fallback;
  const foreground = v("--vscode-editor-foreground", base.foreground);
  const highContrast = name.startsWith("vscode-high-contrast");
  const contrastBorder = v("--vscode-contrastBorder", "");
  const names = ["blue", "orange", "green", "purple", "yellow", "red"];
  return {
    name,
    highContrast,
    foreground,
    muted: v("--vscode-descriptionForeground", foreground),
    background: v("--vscode-editor-background", base.background),
    lines: v("--vscode-charts-lines", dark ? "rgba(204,204,204,0.25)" : "rgba(97,97,97,0.25)"),
    border: contrastBorder || v("--vscode-panel-border", dark ? "#444444" : "#d4d4d4"),
    fontFamily: v("--vscode-font-family", "system-ui, sans-serif"),
    fontSize: Number.parseFloat(v("--vscode-font-size", "13px")) || 13,
    hoverBackground: v("--vscode-editorHoverWidget-background", base.background),
    hoverForeground: v("--vscode-editorHoverWidget-foreground", foreground),
    hoverBorder: v("--vscode-editorHoverWidget-border", dark ? "#454545" : "#c8c8c8"),
    palette: names.map((n, i) => v(`--vscode-charts-${n}`, base.palette[i]!)),
    cumulative: v("--vscode-charts-foreground", foreground),
    exit: v("--vscode-charts-red", base.palette[5]!),
  };
}
