/** How this device names itself to the sync server, in the list of signed-in devices. */
import { hostname } from 'node:os';
import type { platforms } from '../../../shared/server-api/account';

export function thisDevice(): { name: string; platform: (typeof platforms)[number] } {
  const platform = process.platform === 'darwin' ? 'macos' : process.platform === 'win32' ? 'windows' : process.platform === 'linux' ? 'linux' : 'other';
  return { name: (hostname() || 'This computer').slice(0, 64), platform };
}
