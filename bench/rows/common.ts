/** What every group of `npm run bench` shares: the bench account and the item counts. */
export const BENCH_ITEMS = 10_000;
export const BENCH_RUNS = 3;
export const BENCH_PASSWORD = 'correct horse battery staple';
export const BENCH_EMAIL = 'bench@example.com';
export const k = (n: number) => `${n / 1000}k`;
