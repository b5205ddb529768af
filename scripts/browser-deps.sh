#!/usr/bin/env bash
# The browser the HTML report's tests drive (playwright-core, no bundled
# browser): Debian's chromium at /usr/bin/chromium. Installed with apt-get when
# missing and we are root; otherwise a clear message and exit 1, so a CI run
# fails loudly instead of skipping the browser tests.
set -euo pipefail
bin="${RFSN_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$bin" ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "browser-deps: $bin is missing and we are not root: install Debian's chromium (apt-get install chromium)" >&2
  exit 1
fi
echo "browser-deps: installing chromium with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
"$bin" --version >&2
