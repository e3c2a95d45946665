#!/usr/bin/env bash
# Print lobbysim's performance figures as markdown tables: a batch of run
# lanes of the PP-22 scenario (ns per state-day), the ECS against a plain
# loop, the scaling table, the same with 16 lanes, and the throughput of a
# PP-22 ensemble through the command-line tool on 1 and 2 threads, and (criterion)
# the model's rows compiled per candidate count against rows sized at run time.
#
#   scripts/bench.sh                 # full measurements, a few minutes once built
#   scripts/bench.sh --quick         # rough figures
#   RUNS=10000 THREADS=2 scripts/bench.sh
#   LANES16=0 scripts/bench.sh       # without the 16-lane build
#   CANDIDATES=0 scripts/bench.sh    # without the per-candidate-count comparison
#   EXTRA=--no-runs-table scripts/bench.sh   # without the per-run tables
#
# Options are passed on to the table example (see its --help). Builds in
# release mode first. For criterion's statistics instead: cargo bench --bench model
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-2000}
THREADS=${THREADS:-2}
LANES16=${LANES16:-1}
CANDIDATES=${CANDIDATES:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin="$target/release"

if [[ $LANES16 == 1 ]]; then
    echo "building (release, 16 lanes)..." >&2
    cargo build --release --quiet --features lanes16 --example bench_table
    cp "$bin/examples/bench_table" "$work/bench_table16"
fi
echo "building (release)..." >&2
cargo build --release --quiet --bin lobbysim --example bench_table --example synthetic_scenario \
    --example central_scenario

echo "Machine load when measuring (uptime): $(uptime | sed 's/.*load average/load average/')"
echo
"$bin/examples/bench_table" "$@"
if [[ $LANES16 == 1 ]]; then
    echo
    echo "### The same with 16 lanes (cargo feature lanes16)"
    echo
    "$work/bench_table16" "$@" | sed -n '/^| what/,/^$/p'
fi

if [[ $CANDIDATES == 1 ]]; then
    echo
    echo "### Rows compiled per candidate count against rows sized at run time"
    echo
    echo "(benches/candidates.rs: a run's daily arithmetic, 193 states x 270 days; criterion's estimate)"
    echo
    echo "| rows | candidates | time per run |"
    echo "| --- | ---: | ---: |"
    cargo bench --quiet --bench candidates -- --warm-up-time 1 --measurement-time 3 2>/dev/null |
        awk '/^candidates\// { n = split($1, p, "/"); rows = p[n - 1]; k = substr(p[n], 2); want = 1 }
             want && /time:/ { sub(/.*\[/, ""); printf "| %s | %s | %s %s |\n", rows, k, $3, $4; want = 0 }'
fi

echo
echo "### Ensemble through the command line"
echo
if ! "$bin/lobbysim" ensemble --help >/dev/null 2>&1; then
    echo "(this build has no \`lobbysim ensemble\` command)"
    exit 0
fi
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
# Prints the row and leaves the runs per second in $rate.
measure() {
    local label=$1 file=$2 out=$3 threads=$4
    local start end
    start=$(date +%s.%N)
    "$bin/lobbysim" ensemble "$file" --runs "$RUNS" --seed 1 --threads "$threads" --out "$work/$out" \
        ${EXTRA:-} >/dev/null 2>&1
    end=$(date +%s.%N)
    rate=$(awk -v s="$start" -v e="$end" -v n="$RUNS" 'BEGIN { printf "%.1f", n / (e - s) }')
    awk -v s="$start" -v e="$end" -v n="$RUNS" -v t="$threads" -v f="$label" \
        'BEGIN { w = e - s; printf "| %s | %d | %d | %.2f s | %.0f |\n", f, n, t, w, n / w }'
}
name=$(basename "$scenario")
measure "$name (uncertain numbers drawn)" "$scenario" one 1
one=$rate
measure "$name (uncertain numbers drawn)" "$scenario" many "$THREADS"
many=$rate
measure "$name without uncertain numbers" "$central" central "$THREADS"
echo
awk -v a="$one" -v b="$many" -v t="$THREADS" \
    'BEGIN { printf "Speed-up from 1 to %d threads: %.2fx\n", t, b / a }'
