/**
 * The import parser's worker entry (built to dist/main/import-worker.js): opening a file
 * (a KDBX file's decryption, decompression and XML, a 1PUX archive, a large CSV) is long
 * synchronous work, so the hosts run it here, off the main core's event loop. One file per
 * worker: it answers once and the host ends it. The file's bytes and password come only as
 * the message; this copy of the bytes is wiped after. A KDBX file's XML is read by kdbx-xml.ts.
 */
import { parentPort } from 'node:worker_threads';
import { ImportError } from './import-error';
import { useKdbxXmlReader } from './kdbx-xml';
import { parseImport } from './read-import';
import type { ParseReply, ParseRequest } from './parse-off-thread';

const port = parentPort;
if (!port) throw new Error('parse-entry runs only as a worker thread, started by parseOffThread');
// This thread only reads files: kdbxweb reads their XML with the lean reader, not xmldom.
useKdbxXmlReader();
port.once('message', (request: ParseRequest) => {
  void parseImport(request.bytes, request.secrets)
    .then((result): ParseReply => ({ ok: true, result }))
    .catch((error: unknown): ParseReply => (error instanceof ImportError ? { ok: false, code: error.code, message: error.message } : { ok: false, code: null, message: error instanceof Error ? error.name : 'unknown' }))
    .then((reply) => {
      request.bytes.fill(0);
      request.secrets?.keyFile?.fill(0);
      port.postMessage(reply);
    });
});
