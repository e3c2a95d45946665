#!/usr/bin/env bash
# Submit a sharded lobbysim ensemble to Slurm: a job array of M shards, and a
# merge job that starts only when every shard has succeeded
# (--dependency=afterok). docs/CLUSTER.md explains the recipe.
#
#   scripts/slurm/submit.sh --runs 100000 --shards 20 --out results/pp22 scenarios/itu_pp22.ron
#
# Options:
#   --runs N          runs of the whole ensemble (required)
#   --shards M        number of shards, one array task each (required)
#   --out DIR         the ensemble's folder: DIR/shard-K, DIR/merged, DIR/logs (required)
#   --seed S          master seed (default 1)
#   --cpus C          CPUs, and worker threads, per shard (default 4)
#   --time T          time limit per shard, as Slurm reads it (default 02:00:00)
#   --partition P     Slurm partition (default: the cluster's default)
#   --lobbysim PATH   the binary (default: lobbysim on PATH, else target/release/lobbysim)
#   --sbatch ARGS     extra sbatch arguments for both jobs, e.g. "--account=abc --qos=short"
#   -- ARGS...        extra arguments for `lobbysim ensemble`, e.g. -- --set params.noise=0.05
#
# Prints the two job ids on stdout ("ARRAY_ID MERGE_ID"), the rest on stderr.
# Submitting the same command again resumes: each shard continues from its
# aggregate.json, and finished shards only rewrite their tables.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
die() {
    echo "submit.sh: $*" >&2
    exit 2
}

runs="" shards="" out="" seed=1 cpus=4 time_limit=02:00:00 partition="" lobbysim="" sbatch_extra=""
scenario=""
ensemble_args=()
while (($#)); do
    case $1 in
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --shards) shards=${2:?--shards needs a number}; shift 2 ;;
    --out) out=${2:?--out needs a folder}; shift 2 ;;
    --seed) seed=${2:?--seed needs a number}; shift 2 ;;
    --cpus) cpus=${2:?--cpus needs a number}; shift 2 ;;
    --time) time_limit=${2:?--time needs a limit}; shift 2 ;;
    --partition) partition=${2:?--partition needs a name}; shift 2 ;;
    --lobbysim) lobbysim=${2:?--lobbysim needs a path}; shift 2 ;;
    --sbatch) sbatch_extra=${2?--sbatch needs arguments}; shift 2 ;;
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
[[ $cpus =~ ^[1-9][0-9]*$ ]] || die "--cpus must be a positive integer, found '${cpus}'"
[[ $seed =~ ^[0-9]+$ ]] || die "--seed must be a non-negative integer, found '${seed}'"
[[ -n $out ]] || die "give the output folder with --out"
if [[ -z $lobbysim ]]; then
    lobbysim=$(command -v lobbysim || true)
    [[ -n $lobbysim ]] || lobbysim="$root/target/release/lobbysim"
fi
[[ -x $lobbysim ]] || die "no lobbysim binary at $lobbysim: build it (cargo build --release) or pass --lobbysim"
command -v sbatch >/dev/null || die "sbatch not found: run this on a Slurm login node"

# Jobs run on other nodes, from other folders: hand them absolute paths.
mkdir -p "$out/logs"
abs() { (cd "$(dirname "$1")" && echo "$PWD/$(basename "$1")"); }
out=$(cd "$out" && pwd)
scenario=$(abs "$scenario")
lobbysim=$(abs "$lobbysim")

# Logs of a resubmission are appended to those of earlier attempts.
common=(--parsable --chdir="$out" --open-mode=append)
[[ -z $partition ]] || common+=(--partition="$partition")
# shellcheck disable=SC2206 # extra sbatch arguments are split on spaces on purpose
[[ -z $sbatch_extra ]] || common+=($sbatch_extra)
export LOBBYSIM="$lobbysim" SCENARIO="$scenario" RUNS="$runs" SEED="$seed" SHARDS="$shards" OUT="$out"
export ENSEMBLE_ARGS="${ensemble_args[*]:-}"

array=$(sbatch "${common[@]}" --array="1-$shards" --cpus-per-task="$cpus" --time="$time_limit" \
    --output="$out/logs/shard-%a.out" --export=ALL "$here/ensemble.sbatch")
array=${array%%;*}
merge=$(sbatch "${common[@]}" --dependency="afterok:$array" --kill-on-invalid-dep=yes \
    --output="$out/logs/merge.out" --export=ALL "$here/merge.sbatch")
merge=${merge%%;*}
echo "submitted shards 1-$shards of $runs runs as job array $array; merge job $merge waits for them" >&2
echo "results: $out/merged (logs in $out/logs)" >&2
echo "$array $merge"
