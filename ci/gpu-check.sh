#!/usr/bin/env bash
# The checks that need a real NVIDIA GPU, in one short script (a lent GPU's time is scarce):
# `gpu`-labelled tests, compute-sanitizer over our CUDA kernels, `rigcheck probe`, `gather`,
# `run` (quick) and `burn --duration 2m`, the NVML sampler's real cost. Everything lands in $OUT
# (default ./gpu-check-out); commit the reports under reports/examples/<card>/.
#
#   ci/gpu-check.sh [BUILD_DIR]     BUILD_DIR: an existing CUDA build (default: configure one)
#
# Environment: OUT (output folder), LD_LIBRARY_PATH (libraries carried to a machine without our
# Debian packages), CUDA_ARCHS (default "native" via the found GPU, else all-supported).
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/gpu-check-out}
mkdir -p "$OUT"
log() { echo "== $*" | tee -a "$OUT/gpu-check.log"; }

build=${1:-}
if [[ -z "$build" ]]; then
  build=build/gpu
  log "configure CUDA build in $build"
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRIGCHECK_CUDA=on \
    -DRIGCHECK_CUDA_ARCHITECTURES="${CUDA_ARCHS:-all-supported}" >>"$OUT/gpu-check.log" 2>&1 || exit 3
  cmake --build "$build" -j "$(nproc)" >>"$OUT/gpu-check.log" 2>&1 || { log "build failed"; exit 3; }
fi
rigcheck="$build/app/rigcheck"
card=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1 | tr ' ' '-' || echo unknown)
log "card: ${card:-none}"
nvidia-smi >"$OUT/nvidia-smi.txt" 2>&1

log "gpu-labelled tests"
ctest --test-dir "$build" -L gpu --output-on-failure --timeout 300 >"$OUT/ctest-gpu.txt" 2>&1
echo "rc=$?" >>"$OUT/ctest-gpu.txt"

if command -v compute-sanitizer >/dev/null 2>&1 && [[ -x "$build/tests/compute/rigcheck_compute_cuda_tests" ]]; then
  log "compute-sanitizer (memcheck) over the CUDA kernels"
  compute-sanitizer --tool memcheck --error-exitcode 9 "$build/tests/compute/rigcheck_compute_cuda_tests" \
    >"$OUT/compute-sanitizer.txt" 2>&1
  echo "rc=$?" >>"$OUT/compute-sanitizer.txt"
fi

log "probe, gather"
"$rigcheck" probe --format json -o "$OUT/probe.json" 2>>"$OUT/gpu-check.log"
"$rigcheck" gather -o "$OUT/gather.tar.gz" 2>>"$OUT/gpu-check.log"

log "run (quick profile)"
"$rigcheck" run --out-dir "$OUT/run" --format text >"$OUT/run.txt" 2>>"$OUT/gpu-check.log"
echo "rc=$?" >>"$OUT/run.txt"

log "burn 2m"
"$rigcheck" burn --duration 2m --format json -o "$OUT/burn.json" 2>>"$OUT/gpu-check.log"

if [[ -x "$build/bench/nvml_sample_bench" ]]; then
  log "NVML sample cost on the real driver"
  RIGCHECK_NVML_LIBRARY=libnvidia-ml.so.1 "$build/bench/nvml_sample_bench" >"$OUT/nvml-bench.txt" 2>&1
fi
log "done: reports in $OUT (commit them under reports/examples/$card/)"
