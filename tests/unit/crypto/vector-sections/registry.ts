/**
 * Every vector section: each other `.ts` file in this folder exports `sections: VectorSection[]`.
 * Files load in name order, so adding a section is adding a file (nothing here to merge).
 */

import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { VectorSection } from './section';

const dir = fileURLToPath(new URL('.', import.meta.url));
const OWN = new Set(['registry.ts', 'section.ts']);

export async function loadSections(): Promise<VectorSection[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !OWN.has(f))
    .sort();
  const all: VectorSection[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(dir + file).href)) as { sections?: unknown };
    if (!Array.isArray(mod.sections)) throw new Error(`vector-sections/${file} must export sections: VectorSection[]`);
    all.push(...(mod.sections as VectorSection[]));
  }
  const names = all.map((s) => s.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`vector section ${dup} is defined twice`);
  return all;
}
