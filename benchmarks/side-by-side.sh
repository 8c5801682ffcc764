#!/usr/bin/env bash
# Runs emcee 3.1 (Debian's python3-emcee, installed when missing) and our sampler on the same
# problems in one go, and prints per-step times and the ratios emcee/ours and ours/hand-written.
# Usage: benchmarks/side-by-side.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c "import emcee" 2>/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-emcee >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bin/benchmark SideBySideMain > "$out/ours.txt"
/usr/bin/python3 benchmarks/emcee_side_by_side.py > "$out/emcee.txt"
echo "# $(grep '^# emcee' "$out/emcee.txt" | tr -d '#'), $(java -version 2>&1 | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# reproduce: benchmarks/side-by-side.sh"
echo
echo "| case | ndim | walkers | emcee µs/step | ours µs/step | hand-written µs/step | emcee / ours | ours / hand-written |"
echo "|---|---|---|---|---|---|---|---|"
paste -d' ' <(grep -v '^#' "$out/ours.txt") <(grep -v '^#' "$out/emcee.txt") |
  awk '{ printf "| %s | %d | %d | %.1f | %.2f | %.2f | %.0f× | %.2f |\n", $1, $2, $3, $9, $4, $5, $9/$4, $4/$5 }'
