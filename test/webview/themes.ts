/**
 * The CSS variables VS Code sets on a webview's root element, for two of its
 * default themes (Light Modern and Dark Modern, abridged to what the page
 * reads), and the body class it sets with each.
 */
export interface PageTheme {
  readonly bodyClass: string;
  readonly variables: Readonly<Record<string, string>>;
}

const common = {
  "--vscode-font-family": "-apple-system, BlinkMacSystemFont, 'Segoe WPC', 'Segoe UI', 'Ubuntu', 'Droid Sans', sans-serif",
  "--vscode-font-size": "13px",
};

export const LIGHT: PageTheme = {
  bodyClass: "vscode-light",
  variables: {
    ...common,
    "--vscode-editor-foreground": "#3b3b3b",
    "--vscode-editor-background": "#ffffff",
    "--vscode-descriptionForeground": "#3b3b3b",
    "--vscode-charts-foreground": "#3b3b3b",
    "--vscode-charts-lines": "rgba(59, 59, 59, 0.5)",
    "--vscode-charts-red": "#e51400",
    "--vscode-charts-blue": "#1a85ff",
    "--vscode-charts-yellow": "#bf8803",
    "--vscode-charts-orange": "#d18616",
    "--vscode-charts-green": "#388a34",
    "--vscode-charts-purple": "#652d90",
    "--vscode-editorHoverWidget-background": "#f8f8f8",
    "--vscode-editorHoverWidget-foreground": "#3b3b3b",
    "--vscode-editorHoverWidget-border": "#c8c8c8",
    "--vscode-button-secondaryBackground": "#e5e5e5",
    "--vscode-button-secondaryForeground": "#3b3b3b",
    "--vscode-button-secondaryHoverBackground": "#cccccc",
    "--vscode-focusBorder": "#005fb8",
    "--vscode-textLink-foreground": "#005fb8",
    "--vscode-editorWarning-foreground": "#bf8803",
  },
};

export const DARK: PageTheme = {
  bodyClass: "vscode-dark",
  variables: {
    ...common,
    "--vscode-editor-foreground": "#cccccc",
    "--vscode-editor-background": "#1f1f1f",
    "--vscode-descriptionForeground": "#9d9d9d",
    "--vscode-charts-foreground": "#cccccc",
    "--vscode-charts-lines": "rgba(204, 204, 204, 0.5)",
    "--vscode-charts-red": "#f14c4c",
    "--vscode-charts-blue": "#3794ff",
    "--vscode-charts-yellow": "#cca700",
    "--vscode-charts-orange": "#d18616",
    "--vscode-charts-green": "#89d185",
    "--vscode-charts-purple": "#b180d7",
    "--vscode-editorHoverWidget-background": "#202020",
    "--vscode-editorHoverWidget-foreground": "#cccccc",
    "--vscode-editorHoverWidget-border": "#454545",
    "--vscode-button-secondaryBackground": "#313131",
    "--vscode-button-secondaryForeground": "#cccccc",
    "--vscode-button-secondaryHoverBackground": "#3c3c3c",
    "--vscode-focusBorder": "#0078d4",
    "--vscode-textLink-foreground": "#4daafc",
    "--vscode-editorWarning-foreground": "#cca700",
  },
};
