#!/usr/bin/env bash
# rigcheck as a normal user: the test creates a system user (once; kept for later runs) and runs
# `probe` as that user, on fixture machines and on this machine. Everything that needs no root
# runs, the exit code is the verdict's (0 sound, 1 unsound, 3 untested), and what needs root (the
# kernel log under kernel.dmesg_restrict) is reported with the exact fix.
# Usage: nonroot_probe.sh RIGCHECK FIXTURES   (exit 77: skipped, with the reason)
set -euo pipefail
rigcheck=$1 fixtures=$2
user=rigcheck-test
if [[ $(id -u) -ne 0 ]]; then
  echo "SKIP: creating a test user needs root (this test runs as $(id -un))"
  exit 77
fi
id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
as_user() { setpriv --reuid="$user" --regid="$user" --clear-groups -- "$@"; }
expected_exit() { python3 -c 'import json,sys; print({"sound":0,"unsound":1,"untested":3}[json.load(open(sys.argv[1]))["verdict"]["status"]])' "$1"; }
# The checkout may sit below a folder only root can enter (/root): the binary and the fixtures
# are copied where the user can read them, as an installed binary would be.
out=$(mktemp -d) && chmod 755 "$out"
trap 'rm -rf "$out"' EXIT
cp "$rigcheck" "$out/rigcheck" && rigcheck=$out/rigcheck
cp -r "$fixtures/machines" "$out/machines" && chmod -R a+rX "$out/machines" && fixtures=$out
mkdir -m 777 "$out/reports"
status=0

check_probe() {  # name, then probe's arguments
  local name=$1; shift
  set +e
  as_user "$rigcheck" probe --nvml-library /nonexistent/libnvidia-ml.so.1 --format json -o "$out/reports/$name.json" "$@" \
    2>"$out/reports/$name.err"
  local rc=$?
  set -e
  if [[ ! -s "$out/reports/$name.json" ]]; then
    echo "FAIL: $name: no report as $user (exit $rc): $(cat "$out/reports/$name.err")" >&2; status=1; return
  fi
  local want; want=$(expected_exit "$out/reports/$name.json")
  if [[ $rc -ne $want ]]; then echo "FAIL: $name: exit $rc as $user, the verdict's is $want" >&2; status=1; fi
  echo "$name: exit $rc as $user (verdict's: $want)"
}

for machine in p40-above4g-off p40-healthy no-gpu; do
  check_probe "$machine" --sysroot "$fixtures/machines/$machine"
done

# This machine: the kernel log needs root where kernel.dmesg_restrict is 1.
check_probe host
if [[ -e /dev/kmsg && $(cat /proc/sys/kernel/dmesg_restrict 2>/dev/null) == 1 ]]; then
  if grep -q 'sudo sysctl kernel.dmesg_restrict=0' "$out/reports/host.json"; then
    echo "host: the kernel log needs root here, and the report says how: sudo sysctl kernel.dmesg_restrict=0"
  else
    echo "FAIL: dmesg_restrict is 1 but the report does not give the fix for the kernel log" >&2; status=1
  fi
else
  echo "host: kernel.dmesg_restrict is not 1 here: the root-only path was not exercised"
fi
exit $status
