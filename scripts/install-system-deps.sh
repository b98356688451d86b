#!/usr/bin/env bash
# Debian packages the app and its tests need: Chromium (browser host and e2e), PostgreSQL
# (the server's scale path), D-Bus, gnome-keyring and secret-tool (the OS keychain), poppler-utils
# (PDF checks), DejaVu fonts (readable screenshots). Safe to run again.
set -euo pipefail
packages=(chromium postgresql dbus gnome-keyring libsecret-tools poppler-utils fonts-dejavu-core keepassxc time)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "System packages: all present."
  exit 0
fi
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
echo "System packages: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
