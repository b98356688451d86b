/**
 * The session-level request filter, a second wall behind the renderer's CSP: a page of ours
 * reaches only the app's own origin. Everything else (http, https, ws, file, another custom
 * scheme, a data: page or script) is cancelled before Chromium makes the request. Two
 * exceptions, each as narrow as its use: a data: image (the kit preview the core renders as a
 * PNG), and DevTools' own pages in an unpackaged build. The hidden window a kit is printed
 * from lives in its own session, where only the data: page it is loaded from is allowed.
 * Imports from 'electron' here are types only.
 */
import type { OnBeforeRequestListenerDetails, Session } from 'electron';
import { appOrigins } from '../../shared/app-shell';
import { originOf } from '../core/ipc/origin';

/** The session a kit's hidden print window uses (see window-policy.ts). */
export const kitPartition = 'latchkey-kit';

export type RequestRule = 'app' | 'kit';

type Details = Pick<OnBeforeRequestListenerDetails, 'url' | 'resourceType'>;

export function isAllowedRequest(rule: RequestRule, { url, resourceType }: Details, devTools: boolean): boolean {
  if (rule === 'kit') return resourceType === 'mainFrame' && url.startsWith('data:text/html;');
  if (originOf(url) === appOrigins.electron) return true;
  if (resourceType === 'image' && url.startsWith('data:image/png;base64,')) return true;
  return devTools && url.startsWith('devtools://');
}

/** Cancels every request of `session` that `rule` does not allow. */
export function filterRequests(session: Pick<Session, 'webRequest'>, rule: RequestRule, devTools: boolean): void {
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(rule, details, devTools) }));
}
