/**
 * What `run` throws, for assertions made after it (outside any `catch`, so a test fails when
 * nothing is thrown); a run that throws nothing fails the test here.
 */
export function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw, and it did not');
}
