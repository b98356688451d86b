import { execFileSync } from 'node:child_process';

/** The specs drive the built app, exactly as `npm run start:browser` runs it. */
export default function globalSetup(): void {
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}
