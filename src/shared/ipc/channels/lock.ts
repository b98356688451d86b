/** Channels for locking on idle: the renderer's activity reports and the idle-lock setting. */
import { z } from 'zod';
import { emptyRequest, emptyResponse } from './common';

export const MAX_IDLE_LOCK_MINUTES = 24 * 60;
/** The renderer reports activity at most this often; the idle time is measured in minutes, so this costs nothing. */
export const ACTIVITY_REPORT_MS = 2_000;

const minutesMessage = `Enter a whole number of minutes from 1 to ${MAX_IDLE_LOCK_MINUTES}.`;
export const idleLockMinutes = z.int({ error: minutesMessage }).min(1, minutesMessage).max(MAX_IDLE_LOCK_MINUTES, minutesMessage);

const lockSettings = z.object({ idleLockMinutes }).strict();

export const lockChannels = {
  /** The user typed, clicked or scrolled: postpones the idle lock. */
  'lock.activity': { request: emptyRequest, response: emptyResponse },
  'lock.settings': { request: emptyRequest, response: lockSettings },
  'lock.saveSettings': { request: lockSettings, response: lockSettings },
} as const;
