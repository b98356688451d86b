// Runs src/server/embedded-entry.ts from source in a worker thread (see ../worker-url.ts).
import { register } from 'tsx/esm/api';

register();
await import('../../../src/server/embedded-entry.ts');
