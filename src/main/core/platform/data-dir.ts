/** The app's data folder when --data-dir is not given, following each platform's convention. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Latchkey');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Latchkey');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Latchkey');
}
