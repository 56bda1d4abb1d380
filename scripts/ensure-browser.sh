#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (Playwright's own browser download is not used) and
# render Chinese with a CJK font. Install both with apt when missing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then
  echo "browser deps: chromium and CJK font present"
  exit 0
fi
echo "browser deps: installing ${need[*]} with apt"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
command -v chromium >/dev/null
