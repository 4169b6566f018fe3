#!/usr/bin/env bash
# The whole build through a real SLURM scheduler on this machine, with profiles/slurm.
#
#   make test-slurm       (or: bash workflow/scripts/slurm_localhost.sh; it runs `make setup-slurm`)
#
# Starts a private single-node cluster (munged, slurmctld, slurmd from Debian's packages; the
# packages are installed with apt-get when missing and the script runs as root), everything
# under a temporary folder (own munge key and socket, own ports and state) except slurm.conf:
# the jobs' srun drops SLURM_* variables, SLURM_CONF among them, so the file must be at the
# default /etc/slurm/slurm.conf. It is written only where none exists (a machine with a real
# SLURM setup is left alone: the script skips) and removed on exit, with the daemons. It then copies the
# project, runs `snakemake --profile profiles/slurm` in the copy, and checks that
#   - the build succeeds and every submitted job ran through SLURM and COMPLETED,
#   - every rule the build needs that is not a local rule was submitted,
#   - every output it made is byte-identical to the recorded outputs (tests/expected/outputs.sha256,
#     which every local build is held to), and for the whole build that none is missing.
# SLURM_TARGET=<file> builds only what that file needs (the test suite's small budget:
# the gate and one notebook); unset, the whole build.
# Exit 0: passed. Exit 77: SLURM cannot be installed or started here (a test runner may skip).
# Anything else: failed. The cluster has no accounting database, so job states come from
# squeue (MinJobAge keeps finished jobs listed) and jobs are submitted without an account.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PY:-$ROOT/.venv-slurm/bin/python}  # .venv plus the SLURM executor plugin
SKIP=77
say() { printf 'slurm_localhost: %s\n' "$*" >&2; }
skip() { say "skipped: $*"; exit $SKIP; }

need_packages() {
    for cmd in munged slurmctld slurmd sbatch squeue; do
        command -v "$cmd" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin command -v "$cmd" >/dev/null 2>&1 || return 0
    done
    return 1
}
if need_packages; then
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || skip "SLURM is not installed and apt-get as root is not available"
    say "installing slurmctld, slurmd, slurm-client and munge from Debian's packages"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd slurm-client munge; } \
        >/dev/null 2>&1 || skip "apt-get could not install SLURM"
fi
export PATH=$PATH:/usr/sbin
[ -x "$PY" ] || make -C "$ROOT" --quiet setup-slurm >&2
"$PY" -c "import snakemake_executor_plugin_slurm" 2>/dev/null || { say "no SLURM executor plugin for $PY: run 'make setup-slurm'"; exit 2; }

WORK=$(mktemp -d /tmp/ctc-slurm.XXXXXX)
chmod 755 "$WORK"
PIDS=()
CONF=/etc/slurm/slurm.conf
MARK="# written by ctcstudy workflow/scripts/slurm_localhost.sh; removed when it ends"
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ -f "$CONF" ] && [ "$(head -1 "$CONF")" = "$MARK" ]; then rm -f "$CONF"; fi
    [ "${KEEP_WORK:-}" = 1 ] && say "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# munge: own key and socket, so the machine's munge (if any) is left alone.
mkdir -p "$WORK/run" "$WORK/state" "$WORK/spool"
head -c 1024 /dev/urandom > "$WORK/munge.key"
chmod 600 "$WORK/munge.key"
munged --force --foreground -S "$WORK/run/munge.sock" --key-file="$WORK/munge.key" --log-file="$WORK/munged.log" \
    --pid-file="$WORK/run/munged.pid" --seed-file="$WORK/munged.seed" 2>>"$WORK/munged.log" &
PIDS+=($!)
for _ in $(seq 50); do [ -S "$WORK/run/munge.sock" ] && break; sleep 0.1; done
[ -S "$WORK/run/munge.sock" ] || skip "munged did not start: $(tail -3 "$WORK/munged.log")"

HOST=$(hostname -s)
# The node as slurmd sees it, with memory set below the real amount so the node is never drained.
NODE=$(slurmd -C | head -1 | sed -E 's/RealMemory=[0-9]+/RealMemory=4096/')
if [ -e "$CONF" ] && [ "$(head -1 "$CONF")" != "$MARK" ]; then
    skip "$CONF exists: this machine has its own SLURM set-up; use 'snakemake --profile profiles/slurm' there"
fi
unset SLURM_CONF
mkdir -p "$(dirname "$CONF")"
cat > "$CONF" <<EOF
$MARK
ClusterName=ctcstudy
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$WORK/run/munge.sock
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/run/slurmctld.pid
SlurmdPidFile=$WORK/run/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MinJobAge=3600
ReturnToService=2
MpiDefault=none
$NODE NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -D -i >>"$WORK/slurmctld.out" 2>&1 &
PIDS+=($!)
sleep 1
slurmd -D >>"$WORK/slurmd.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 60); do [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && break; sleep 0.5; done
[ "$(sinfo -h -o %T 2>/dev/null)" = idle ] || skip "the SLURM node did not come up: $(tail -3 "$WORK/slurmctld.log" 2>/dev/null)"
say "cluster up: $(sinfo -h -o '%P %D node(s) %c CPUs %T') ($(sbatch --version))"

# The project, copied for the build through SLURM.
"$PY" -c "import sys; from pathlib import Path; from ctcstudy.guards.manifest import copy_project
copy_project(Path(sys.argv[1]), Path(sys.argv[2]))" "$ROOT" "$WORK/cluster"
TARGET=${SLURM_TARGET:-}

START=$(date +%s)
(cd "$WORK/cluster" && "$PY" -m snakemake --profile profiles/slurm --quiet \
    --slurm-no-account --slurm-status-command squeue --slurm-keep-successful-logs \
    --slurm-init-seconds-before-status-checks 1 --seconds-between-status-checks 1 $TARGET) \
    >"$WORK/cluster.log" 2>&1 || { say "the build through SLURM failed:"; tail -40 "$WORK/cluster.log" >&2; exit 1; }
ELAPSED=$(( $(date +%s) - START ))

# Every job SLURM saw for this build, and the rules they ran (the plugin puts the rule in the comment).
squeue -h --states=all -o '%i|%T|%k' > "$WORK/jobs.txt"
STATES=$(cut -d'|' -f2 "$WORK/jobs.txt" | sort | uniq -c | tr -s ' ' | sed 's/^ //')
SUBMITTED=$(cut -d'|' -f3 "$WORK/jobs.txt" | sed -e 's/^rule_//' -e 's/_wildcards_.*$//' | sort -u)
EXPECTED=$(cd "$WORK/cluster" && "$PY" - $TARGET <<'EOF'
import re, subprocess, sys
# The rules this build needs: Snakemake's job stats for the same targets, everything forced.
out = subprocess.run([sys.executable, "-m", "snakemake", "--forceall", "--dry-run", "--quiet", "rules", "--", *sys.argv[1:]],
                     capture_output=True, text=True).stdout
stats = out.split("Job stats:", 1)[1].split("total", 1)[0]
local = {"all", "package_fingerprint", "publish_validated", "pseudonymize", "check_manuscript", "paper", "deposit"}  # pseudonymize: with restricted data only; check_manuscript, paper: with papers listed; deposit: make deposit
print("\n".join(sorted(m for m in re.findall(r"^([a-z_]+)\s+\d+$", stats, re.M) if m not in local)))
EOF
)
[ -s "$WORK/jobs.txt" ] || { say "SLURM saw no jobs"; exit 1; }
if grep -v '|COMPLETED|' "$WORK/jobs.txt" >&2; then say "jobs above did not complete"; exit 1; fi
MISSING=$(comm -23 <(echo "$EXPECTED") <(echo "$SUBMITTED"))
[ -z "$MISSING" ] || { say "rules never submitted to SLURM: $MISSING"; exit 1; }

# Identical to the recorded outputs: every output made, and for the whole build every one recorded
# (the checksums as `make checksums` records them, ctcstudy.guards.manifest).
MADE=$("$PY" - "$ROOT/tests/expected/outputs.sha256" "$WORK/cluster" "${TARGET:+partial}" <<'EOF'
import sys
from pathlib import Path
from ctcstudy.guards.manifest import output_checksums, read_checksums
expected, made = read_checksums(Path(sys.argv[1])), output_checksums(Path(sys.argv[2]))
differ = [f for f, digest in made.items() if expected.get(f) != digest]
missing = [] if sys.argv[3:] == ["partial"] else sorted(set(expected) - set(made))
for f in differ: print(f"differs or not recorded: {f}", file=sys.stderr)
for f in missing: print(f"not made: {f}", file=sys.stderr)
print(len(made))
sys.exit(1 if differ or missing else 0)
EOF
) || { say "outputs differ from the recorded outputs (tests/expected/outputs.sha256)"; exit 1; }
say "passed: $(wc -l < "$WORK/jobs.txt") jobs through SLURM ($STATES), $(echo "$SUBMITTED" | wc -l) rules, ${ELAPSED}s; $MADE outputs identical to the recorded ones"
