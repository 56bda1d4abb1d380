#!/usr/bin/env bash
# Letters and the annual report are laid out to GB/T 9704-2012 (src/gongkai/core/paper.py). They
# name 仿宋_GB2312 and 方正小标宋简体 first (a district's Word has them) and embed the free fallback
# Noto Serif CJK SC (Debian fonts-noto-cjk: Regular for 仿宋 body text, Bold for the 小标宋 title)
# in the PDFs. poppler-utils (pdftoppm, pdffonts) is for looking at the rendered pages.
set -euo pipefail
need=()
fc-list 2>/dev/null | grep -qi "Noto Serif CJK SC" || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -eq 0 ]; then
  echo "paper deps: Noto Serif CJK SC and poppler-utils present"
  exit 0
fi
echo "paper deps: installing ${need[*]} with apt"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
