/**
 * Where an unlocked item's sealed record (sealed-item.ts) is held: in memory (an item the server
 * just sent), or in this device's offline cache file at a known place (an item read from the
 * cache, or written to it since). At 100,000 items the records are about 64 MB, most of it
 * details envelopes opened only when the user opens one item: they stay in the file, and are read
 * back (one `pread`) when they are needed. A record read back is used exactly as one held in
 * memory: its envelopes are opened under the vault key with their AAD, so a file damaged or
 * swapped since refuses as a damaged record would.
 *
 * A file is read through a handle opened when it was read or written, so a newer file renamed
 * over its path later does not move the records of the old one under a reader.
 */
import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** One offline cache file open for reading its records, until each of its users closed it (the one that opened it, and each that `retain`ed it). */
export class RecordFile {
  #users = 1;

  private constructor(readonly handle: FileHandle) {}

  static async open(path: string): Promise<RecordFile> {
    return new RecordFile(await open(path, 'r'));
  }

  /** `length` bytes at `at` (into `into`, when given); throws once the file is closed, or when the file is shorter than that. */
  read(at: number, length: number, into = Buffer.allocUnsafe(length)): Buffer {
    const bytes = into.subarray(0, length);
    // Never through a closed handle's number: another file may have it by now.
    if (this.#users === 0 || readSync(this.handle.fd, bytes, 0, length, at) !== length) throw new Error('The offline cache file no longer holds that record.');
    return bytes;
  }

  /** One more user, who closes it too when done (a cache write still reading a vault that closes meanwhile). */
  retain(): this {
    if (this.#users > 0) this.#users += 1;
    return this;
  }

  close(): void {
    if (this.#users === 0 || --this.#users > 0) return;
    void this.handle.close().catch(() => undefined);
  }
}

/** What bytesOf reads runs of records into, grown to the longest run read (a mebibyte when a vault is written). */
let scratch = Buffer.alloc(0);

export class HeldRecord {
  #bytes: Buffer | null;
  #file: RecordFile | null;
  #at: number;

  private constructor(
    bytes: Buffer | null,
    file: RecordFile | null,
    at: number,
    readonly length: number,
  ) {
    [this.#bytes, this.#file, this.#at] = [bytes, file, at];
  }

  static inMemory(record: Buffer): HeldRecord {
    return new HeldRecord(record, null, 0, record.length);
  }

  static inFile(file: RecordFile, at: number, length: number): HeldRecord {
    return new HeldRecord(null, file, at, length);
  }

  /** The record's bytes (read from its file if it is there). */
  bytes(): Buffer {
    return this.#bytes ?? this.#file!.read(this.#at, this.length);
  }

  /** The record was written at `at` of `file`: it is read from there from now on, and its bytes are no longer held. */
  moveTo(file: RecordFile, at: number): void {
    [this.#bytes, this.#file, this.#at] = [null, file, at];
  }

  /**
   * The bytes of each record, in order, with one read per run of records lying one after another in one file (a vault
   * read from its file, or written to it, is one run). Those read from a file are views into one buffer that the next
   * call reads into again: use them before that, and keep none (a turn of 500 records a new buffer each would leave the
   * garbage collector 64 MB to find at 100,000 items).
   */
  static bytesOf(records: readonly HeldRecord[]): Buffer[] {
    const out: Buffer[] = [];
    for (let from = 0; from < records.length; ) {
      const first = records[from]!;
      let [to, end] = [from + 1, first.#at + first.length];
      while (first.#file && to < records.length && records[to]!.#file === first.#file && records[to]!.#at === end) end += records[to++]!.length;
      if (to === from + 1) out.push(first.bytes());
      else {
        if (scratch.length < end - first.#at) scratch = Buffer.allocUnsafe(end - first.#at);
        const run = first.#file!.read(first.#at, end - first.#at, scratch);
        for (let at = 0; from < to; at += records[from++]!.length) out.push(run.subarray(at, at + records[from]!.length));
      }
      from = to;
    }
    return out;
  }
}
