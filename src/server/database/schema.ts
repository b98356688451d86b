/** The tables the server keeps, as Kysely sees them. Each migration that adds a table adds it here. */
export interface DatabaseSchema {
  server_info: { key: string; value: string };
}
