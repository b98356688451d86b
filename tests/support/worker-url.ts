/**
 * The URL that starts a worker entry of src/ from source, as the tests and benchmarks start it
 * (the hosts run the built files in dist/): each shim in from-source/ registers tsx's loader in
 * the worker's own thread first, since a worker does not inherit the parent's, then imports it.
 */
export function workerFromSource(entry: 'embedded-server' | 'import-parser'): URL {
  return new URL(`./from-source/${entry}.mjs`, import.meta.url);
}
