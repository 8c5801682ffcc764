#!/usr/bin/env bash
# A/B of emcee-core: builds revision REV (emcee-api and emcee-core, in a temporary worktree) and
# the working tree, and times the README example on both in one JVM, run by run in turns
# (CoreAbMain). The way to see a change of a few percent on a machine whose speed drifts.
# Usage: benchmarks/ab-core.sh REV [STEPS [fresh|reuse [ROUNDS]]]   e.g. benchmarks/ab-core.sh HEAD~3
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: benchmarks/ab-core.sh REV [STEPS [fresh|reuse [ROUNDS]]]}
steps=${2:-1000} mode=${3:-fresh} rounds=${4:-300}
old=$(mktemp -d)
trap 'git worktree remove --force "$old" >/dev/null 2>&1 || rm -rf "$old"' EXIT
git worktree add --detach -q "$old" "$rev"
build() { mvn -B -q -ntp -Dstyle.color=never -DskipTests -Dmaven.javadoc.skip=true -Dspotless.check.skip=true \
  -f "$1/pom.xml" package -pl emcee-api,emcee-core 2>&1 | sed -e "s/\x1b\[[0-9;]*m//g" >&2; }
build "$old"
bin/benchmark CoreAbMain 2>/dev/null >/dev/null || true # builds the benchmarks and the working tree
jars() { echo "$1/emcee-api/target/emcee-api-0.1.0-SNAPSHOT.jar:$1/emcee-core/target/emcee-core-0.1.0-SNAPSHOT.jar"; }
echo "# A: $rev ($(git rev-parse --short "$rev")), B: working tree"
EMCEE_BENCH_BUILT=1 bin/benchmark CoreAbMain "$steps" "$mode" "$rounds" "$(jars "$old")" "$(jars "$PWD")"
