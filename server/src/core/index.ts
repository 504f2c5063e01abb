/** The pure Dealspec engine. Imports only yaml, zod, decimal.js and ISO 4217 data. */
export * from "./analyze";
export * from "./config";
export * from "./dates";
export * from "./diagnostics";
export * from "./evaluate";
export * from "./json";
export * from "./literals";
export * from "./model";
export * from "./money";
export * from "./schema";
export * from "./syntax";
export * from "./values";
export * from "./lines";
export * from "./portfolio";
export * from "./extension";
export * from "./scenarios";
export * from "./sensitivity";
