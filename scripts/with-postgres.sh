#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster on loopback, and removes it after.
# The command sees LATCHKEY_TEST_POSTGRES_URL. Used by `npm test`; also handy alone:
#   bash scripts/with-postgres.sh npx vitest run tests/integration
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed: run scripts/install-system-deps.sh" >&2; exit 1; }
dir=$(mktemp -d /tmp/latchkey-pg-XXXXXX)
port=${LATCHKEY_TEST_POSTGRES_PORT:-$((20000 + RANDOM % 20000))}
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root.
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
cleanup() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U latchkey --auth=trust -E UTF8 >/dev/null
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null
"${as_owner[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U latchkey latchkey_test
export LATCHKEY_TEST_POSTGRES_URL="postgres://latchkey@127.0.0.1:$port/latchkey_test"
"$@"
