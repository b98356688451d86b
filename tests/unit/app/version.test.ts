import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { appVersion } from '../../../src/shared/version';

it("keeps the app's version constant equal to package.json's", () => {
  expect(appVersion).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
});
