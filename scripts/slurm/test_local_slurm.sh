#!/usr/bin/env bash
# End-to-end test of the Slurm recipe on this machine: starts a one-node Slurm
# cluster on the loopback interface (munged, slurmctld, slurmd, all private to
# a temporary folder and stopped on exit), submits a small sharded ensemble
# of the classroom scenario with scripts/slurm/submit.sh (a job array of 4
# shards and a dependent merge job), and checks that the merged output equals
# a single-process ensemble byte for byte (every file but manifest.json).
#
#   sudo scripts/slurm/test_local_slurm.sh           # the whole test
#   sudo scripts/slurm/test_local_slurm.sh --smoke   # only start the cluster and run a trivial array
#
# Needs root (the daemons run as root) and Debian's slurm-wlm and munge,
# which it installs with apt-get when they are missing. Uses the lobbysim
# binary in $LOBBYSIM, or builds one (debug) with cargo. Takes about a
# minute once built on an idle machine; gives up when the jobs take longer
# than $TEST_TIMEOUT seconds (default 240).
set -euo pipefail
# The daemons live in /usr/sbin, which not every PATH holds.
PATH="$PATH:/usr/sbin:/sbin"

root=$(cd "$(dirname "$0")/../.." && pwd)
SCENARIO="$root/scenarios/classroom/three_candidates.ron"
RUNS=1100 # more than 4 blocks of 256 runs, so that every shard has work and the last block is short
SHARDS=4
SEED=7
TEST_TIMEOUT=${TEST_TIMEOUT:-240}
smoke=false
[[ ${1:-} != --smoke ]] || smoke=true

say() { echo "test_local_slurm [${SECONDS}s]: $*" >&2; }
fail() {
    say "FAILED: $*"
    exit 1
}

[[ $(id -u) == 0 ]] || fail "run as root: the Slurm daemons of this test run as root"

# --- Slurm and munge --------------------------------------------------------
need=()
for cmd in munged slurmctld slurmd sbatch; do
    command -v "$cmd" >/dev/null || need+=("$cmd")
done
if ((${#need[@]})); then
    say "installing slurm-wlm and munge (missing: ${need[*]})..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || fail "apt-get update failed"
    apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null ||
        fail "apt-get install slurm-wlm munge failed"
fi

# --- lobbysim ----------------------------------------------------------------
if ! $smoke; then
    if [[ -z ${LOBBYSIM:-} ]]; then
        say "building lobbysim (debug)..."
        (cd "$root" && cargo build --quiet --bin lobbysim) || fail "cargo build failed"
        target=$(cd "$root" && cargo metadata --format-version 1 --no-deps |
            sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
        LOBBYSIM="$target/debug/lobbysim"
    fi
    [[ -x $LOBBYSIM ]] || fail "no lobbysim binary at $LOBBYSIM"
    "$LOBBYSIM" ensemble --help >/dev/null 2>&1 || fail "$LOBBYSIM has no ensemble command"
fi

# --- a private one-node cluster ----------------------------------------------
work=$(mktemp -d /tmp/lobbysim-slurm.XXXXXX)
chmod 755 "$work"
pids=()
# The job step daemons of this cluster (they carry its SLURM_CONF) and
# their children: what a job left running when the cluster was stopped.
strays() {
    local d pid
    for d in /proc/[0-9]*; do
        pid=${d#/proc/}
        [[ $(cat "$d/comm" 2>/dev/null) == slurmstepd ]] || continue
        { tr '\0' '\n' <"$d/environ"; } 2>/dev/null | grep -qxF "SLURM_CONF=$work/slurm.conf" || continue
        echo "$pid"
        pgrep -P "$pid" || true
    done
}
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -f $work/slurm.conf ]]; then
        # Cancel what is left and let the steps end while slurmd still runs.
        SLURM_CONF="$work/slurm.conf" scancel --quiet --full --user=root 2>/dev/null || true
        for _ in $(seq 20); do
            SLURM_CONF="$work/slurm.conf" squeue -h 2>/dev/null | grep -q . || break
            sleep 0.5
        done
    fi
    # Daemons in reverse order of start: slurmd, slurmctld, munged.
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        kill "${pids[i]}" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "${pids[i]}" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "${pids[i]}" 2>/dev/null || true
        wait "${pids[i]}" 2>/dev/null || true
    done
    local left
    left=$(strays)
    # shellcheck disable=SC2086 # one pid per word
    [[ -z $left ]] || kill -9 $left 2>/dev/null || true
    if ((status != 0)); then
        for log in "$work"/log/*.log "$work"/out/logs/*.out; do
            [[ -f $log ]] || continue
            echo "----- last lines of ${log#"$work"/}" >&2
            tail -n 15 "$log" >&2
        done
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$work"/{munge,state,spool,log,run}
chmod 700 "$work/munge"
# munged wants a key of at least 32 bytes, readable by its user alone.
head -c 1024 /dev/urandom >"$work/munge/munge.key"
chmod 400 "$work/munge/munge.key"
munged --foreground --force --key-file="$work/munge/munge.key" --socket="$work/run/munge.socket" \
    --pid-file="$work/run/munged.pid" --seed-file="$work/munge/seed" --log-file="$work/log/munged.log" \
    >>"$work/log/munged.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
    [[ -S $work/run/munge.socket ]] && break
    sleep 0.1
done
[[ -S $work/run/munge.socket ]] || fail "munged did not start"
munge -S "$work/run/munge.socket" -n | unmunge -S "$work/run/munge.socket" >/dev/null ||
    fail "munge cannot encode and decode a credential"

# Two free ports on the loopback interface, for slurmctld and slurmd.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ctld_port=""
for _ in $(seq 30); do
    p=$((20000 + RANDOM % 20000))
    if port_free "$p" && port_free $((p + 1)); then
        ctld_port=$p
        break
    fi
done
[[ -n $ctld_port ]] || fail "found no two free ports on 127.0.0.1"

cpus=$(nproc)
memory_mb=$(awk '/MemTotal/ { print int($2 / 1024 * 0.8) }' /proc/meminfo)
export SLURM_CONF="$work/slurm.conf"
cat >"$SLURM_CONF" <<CONF
ClusterName=lobbysim-test
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$((ctld_port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/run/munge.socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/run/slurmctld.pid
SlurmdPidFile=$work/run/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory_mb State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld -D -i -f "$SLURM_CONF" >>"$work/log/slurmctld.stdout" 2>&1 &
pids+=($!)
slurmd -D -N localhost -f "$SLURM_CONF" >>"$work/log/slurmd.stdout" 2>&1 &
pids+=($!)
say "cluster starting in $work (slurmctld on 127.0.0.1:$ctld_port, $cpus CPUs)..."
up=false
for _ in $(seq 100); do
    if [[ $(sinfo -h -N -o '%t' 2>/dev/null) == idle* ]]; then
        up=true
        break
    fi
    for pid in "${pids[@]}"; do
        kill -0 "$pid" 2>/dev/null || fail "a Slurm daemon exited at start"
    done
    sleep 0.2
done
$up || fail "the node did not become idle within 20 s (sinfo: $(sinfo -h -N 2>&1 || true))"

deadline=$((SECONDS + TEST_TIMEOUT))
# Wait until job $1 has left the queue; fail unless it ended COMPLETED.
wait_job() {
    local job=$1 what=$2 states
    while squeue -h -j "$job" 2>/dev/null | grep -q .; do
        ((SECONDS < deadline)) || fail "$what (job $job) still queued or running after ${TEST_TIMEOUT}s: $(squeue -h -j "$job" -o '%i %T %r' | tr '\n' ' ')"
        sleep 0.5
    done
    states=$(scontrol -o show job "$job" | grep -o 'JobState=[A-Z_]*' | sort -u | tr '\n' ' ')
    [[ $states == "JobState=COMPLETED " ]] || fail "$what (job $job) ended with $states"
}

# --- smoke: a trivial job array and a dependent job ------------------------------
mkdir -p "$work/smoke"
# shellcheck disable=SC2016 # the job's shell expands the variables
array=$(sbatch --parsable --array=1-4 --output="$work/smoke/task-%a.out" --chdir="$work/smoke" \
    --wrap 'echo "task $SLURM_ARRAY_TASK_ID on $(hostname)"')
after=$(sbatch --parsable --dependency="afterok:$array" --output="$work/smoke/after.out" \
    --chdir="$work/smoke" --wrap 'cat task-*.out | wc -l')
wait_job "$array" "the trivial job array"
wait_job "$after" "the job after the array"
[[ $(tr -d ' ' <"$work/smoke/after.out") == 4 ]] ||
    fail "the dependent job saw $(cat "$work/smoke/after.out") task outputs, expected 4"
say "smoke: a job array of 4 tasks and a dependent job ran"
if $smoke; then
    say "PASSED (smoke only)"
    exit 0
fi

# --- the recipe: sharded ensemble, dependent merge, against one process ---------
mkdir -p "$work/out"
ids=$("$root/scripts/slurm/submit.sh" --runs "$RUNS" --shards "$SHARDS" --seed "$SEED" --cpus 1 \
    --time 00:10:00 --lobbysim "$LOBBYSIM" --out "$work/out" "$SCENARIO") ||
    fail "submit.sh failed"
read -r array merge <<<"$ids"
wait_job "$array" "the shards' job array"
wait_job "$merge" "the merge job"
[[ -d $work/out/merged ]] || fail "the merge job wrote no $work/out/merged"
say "shards and merge done under Slurm; now the same ensemble in one process"

"$LOBBYSIM" ensemble "$SCENARIO" --runs "$RUNS" --seed "$SEED" --threads "$cpus" --out "$work/single" \
    >"$work/log/single.log" 2>&1 || fail "the single-process ensemble failed: $(tail -n 5 "$work/log/single.log")"

# Same files, same bytes, except the manifest (command line, folders, times).
compared=0
(cd "$work/single" && find . -type f ! -name manifest.json | sort) >"$work/single.list"
(cd "$work/out/merged" && find . -type f ! -name manifest.json | sort) >"$work/merged.list"
diff -u "$work/single.list" "$work/merged.list" >&2 ||
    fail "the merged folder and the single-process folder hold different files (diff above)"
while read -r f; do
    cmp -s "$work/single/$f" "$work/out/merged/$f" || fail "$f differs between the merged shards and a single process"
    compared=$((compared + 1))
done <"$work/single.list"
((compared > 0)) || fail "the single-process ensemble wrote no files to compare"
say "PASSED: $SHARDS shards of $RUNS runs merged under Slurm equal one process ($compared files identical)"
