#!/usr/bin/env bash
# The load benchmark (bench/search_load.py) drives the server with wrk; install it with apt
# when missing. The other benchmarks need only the venv (`make venv`).
set -euo pipefail
if command -v wrk >/dev/null 2>&1; then
  echo "bench tools: wrk present"
  exit 0
fi
echo "bench tools: installing wrk with apt"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
command -v wrk >/dev/null
