#!/usr/bin/env bash
# Every move on the same correlated 5-D Gaussian, ours and emcee's (Debian's python3-emcee,
# installed when missing), side by side: writes MOVES.md's table to stdout.
# Usage: benchmarks/moves-vs-emcee.sh > /tmp/table.md
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c "import emcee, scipy" 2>/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-emcee python3-scipy >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bin/benchmark MovesTableMain "$out/cov.txt" > "$out/ours.txt"
/usr/bin/python3 benchmarks/emcee_moves.py "$out/cov.txt" > "$out/emcee.txt"
echo "<!-- $(grep '^# emcee' "$out/emcee.txt" | tr -d '#'); $(java -version 2>&1 | head -1); reproduce: benchmarks/moves-vs-emcee.sh -->"
echo
echo "| move | acceptance (ours) | acceptance (emcee) | mean τ (ours) | mean τ (emcee) | τ ours / emcee | variance / target (ours) | variance / target (emcee) |"
echo "|---|---|---|---|---|---|---|---|"
join -t'|' <(grep -v '^#' "$out/ours.txt" | sort) <(grep -v '^#' "$out/emcee.txt" | sort) |
  awk -F'|' '{ printf "| %s | %s | %s | %s | %s | %.2f | %s | %s |\n", $1, $2, $5, $3, $6, $3/$6, $4, $7 }'
