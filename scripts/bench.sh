#!/usr/bin/env bash
# Print lobbysim's performance figures as a markdown table: one run of the
# PP-22 scenario, the ECS against a plain loop, the scaling table, and the
# throughput of a PP-22 ensemble through the command-line tool.
#
#   scripts/bench.sh                 # full measurements, under a minute once built
#   scripts/bench.sh --quick         # rough figures, well under a minute
#   RUNS=2000 THREADS=8 scripts/bench.sh
#   EXTRA=--no-runs-table scripts/bench.sh   # without the per-run tables
#
# Options are passed on to the table example (see its --help). Builds in
# release mode first. For criterion's statistics instead: cargo bench --bench model
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-1000}
THREADS=${THREADS:-$(nproc)}

echo "building (release)..." >&2
cargo build --release --quiet --bin lobbysim --example bench_table --example synthetic_scenario \
    --example central_scenario
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
# The same scenario without uncertain numbers (every distribution at its
# central value, no shocks): the cost of drawing a run's numbers.
central="$work/central.ron"
"$bin/examples/central_scenario" "$scenario" >"$central"
echo "| scenario | runs | threads | wall time | runs/s |"
echo "| --- | ---: | ---: | ---: | ---: |"
measure() {
    local label=$1 file=$2 out=$3
    local start end
    start=$(date +%s.%N)
    "$bin/lobbysim" ensemble "$file" --runs "$RUNS" --seed 1 --threads "$THREADS" --out "$work/$out" \
        ${EXTRA:-} >/dev/null 2>&1
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" -v n="$RUNS" -v t="$THREADS" -v f="$label" \
        'BEGIN { w = e - s; printf "| %s | %d | %d | %.2f s | %.0f |\n", f, n, t, w, n / w }'
}
measure "$(basename "$scenario") (uncertain numbers drawn)" "$scenario" out
measure "$(basename "$scenario") without uncertain numbers" "$central" central
