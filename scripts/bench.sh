#!/usr/bin/env bash
# Print lobbysim's performance figures as a markdown table: one run of the
# PP-22 scenario, the ECS against a plain loop, the scaling table, and the
# throughput of a PP-22 ensemble through the command-line tool.
#
#   scripts/bench.sh                 # full measurements, under a minute once built
#   scripts/bench.sh --quick         # rough figures, well under a minute
#   RUNS=2000 THREADS=8 scripts/bench.sh
#
# Options are passed on to the table example (see its --help). Builds in
# release mode first. For criterion's statistics instead: cargo bench --bench model
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-1000}
THREADS=${THREADS:-$(nproc)}

echo "building (release)..." >&2
cargo build --release --quiet --bin lobbysim --example bench_table --example synthetic_scenario
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin="$target/release"

"$bin/examples/bench_table" "$@"

echo
echo "### Ensemble through the command line"
echo
if ! "$bin/lobbysim" ensemble --help >/dev/null 2>&1; then
    echo "(this build has no \`lobbysim ensemble\` command)"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scenario=scenarios/itu_pp22.ron
if [[ ! -f $scenario ]]; then
    scenario="$work/synthetic-193x270.ron"
    "$bin/examples/synthetic_scenario" --states 193 --days 270 >"$scenario"
fi
start=$(date +%s.%N)
"$bin/lobbysim" ensemble "$scenario" --runs "$RUNS" --seed 1 --threads "$THREADS" --out "$work/out" >/dev/null 2>&1
end=$(date +%s.%N)
echo "| scenario | runs | threads | wall time | runs/s |"
echo "| --- | ---: | ---: | ---: | ---: |"
awk -v s="$start" -v e="$end" -v n="$RUNS" -v t="$THREADS" -v f="$(basename "$scenario")" \
    'BEGIN { w = e - s; printf "| %s | %d | %d | %.2f s | %.0f |\n", f, n, t, w, n / w }'
