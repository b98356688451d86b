/**
 * Imported first by each preload. The preloads run under the renderer's CSP, which forbids
 * eval, so zod must not compile validators with new Function there. zod reads this setting
 * when a schema is built, so it must run before any schema module is evaluated.
 */
import { z } from 'zod';

z.config({ jitless: true });
