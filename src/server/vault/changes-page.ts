/**
 * A page of changes (GET /v1/vaults/:vaultId/changes) written straight to JSON bytes: the same
 * text as Fastify's serialisation through the route's response schema (tests/integration/server/
 * vault.test.ts compares them byte for byte), without scanning 200 kB of ciphertext for
 * characters to escape.
 *
 * No string here needs escaping, by what the server accepts when it stores one: vault and item
 * ids are 22 base64url characters (`id16`), `overview`, `details` and `deletion_marker` are
 * envelopes as base64url (`envelope()` in src/shared/server-api/http.ts; a purge's tombstone
 * takes the marker the client sent, checked the same way), and `updatedAt` is an ISO date.
 */
import type { ItemView } from '../../shared/server-api/vault';
import { asciiJson, type SerializedJson } from '../http/serialized-json';
import { toMillis, type DatabaseSchema } from '../database/schema';

type ItemRow = Pick<DatabaseSchema['vault_items'], 'vault_id' | 'id' | 'version' | 'deleted' | 'overview' | 'details' | 'deletion_marker' | 'updated_at'>;

export interface ChangesPage {
  items: ItemView[];
  cursor: string;
  hasMore: boolean;
}

const text = (value: string | null) => (value === null ? 'null' : `"${value}"`);

export function changesPageJson(rows: readonly ItemRow[], cursor: string, hasMore: boolean): SerializedJson<ChangesPage> {
  const parts = ['{"items":['];
  rows.forEach((row, index) => {
    parts.push(
      `${index === 0 ? '' : ','}{"vaultId":"${row.vault_id}","itemId":"${row.id}","version":${Number(row.version)},"deleted":${Number(row.deleted) !== 0},"overview":`,
      text(row.overview),
      ',"details":',
      text(row.details),
      `,"deletionMarker":${text(row.deletion_marker)},"updatedAt":"${new Date(toMillis(row.updated_at)).toISOString()}"}`,
    );
  });
  parts.push(`],"cursor":"${cursor}","hasMore":${hasMore}}`);
  return asciiJson(parts);
}
