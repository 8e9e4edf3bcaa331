#!/usr/bin/env bash
# The Debian packages the test suite drives for real, in ONE list: `npm test` runs this first
# (pretest), and so does .ci/run through `npm test`. Add a package as one line below:
#   "<debian package> <command or file that proves it is installed>"
set -euo pipefail

PACKAGES=(
  "nginx /usr/sbin/nginx"   # scale-out test: a caching reverse proxy in front of two replicas
  "chromium chromium"       # browser test: GraphiQL in a real browser
  "libxml2-utils xmllint"   # syndication tests: every feed and sitemap is well-formed XML
  "varnish /usr/sbin/varnishd"  # edge test: Varnish 7 caching in front of two replicas…
  "varnish-modules /usr/share/doc/varnish-modules/copyright"  # …purged by tag (the xkey vmod)
)

missing=()
for entry in "${PACKAGES[@]}"; do
  read -r package probe <<<"$entry"
  command -v "$probe" >/dev/null 2>&1 || [ -e "$probe" ] || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "The test suite needs these Debian packages: ${missing[*]}" >&2
  echo "Install them once with:  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "The test suite needs: ${missing[*]} (no apt-get here: install them with your package manager)" >&2
  exit 1
fi
echo "Installing the Debian packages the tests drive: ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
