#!/usr/bin/env bash
# The gate's Slurm contract against a real single-node Slurm (Debian's slurm-wlm and munge) on
# loopback: munged, slurmctld and slurmd started here with their config, state and logs in a temp
# folder; HealthCheckProgram runs `rigcheck gate --drain --resume` over a fixture machine.
#   1. unassigned BAR (p40-above4g-off): the node is drained with a "rigcheck:" reason; srun
#      cannot start a job.
#   2. healthy fixture (p40-healthy): the node returns to IDLE and srun runs a job.
#   3. drained by hand with another reason: the health check leaves that drain alone.
# Every process started here is stopped by its PID on exit, also on failure; every wait is
# bounded. Exit 77 (ctest: skipped) only when Slurm or munge is not installed or not root.
# Usage: slurm_gate_test.sh RIGCHECK_BINARY FIXTURE_MACHINES_DIR
set -euo pipefail

rigcheck=$(readlink -f "$1")
machines=$(readlink -f "$2")
node=rignode

skip() { echo "SKIPPED: $*"; exit 77; }
fail() {
  echo "FAILED: $*" >&2
  scontrol show node "$node" >&2 2>/dev/null || true
  [[ -f $work/healthcheck.log ]] && { echo "--- healthcheck.log" >&2; tail -n 5 "$work/healthcheck.log" >&2; }
  for log in slurmctld slurmd munged; do
    [[ -f $work/$log.log ]] && { echo "--- last lines of $log.log" >&2; tail -n 15 "$work/$log.log" >&2; }
  done
  exit 1
}

for tool in munged mungekey slurmctld slurmd scontrol srun python3; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (ci/setup-deps.sh installs slurm-wlm and munge)"
done
[[ $(id -u) -eq 0 ]] || skip "slurmctld and slurmd are started as root here (as CI runs); run as root"

work=$(mktemp -d /tmp/rigcheck-slurm.XXXXXX)
chmod 700 "$work"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 50); do  # up to 5 s for a clean stop
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# wait_for SECONDS DESCRIPTION COMMAND...: polls every 0.5 s.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    ((SECONDS < deadline)) || fail "waited ${seconds}s for: $what"
    sleep 0.5
  done
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ctld_port=$(free_port)
slurmd_port=$(free_port)
while [[ $slurmd_port == "$ctld_port" ]]; do slurmd_port=$(free_port); done

# munge: own key and socket, so a munged already running on this machine is left alone.
mungekey --create --keyfile="$work/munge.key" >/dev/null 2>&1 || fail "mungekey could not create a key"
chmod 600 "$work/munge.key"
munged --foreground --force --key-file="$work/munge.key" --socket="$work/munge.sock" \
  --pid-file="$work/munged.pid" --log-file="$work/munged.log" --seed-file="$work/munged.seed" \
  >"$work/munged.out" 2>&1 &
pids+=($!)
wait_for 10 "munged socket" test -S "$work/munge.sock"

host=$(hostname -s)
echo "$machines/p40-above4g-off" >"$work/machine"
cat >"$work/healthcheck.sh" <<SCRIPT
#!/bin/sh
# slurmd's HealthCheckProgram: the gate over the fixture machine named in $work/machine.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin SLURM_CONF=$work/slurm.conf
echo run >>$work/healthcheck.runs
exec "$rigcheck" gate --drain --resume --node $node --sysroot "\$(cat $work/machine)" \\
  --state $work/gate-state.json --format nhc >>$work/healthcheck.log 2>&1
SCRIPT
chmod 755 "$work/healthcheck.sh"

mkdir -p "$work/ctld" "$work/spool"
cat >"$work/slurm.conf" <<CONF
ClusterName=rigcheck-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge.sock
CredType=cred/munge
StateSaveLocation=$work/ctld
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
HealthCheckProgram=$work/healthcheck.sh
HealthCheckInterval=2
HealthCheckNodeState=ANY
SlurmdTimeout=30
NodeName=$node NodeAddr=127.0.0.1 NodeHostname=$host CPUs=1 RealMemory=64 State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=5 State=UP
CONF
export SLURM_CONF=$work/slurm.conf

slurmctld -D -i -f "$work/slurm.conf" >"$work/slurmctld.out" 2>&1 &
pids+=($!)
ctld_up() { scontrol ping >/dev/null 2>&1; }
wait_for 20 "slurmctld answers" ctld_up
slurmd -D -N "$node" -f "$work/slurm.conf" >"$work/slurmd.out" 2>&1 &
pids+=($!)

node_field() { scontrol show node "$node" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1; }
# The reason without the " [user@time]" Slurm appends.
node_reason() { scontrol show node "$node" 2>/dev/null | sed -n 's/^ *Reason=//p' | sed 's/ \[[^]]*\]$//'; }
drained_by_rigcheck() { [[ $(node_field State) == *DRAIN* && $(node_reason) == rigcheck:* ]]; }
idle_not_drained() { [[ $(node_field State) == IDLE ]]; }

echo "1. unassigned BAR: expect DRAIN with a rigcheck: reason"
wait_for 40 "node drained by rigcheck" drained_by_rigcheck
echo "   $(node_field State): $(node_reason)"
[[ $(node_reason) == *pcie.bar* ]] || fail "drain reason does not name pcie.bar: $(node_reason)"
if timeout 20 srun --immediate=3 -N1 -n1 true >"$work/srun-drained.out" 2>&1; then
  fail "srun ran a job on a drained node"
fi
echo "   srun refused: $(head -n 1 "$work/srun-drained.out")"

echo "2. healthy machine: expect IDLE, and srun runs"
echo "$machines/p40-healthy" >"$work/machine"
wait_for 40 "node resumed to IDLE" idle_not_drained
out=$(timeout 30 srun --immediate=10 -N1 -n1 echo job-ran 2>&1) || fail "srun on the healthy node failed: $out"
[[ $out == *job-ran* ]] || fail "srun output: $out"
echo "   $(node_field State); srun: $out"

echo "3. drained by hand: the health check leaves it"
scontrol update NodeName="$node" State=DRAIN Reason="admin: replacing fan"
runs() { wc -l <"$work/healthcheck.runs"; }
runs_before=$(runs)
# Run the gate as slurmd does, and let two periodic health checks pass too.
"$work/healthcheck.sh" || fail "healthy gate run exited non-zero"
runs_at_least() { (($(runs) >= $1)); }
wait_for 20 "two more periodic health checks" runs_at_least $((runs_before + 3))
[[ $(node_field State) == *DRAIN* ]] || fail "an admin's drain was undone"
[[ $(node_reason) == "admin: replacing fan" ]] || fail "an admin's drain reason changed: $(node_reason)"
echo "   $(node_field State): $(node_reason)"
echo "PASSED"
