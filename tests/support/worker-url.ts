/** The URL that starts a worker entry of src/ from source (through worker-from-source.mjs). */
export function workerFromSource(entry: `src/${string}.ts`): URL {
  const url = new URL('./worker-from-source.mjs', import.meta.url);
  url.searchParams.set('entry', entry);
  return url;
}
