/**
 * Which native addons a dependency tree loads, and whether each is an N-API module (one build
 * for every Node and Electron ABI). An N-API addon defines `napi_register_module_v1`; one built
 * for a single ABI (better-sqlite3) defines `node_register_module_v<ABI>` instead.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const NAPI_ENTRY = 'napi_register_module_v1';
const SHT_DYNSYM = 11;
const SHN_UNDEF = 0;

/** The names a shared object (ELF, 32 or 64 bit, little endian) defines in its dynamic symbol table. */
export function elfDynamicExports(file: string): string[] {
  const elf = readFileSync(file);
  if (elf.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${file}: not an ELF file`);
  if (elf[5] !== 1) throw new Error(`${file}: not little endian`);
  const is64 = elf[4] === 2;
  const word = (at: number) => (is64 ? Number(elf.readBigUInt64LE(at)) : elf.readUInt32LE(at));
  const sectionTable = word(is64 ? 0x28 : 0x20);
  const sectionSize = elf.readUInt16LE(is64 ? 0x3a : 0x2e);
  const sectionCount = elf.readUInt16LE(is64 ? 0x3c : 0x30);
  const section = (index: number) => {
    const at = sectionTable + index * sectionSize;
    return { type: elf.readUInt32LE(at + 4), offset: word(at + (is64 ? 0x18 : 0x10)), size: word(at + (is64 ? 0x20 : 0x14)), link: elf.readUInt32LE(at + (is64 ? 0x28 : 0x18)) };
  };
  const names: string[] = [];
  for (let i = 0; i < sectionCount; i++) {
    const symbols = section(i);
    if (symbols.type !== SHT_DYNSYM) continue;
    const strings = section(symbols.link);
    const entrySize = is64 ? 24 : 16;
    for (let at = symbols.offset + entrySize; at < symbols.offset + symbols.size; at += entrySize) {
      if (elf.readUInt16LE(at + (is64 ? 6 : 14)) === SHN_UNDEF) continue;
      const start = strings.offset + elf.readUInt32LE(at);
      names.push(elf.toString('latin1', start, elf.indexOf(0, start)));
    }
  }
  return names;
}

/** Whether the addon registers itself through N-API. Mach-O and PE files (other platforms' prebuilds) are read for the export's name. */
export function isNapiAddon(file: string): boolean {
  const head = readFileSync(file).subarray(0, 4);
  if (head.readUInt32BE(0) === 0x7f454c46) return elfDynamicExports(file).includes(NAPI_ENTRY);
  return readFileSync(file).includes(NAPI_ENTRY);
}

function addonsUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // Nested packages are listed by npm on their own.
    if (entry.isDirectory() && entry.name !== 'node_modules') found.push(...addonsUnder(path));
    else if (entry.isFile() && entry.name.endsWith('.node')) found.push(path);
  }
  return found;
}

/** Every `.node` file of the packages `npm ls --omit=dev` lists for the project at `root`. */
export function runtimeAddons(root: string): string[] {
  const listing = execFileSync('npm', ['ls', '--omit=dev', '--parseable', '--all'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const packages = [...new Set(listing.split('\n').filter((line) => line.length > 0))].slice(1);
  return packages.flatMap(addonsUnder);
}
