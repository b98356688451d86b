/**
 * The load generator of bench/server-cpu.ts, in a process of its own so that the server
 * process's CPU time (`process.cpuUsage()`) is the server's alone. It takes each run by IPC
 * (the session token is never on argv) and answers with autocannon's count of requests.
 */
import autocannon from 'autocannon';

export interface LoadRun {
  url: string;
  token?: string;
  seconds: number;
  connections: number;
}
export interface LoadResult {
  requests: number;
  failures: number;
}

process.on('message', (run: LoadRun) => {
  const headers = run.token ? { authorization: `Bearer ${run.token}` } : undefined;
  void autocannon({ url: run.url, connections: run.connections, duration: run.seconds, headers }).then((result) => {
    const answer: LoadResult = { requests: result.requests.total, failures: result.non2xx + result.errors + result.timeouts };
    process.send?.(answer);
  });
});
