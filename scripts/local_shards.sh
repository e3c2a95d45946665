#!/usr/bin/env bash
# Run a sharded lobbysim ensemble on this machine with plain processes, then
# merge: the same steps as the Slurm recipe (scripts/slurm/submit.sh), for a
# workstation or to try the recipe without a cluster. docs/CLUSTER.md explains.
#
#   scripts/local_shards.sh --runs 10000 --shards 4 --out results/pp22 scenarios/itu_pp22.ron
#
# Options:
#   --runs N          runs of the whole ensemble (required)
#   --shards M        number of shards (required)
#   --out DIR         the ensemble's folder: DIR/shard-K, DIR/merged, DIR/logs (required)
#   --seed S          master seed (default 1)
#   --parallel P      shards run at once (default: all of them)
#   --threads T       worker threads per shard (default: CPUs / P, at least 1)
#   --lobbysim PATH   the binary (default: lobbysim on PATH, else target/release/lobbysim)
#   -- ARGS...        extra arguments for `lobbysim ensemble`
#
# Running the same command again resumes: each shard continues from its
# aggregate.json, and finished shards only rewrite their tables.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
die() {
    echo "local_shards.sh: $*" >&2
    exit 2
}

runs="" shards="" out="" seed=1 parallel="" threads="" lobbysim="" scenario=""
ensemble_args=()
while (($#)); do
    case $1 in
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --shards) shards=${2:?--shards needs a number}; shift 2 ;;
    --out) out=${2:?--out needs a folder}; shift 2 ;;
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    --parallel) parallel=${2:?--parallel needs a number}; shift 2 ;;
    --threads) threads=${2:?--threads needs a number}; shift 2 ;;
    --lobbysim) lobbysim=${2:?--lobbysim needs a path}; shift 2 ;;
    --) shift; ensemble_args=("$@"); break ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) [[ -z $scenario ]] || die "one scenario only (found $scenario and $1)"; scenario=$1; shift ;;
    esac
done
[[ -n $scenario ]] || die "give the scenario file (see --help)"
[[ -f $scenario ]] || die "no scenario file $scenario"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, found '${runs}'"
[[ $shards =~ ^[1-9][0-9]*$ ]] || die "--shards must be a positive integer, found '${shards}'"
[[ $seed =~ ^[0-9]+$ ]] || die "--seed must be a non-negative integer, found '${seed}'"
[[ -n $out ]] || die "give the output folder with --out"
parallel=${parallel:-$shards}
[[ $parallel =~ ^[1-9][0-9]*$ ]] || die "--parallel must be a positive integer, found '${parallel}'"
threads=${threads:-$(($(nproc) / parallel))}
((threads >= 1)) || threads=1
if [[ -z $lobbysim ]]; then
    lobbysim=$(command -v lobbysim || true)
    [[ -n $lobbysim ]] || lobbysim="$root/target/release/lobbysim"
fi
[[ -x $lobbysim ]] || die "no lobbysim binary at $lobbysim: build it (cargo build --release) or pass --lobbysim"
mkdir -p "$out/logs"

# One shard, as ensemble.sbatch runs it: resume when a previous attempt left an aggregate.
shard() {
    local k=$1 dir="$out/shard-$1" resume=()
    if [[ -f $dir/aggregate.json ]]; then
        resume=(--resume)
    elif [[ -e $dir ]]; then
        resume=(--force)
    fi
    "$lobbysim" ensemble "$scenario" --runs "$runs" --seed "$seed" --threads "$threads" \
        --shard "$k/$shards" --out "$dir" "${resume[@]}" "${ensemble_args[@]}" >"$out/logs/shard-$k.out" 2>&1
}

echo "running $shards shards of $runs runs, $parallel at a time, $threads threads each..." >&2
declare -A pid_of=()
failed=()
# Wait for any running shard to end, and note it if it failed.
wait_one() {
    local done_pid="" status=0 k
    wait -n -p done_pid "${pid_of[@]}" || status=$?
    for k in "${!pid_of[@]}"; do
        if [[ ${pid_of[$k]} == "$done_pid" ]]; then
            ((status == 0)) || failed+=("$k")
            unset "pid_of[$k]"
        fi
    done
}
for ((k = 1; k <= shards; k++)); do
    while ((${#pid_of[@]} >= parallel)); do wait_one; done
    shard "$k" &
    pid_of[$k]=$!
done
while ((${#pid_of[@]} > 0)); do wait_one; done
if ((${#failed[@]})); then
    for k in "${failed[@]}"; do
        echo "shard $k/$shards failed; its log, $out/logs/shard-$k.out, ends:" >&2
        tail -n 5 "$out/logs/shard-$k.out" >&2
    done
    echo "run the same command again to resume the failed shards" >&2
    exit 1
fi

dirs=()
for ((k = 1; k <= shards; k++)); do dirs+=("$out/shard-$k"); done
"$lobbysim" merge "${dirs[@]}" --out "$out/merged" --force
echo "merged into $out/merged" >&2
