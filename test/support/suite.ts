// Suite hooks. afterAll runs even when beforeAll failed before assigning a suite's world, so a
// `let w: World` that the tests rightly treat as set may still be unset in the cleanup.

/** A value a beforeAll assigns, as afterAll must see it: possibly never assigned. */
export function ifSet<T>(value: T): T | undefined {
  return value;
}
