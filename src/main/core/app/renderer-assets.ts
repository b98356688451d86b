/**
 * Serves the built renderer (dist/renderer) to either host's custom origin. Only files
 * inside the renderer folder are served; anything else is a 404, so a crafted path cannot
 * read the disk.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from '../../../shared/app-shell';

export interface RendererAsset {
  status: 200 | 404;
  headers: Record<string, string>;
  body: Buffer;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const securityHeaders = {
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};

export async function readRendererAsset(rendererDir: string, requestUrl: string): Promise<RendererAsset> {
  const root = resolve(rendererDir);
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return notFound();
  }
  const file = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  const type = contentTypes[extname(file)];
  if (!file.startsWith(root + sep) || !type) return notFound();
  try {
    return { status: 200, headers: { ...securityHeaders, 'Content-Type': type }, body: await readFile(file) };
  } catch {
    return notFound();
  }
}

function notFound(): RendererAsset {
  return { status: 404, headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' }, body: Buffer.from('Not found') };
}
