import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRendererAsset } from '../../../src/main/core/app/renderer-assets';
import { contentSecurityPolicy } from '../../../src/shared/app-shell';

let root: string;
let rendererDir: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'latchkey-assets-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, 'outside.html'), 'secret');
});

describe('renderer assets', () => {
  it('serves index.html for / with the CSP and nosniff headers', async () => {
    const asset = await readRendererAsset(rendererDir, 'latchkey://app/');
    expect(asset.status).toBe(200);
    expect(asset.body.toString()).toContain('<title>app</title>');
    expect(asset.headers['Content-Security-Policy']).toBe(contentSecurityPolicy);
    expect(asset.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(asset.headers['Content-Type']).toBe('text/html; charset=utf-8');
  });

  it('serves a bundled script with a script type', async () => {
    const asset = await readRendererAsset(rendererDir, 'https://app.latchkey.invalid/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['Content-Type']).toMatch(/^text\/javascript/);
  });

  it.each([
    'latchkey://app/../outside.html',
    'latchkey://app/%2e%2e/outside.html',
    'latchkey://app/..%2Foutside.html',
    'latchkey://app/assets/missing.js',
    'latchkey://app/assets/',
    'latchkey://app/etc/passwd',
    'not a url',
  ])('answers 404 for %s and reads nothing outside the renderer folder', async (url) => {
    const asset = await readRendererAsset(rendererDir, url);
    expect(asset.status).toBe(404);
    expect(asset.body.toString()).not.toContain('secret');
    expect(asset.headers['Content-Security-Policy']).toBe(contentSecurityPolicy);
  });
});
