// Lint: typescript-eslint's strictest type-checked set, plus the layer rules of ../shared/style.md as
// import restrictions (test/unit/architecture.test.ts checks the same on the import lines).
// `npm run lint`; `npm run check` runs it before the tests.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const noSdkNoDb = {
  paths: [
    { name: "matrix-bot-sdk", message: "commands/ never talks to Matrix: return outbox writes through ctx." },
    { name: "better-sqlite3", message: "commands/ never holds the database: use ctx.store." },
  ],
  patterns: [
    { group: ["**/src/matrix/*", "!**/src/matrix/cross-signing.ts"], message: "commands/ reaches Matrix only through ctx (the outbox)." },
    { group: ["**/src/db/*"], message: "commands/ reaches the database only through repositories in src/store/." },
  ],
};

// From commands/<family>/x.ts, "./y.ts" is the own family and "../../src/…" the machinery; "../z/…"
// would be another family and "../index.ts" the list of them all: what two families share moves to src/.
const noOtherFamily = {
  regex: "^\\.\\./(?!\\.\\./)",
  message: "A family imports no other family: move what they share to src/ (store, render, records) or pass it through ctx.",
};

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "**/*.mjs", "eslint.config.js"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Template literals with numbers are how messages are written; booleans and nullish are not.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      // `() => wake()` as a callback reads as intended; a void value in a statement or return is still flagged.
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
      // `_`-prefixed parameters are the SDK's or an interface's, kept for their position.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The composition root: it imports the families and, like them, neither the SDK nor the database.
    files: ["commands/index.ts"],
    rules: { "no-restricted-imports": ["error", noSdkNoDb] },
  },
  {
    // A family folder: one family's whole behaviour.
    files: ["commands/*/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { ...noSdkNoDb, patterns: [...noSdkNoDb.patterns, noOtherFamily] }] },
  },
  {
    // src/ knows the families only through the composition root.
    files: ["src/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/commands/**", "!**/commands/index.ts"], message: "src/ imports only commands/index.ts." }] }],
    },
  },
  {
    // Tests build fixtures from loosely typed JSON and drive the SDK's untyped events.
    files: ["test/**/*.ts", "scripts/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
);
