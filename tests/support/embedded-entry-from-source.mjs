// Runs src/server/embedded-entry.ts from source in a worker thread, as the tests start it
// (the hosts run the built dist/server/embedded.js): tsx's loader is registered in this
// thread first, since a worker does not inherit the parent's.
import { register } from 'tsx/esm/api';

register();
await import('../../src/server/embedded-entry.ts');
