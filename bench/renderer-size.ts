/**
 * The renderer's initial JavaScript, gzipped: every script and module preload that
 * dist/renderer/index.html loads before the first screen, from the production build (built
 * first when missing). Lazily imported chunks are not counted: they are not initial.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const RENDERER_DIST = join('dist', 'renderer');

export function initialRendererJs(): { gzipBytes: number; files: string[] } {
  const indexHtml = join(RENDERER_DIST, 'index.html');
  if (!existsSync(indexHtml)) execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  const html = readFileSync(indexHtml, 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\.?\/?([^"]+\.js)"/g)].map((match) => match[1]!);
  if (files.length === 0) throw new Error(`no script in ${indexHtml}`);
  const gzipBytes = files.reduce((total, file) => total + gzipSync(readFileSync(join(RENDERER_DIST, file)), { level: 9 }).length, 0);
  return { gzipBytes, files };
}
