#!/usr/bin/env bash
# The tests run generated Python and compare with peer tools; they need these
# Debian packages for the system interpreter /usr/bin/python3. Installs what is
# missing when run as root; otherwise says what to install.
set -euo pipefail
pkgs=(python3-pytest python3-prometheus-client python3-aiosqlite python3-httpx python3-bandit pyupgrade pydocstyle)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "python-deps: missing Debian packages: ${missing[*]} (install them with apt-get as root)" >&2
  exit 1
fi
echo "python-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
