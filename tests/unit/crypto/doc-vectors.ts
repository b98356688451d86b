/**
 * The spec's test vectors live in ONE fenced JSON block in §15 of docs/security-design.md,
 * between the markers below. Tests read the block from the doc; generate-vectors.ts rewrites
 * it in place. Top-level keys are the vector sections (vector-sections/), in registry order.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DOC_PATH = fileURLToPath(new URL('../../../docs/security-design.md', import.meta.url));
const BEGIN = '<!-- test-vectors:begin -->\n```json\n';
const END = '```\n<!-- test-vectors:end -->';

export type VectorBlock = Record<string, unknown>;

function locate(doc: string): { start: number; end: number } {
  const begin = doc.indexOf(BEGIN);
  const end = doc.indexOf(END, begin);
  if (begin < 0 || end < 0 || doc.indexOf(BEGIN, begin + 1) >= 0) {
    throw new Error(`docs/security-design.md must hold exactly one vector block between ${JSON.stringify(BEGIN)} and ${JSON.stringify(END)}`);
  }
  return { start: begin + BEGIN.length, end };
}

/** The parsed vector block of the doc. */
export function readDocVectors(doc = readFileSync(DOC_PATH, 'utf8')): VectorBlock {
  const { start, end } = locate(doc);
  const parsed: unknown = JSON.parse(doc.slice(start, end));
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the vector block must be a JSON object');
  return parsed as VectorBlock;
}

/** Replaces the block's content, leaving the rest of the doc untouched. */
export function writeDocVectors(block: VectorBlock): void {
  const doc = readFileSync(DOC_PATH, 'utf8');
  const { start, end } = locate(doc);
  writeFileSync(DOC_PATH, doc.slice(0, start) + JSON.stringify(block, null, 2) + '\n' + doc.slice(end));
}
