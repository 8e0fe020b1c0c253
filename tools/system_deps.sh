#!/usr/bin/env bash
# WeasyPrint needs Pango (and HarfBuzz) from the system. Check; install on Debian when run as root;
# otherwise say exactly what to install.
set -euo pipefail
missing=()
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || missing+=(libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so' || missing+=(libharfbuzz-subset0)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system libraries for PDF output: ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "PDF output (WeasyPrint) needs these system libraries: ${missing[*]}" >&2
echo "On Debian/Ubuntu: sudo apt-get install ${missing[*]}" >&2
echo "On Fedora/RHEL:   sudo dnf install pango harfbuzz" >&2
echo "On macOS:         brew install pango" >&2
exit 1
