// Runs a worker entry of src/ from source in a worker thread, as the tests and benchmarks
// start it (the hosts run the built files in dist/): tsx's loader is registered in this
// thread first, since a worker does not inherit the parent's. The entry is named in the
// URL's query: workerFromSource('src/server/embedded-entry.ts').
import { URL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const entry = new URL(import.meta.url).searchParams.get('entry');
if (!entry?.startsWith('src/')) throw new Error('worker-from-source.mjs?entry=src/… names the entry to run');
await import(new URL(`../../${entry}`, import.meta.url).href);
