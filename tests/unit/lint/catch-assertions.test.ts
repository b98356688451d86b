/**
 * The lint rule against assertions inside `catch` (eslint.config.js), run with the repository's
 * own configuration on fixture tests: it must fire on each way an assertion hides in a catch,
 * and stay quiet on the honest forms, so a test that passes when nothing throws cannot be merged.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });
const message = 'No assertions inside catch: they pass when nothing is thrown.';

/** The messages of the catch rule for `code` linted as a test file. */
async function catchFindings(code: string): Promise<number[]> {
  const [result] = await eslint.lintText(code, { filePath: 'tests/unit/lint/fixture.test.ts' });
  expect(result!.messages.filter((found) => found.ruleId !== 'no-restricted-syntax')).toEqual([]);
  return result!.messages.filter((found) => found.message === message).map((found) => found.line);
}

const header = "import { expect, it } from 'vitest';\ndeclare function parse(text: string): unknown;\n";

describe('lint: no assertions inside catch', () => {
  it('fires on expect in a catch block, in a promise .catch callback, and on expect.soft', async () => {
    const code = `${header}
it('catch block', () => {
  try {
    parse('x');
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
  }
});
it('promise catch', async () => {
  await Promise.reject(new Error('x')).catch((error: unknown) => expect(error).toBeDefined());
});
it('soft', () => {
  try {
    parse('x');
  } catch (error) {
    expect.soft(error).toBeDefined();
  }
});
`;
    expect(await catchFindings(code)).toEqual([8, 12, 18]);
  });

  it('accepts assertions on what was thrown, made outside the catch', async () => {
    const code = `${header}
it('toThrow', () => {
  expect(() => parse('x')).toThrow(Error);
});
it('caught into a variable', async () => {
  let caught: unknown;
  try {
    parse('x');
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(Error);
  const failure = await Promise.reject(new Error('x')).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(Error);
});
`;
    expect(await catchFindings(code)).toEqual([]);
  });
});
