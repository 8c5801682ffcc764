#!/usr/bin/env bash
# Runs emcee 3.1 (Debian's python3-emcee, installed when missing) and our sampler on the same
# problems, case by case and one right after the other (so both see the same machine), and prints
# per-step times and the ratios emcee/ours and ours/hand-written. The README example's case runs three times,
# alternating, and keeps the best of each side.
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
bin/benchmark SideBySideMain 10 100 > /dev/null 2>&1 # builds once, and warms the disk caches
export EMCEE_BENCH_BUILT=1
cases="10:100 10:100 10:100 2:32 2:128 2:512 10:32 10:128 10:512 50:32 50:128 50:512"
for c in $cases; do
  ndim=${c%%:*} nwalkers=${c##*:}
  bin/benchmark SideBySideMain "$ndim" "$nwalkers" 2>/dev/null | grep -v '^#' >> "$out/ours.txt"
  /usr/bin/python3 benchmarks/emcee_side_by_side.py "$ndim" "$nwalkers" | grep -v '^#' >> "$out/emcee.txt"
done
version=$(/usr/bin/python3 -c 'import emcee, numpy; print(f"emcee {emcee.__version__}, numpy {numpy.__version__}")')
echo "# $version, $(java -version 2>&1 | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# reproduce: benchmarks/side-by-side.sh"
echo
echo "| case | ndim | walkers | emcee µs/step | ours µs/step | hand-written µs/step | emcee / ours | ours / hand-written |"
echo "|---|---|---|---|---|---|---|---|"
# Best of each side per case (the README example's case has three rows on each side).
paste -d' ' "$out/ours.txt" "$out/emcee.txt" |
  awk '{ k = $1 " " $2 " " $3
         if (!(k in o)) { order[n++] = k; o[k] = $4; h[k] = $5; e[k] = $9 }
         if ($4 < o[k]) o[k] = $4
         if ($5 < h[k]) h[k] = $5
         if ($9 < e[k]) e[k] = $9 }
       END { for (i = 0; i < n; i++) { k = order[i]; split(k, f, " ")
         printf "| %s | %d | %d | %.1f | %.2f | %.2f | %.0f× | %.2f |\n", f[1], f[2], f[3], e[k], o[k], h[k], e[k] / o[k], o[k] / h[k] } }'
