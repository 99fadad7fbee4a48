// Lint: typescript-eslint's strictest type-checked set, plus the layer rules of ../shared/style.md as
// import restrictions. `npm run lint`; `npm run check` runs it before the tests.
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
    files: ["commands/**/*.ts"],
    rules: { "no-restricted-imports": ["error", noSdkNoDb] },
  },
  {
    // src/ knows the families only through the composition root.
    files: ["src/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/commands/*", "!**/commands/index.ts"], message: "src/ imports only commands/index.ts." }] }],
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
