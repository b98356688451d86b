#!/usr/bin/env bash
# Runs a command with a throwaway, unlocked OS keychain (a Secret Service), and removes it after.
# A private D-Bus session bus (dbus-run-session) gets its own gnome-keyring-daemon, whose
# keyrings live in a temporary folder, so the developer's real keyring is never read or
# touched. Works as root or not, with no display and no prompt. Used by `npm test`; also
# handy alone:
#   bash scripts/with-keyring.sh npx vitest run tests/integration/device
# The command sees the private bus in DBUS_SESSION_BUS_ADDRESS, LATCHKEY_TEST_KEYRING=throwaway,
# and the caller's own HOME and XDG_* folders, unchanged.
set -euo pipefail

if [ "${1:-}" != "--inside-session" ]; then
  [ $# -gt 0 ] || { echo "usage: bash scripts/with-keyring.sh COMMAND [ARG...]" >&2; exit 2; }
  for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: run scripts/install-system-deps.sh" >&2; exit 1; }
  done
  dir=$(mktemp -d /tmp/latchkey-keyring-XXXXXX)
  trap 'rm -rf "$dir"' EXIT
  mkdir -m 700 "$dir/home" "$dir/data" "$dir/config" "$dir/run"
  # The bus, and anything it might start by D-Bus activation, sees only the throwaway folders;
  # the inner half gives the command back the caller's own.
  status=0
  env \
    LATCHKEY_KEYRING_DIR="$dir" \
    LATCHKEY_CALLER_HOME="${HOME-}" \
    LATCHKEY_CALLER_XDG="$(declare -p XDG_DATA_HOME XDG_CONFIG_HOME XDG_RUNTIME_DIR 2>/dev/null || true)" \
    HOME="$dir/home" XDG_DATA_HOME="$dir/data" XDG_CONFIG_HOME="$dir/config" XDG_RUNTIME_DIR="$dir/run" \
    dbus-run-session -- bash "$0" --inside-session "$@" || status=$?
  exit "$status"
fi

# Inside the private session bus.
shift
dir=$LATCHKEY_KEYRING_DIR
log="$dir/gnome-keyring.log"
# --unlock reads the login keyring's password from stdin and creates the keyring with it.
# An empty password leaves no usable default collection, so use a throwaway one.
printf 'latchkey-throwaway' | gnome-keyring-daemon --foreground --unlock --components=secrets >"$log" 2>&1 &
daemon=$!
trap 'kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true' EXIT

default_collection() {
  dbus-send --session --print-reply=literal --reply-timeout=2000 --dest=org.freedesktop.secrets \
    /org/freedesktop/secrets org.freedesktop.Secret.Service.ReadAlias string:default 2>/dev/null || true
}
ready=
for _ in $(seq 1 100); do
  kill -0 "$daemon" 2>/dev/null || break
  # Ask the bus first: calling org.freedesktop.secrets before the daemon owns it would
  # start another daemon by D-Bus activation.
  if dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; then
    collection=$(default_collection)
    case "$collection" in
      *collection/login*)
        # ... and it must be unlocked, or every test would meet an unlock prompt.
        if dbus-send --session --print-reply=literal --dest=org.freedesktop.secrets "$(echo "$collection" | awk '{print $NF}')" \
          org.freedesktop.DBus.Properties.Get string:org.freedesktop.Secret.Collection string:Locked 2>/dev/null | grep -q false; then
          ready=1
          break
        fi
        ;;
    esac
  fi
  sleep 0.1
done
if [ -z "$ready" ]; then
  echo "with-keyring: gnome-keyring-daemon did not provide an unlocked keyring. Its log:" >&2
  cat "$log" >&2
  exit 1
fi

unset LATCHKEY_KEYRING_DIR XDG_DATA_HOME XDG_CONFIG_HOME XDG_RUNTIME_DIR
export HOME="$LATCHKEY_CALLER_HOME"
[ -n "$HOME" ] || unset HOME
eval "$LATCHKEY_CALLER_XDG" # `declare -x NAME=...` lines: sets and exports those that were set.
unset LATCHKEY_CALLER_HOME LATCHKEY_CALLER_XDG
# Tests that write to the keychain check this, so they never run against a real keyring.
export LATCHKEY_TEST_KEYRING=throwaway
status=0
"$@" || status=$?
exit "$status"
