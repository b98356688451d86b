/** The main process's client for the sync API. */
import { z } from 'zod';
import { SERVER_API_VERSION } from '../../../shared/server-api/version';

const serverIdentity = z.object({ name: z.literal('latchkey-server'), version: z.string(), apiVersion: z.number().int(), schema: z.string() });
export type ServerIdentity = z.infer<typeof serverIdentity>;

export class SyncServerClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 5_000,
  ) {}

  /** The server's identity, or null when it cannot be reached or is not a Latchkey server we speak to. */
  async identity(): Promise<ServerIdentity | null> {
    try {
      const response = await fetch(new URL('/version', this.baseUrl), { signal: AbortSignal.timeout(this.timeoutMs) });
      if (!response.ok) return null;
      const parsed = serverIdentity.safeParse(await response.json());
      return parsed.success && parsed.data.apiVersion === SERVER_API_VERSION ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
