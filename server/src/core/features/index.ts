/** The editor features of the engine: pure functions from an analysis and an offset to offset-based results. */
export * from "./codeActions";
export * from "./codeLens";
export * from "./common";
export * from "./completion";
export * from "./explain";
export * from "./explainCapacity";
export * from "./explainFee";
export * from "./folding";
export * from "./hover";
export * from "./inlayHints";
export * from "./explainPortfolio";
export * from "./portfolioNavigation";
export * from "./navigation";
export * from "./schedule";
export * from "./symbols";
export * from "./display";
export * from "./scenarios";
/** The value-tree helpers handlers use beside `hitAt`. */
export { isRecord, valueAt } from "../syntax";
export * from "./keyDates";
