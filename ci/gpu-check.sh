#!/usr/bin/env bash
# The checks that need a real NVIDIA GPU, in one short script (a lent GPU's time is scarce):
# `gpu`-labelled tests, compute-sanitizer (memcheck, racecheck) over our CUDA kernels, `rigcheck
# probe`, `gather`, `list`, `vram` (CUDA and Vulkan, with transfers and a fault-injection self-test),
# `compute`, `run` (quick) and `burn --duration 2m`, HTML renderings, the NVML sampler's real cost. Everything lands in $OUT
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

# Our own kernels under the sanitizer: VRAM patterns and transfers (tests/cuda), GEMM/attention
# (tests/compute), the burn load and its comparison kernel (tests/burn).
sanitize() {  # sanitize TOOL BINARY
  local name
  name=$(basename "$2")
  [[ -x "$2" ]] || return 0
  compute-sanitizer --tool "$1" --error-exitcode 9 "$2" >"$OUT/sanitizer-$1-$name.txt" 2>&1
  echo "rc=$?" >>"$OUT/sanitizer-$1-$name.txt"
}
if command -v compute-sanitizer >/dev/null 2>&1; then
  log "compute-sanitizer over the CUDA kernels"
  for binary in "$build/tests/cuda/rigcheck_cuda_backend_tests" "$build/tests/compute/rigcheck_compute_cuda_tests" \
                "$build/tests/burn/rigcheck_burn_cuda_tests"; do
    sanitize memcheck "$binary"
  done
  sanitize racecheck "$build/tests/cuda/rigcheck_cuda_backend_tests"
fi

log "probe, gather"
"$rigcheck" probe --format json -o "$OUT/probe.json" 2>>"$OUT/gpu-check.log"
"$rigcheck" gather -o "$OUT/gather.tar.gz" 2>>"$OUT/gpu-check.log"

"$rigcheck" list >"$OUT/list.txt" 2>&1
# cuBLAS is loaded at run time (kernels/cuda/cublas_loader): which one, and that a machine without
# it runs GEMM on Vulkan with the reason in the report's notes.
"$rigcheck" --version >"$OUT/version.txt" 2>&1
RIGCHECK_CUBLAS_DIR=/nonexistent "$rigcheck" compute --format json -o "$OUT/compute-without-cublas.json" \
  2>>"$OUT/gpu-check.log"

log "vram: CUDA (8 GiB, with transfers), Vulkan (8 GiB), self-test (17 injected faults)"
"$rigcheck" vram --size 8GiB --format json -o "$OUT/vram-cuda.json" 2>>"$OUT/gpu-check.log"
"$rigcheck" vram --backend vulkan --size 8GiB --format json -o "$OUT/vram-vulkan.json" 2>>"$OUT/gpu-check.log"
"$rigcheck" vram --size 1GiB --inject-faults 17 --no-transfers --format json -o "$OUT/vram-inject.json" \
  2>>"$OUT/gpu-check.log"

log "compute (GPT-2 shapes, every precision)"
"$rigcheck" compute --format json -o "$OUT/compute.json" 2>>"$OUT/gpu-check.log"

log "run (quick profile)"
"$rigcheck" run --out-dir "$OUT/run" --format text >"$OUT/run.txt" 2>>"$OUT/gpu-check.log"
echo "rc=$?" >>"$OUT/run.txt"

log "burn 2m"
"$rigcheck" burn --duration 2m --format json -o "$OUT/burn.json" 2>>"$OUT/gpu-check.log"
for report in run/report.json burn.json; do
  [[ -f "$OUT/$report" ]] && "$rigcheck" report "$OUT/$report" --format html -o "$OUT/${report//\//-}.html"
done

if [[ -x "$build/bench/nvml_sample_bench" ]]; then
  log "NVML sample cost on the real driver"
  RIGCHECK_NVML_LIBRARY=libnvidia-ml.so.1 "$build/bench/nvml_sample_bench" >"$OUT/nvml-bench.txt" 2>&1
fi
log "done: reports in $OUT (commit them under reports/examples/$card/)"

# ---- GPT-2 memory against PyTorch on this GPU (docs/gpt2.md "CUDA-side parameters") ----
# The rows of tests/fixtures/gpt2/memory_reference.tsv run for real: PyTorch's max_memory_allocated
# (compare with the fixture), max_memory_reserved (the allocator margin) and the context's own use,
# once with the default allocator and once with expandable segments.
if python3 -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
  gpt2_budget=$(( $(nvidia-smi --query-gpu=memory.total --format=csv,noheader,nounits | head -1) * 943718 ))  # 90% in bytes
  log "gpt2 memory: PyTorch peaks on this GPU (gpt2, gpt2-medium, both contexts and kernels)"
  timeout 1200 python3 tools/gpt2_memory_reference.py --device cuda --models gpt2,gpt2-medium \
    --budget-bytes "$gpt2_budget" >"$OUT/gpt2-memory-cuda.tsv" 2>>"$OUT/gpu-check.log"
  echo "# rc=$?" >>"$OUT/gpt2-memory-cuda.tsv"
  PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True timeout 600 python3 tools/gpt2_memory_reference.py --device cuda \
    --models gpt2 --budget-bytes "$gpt2_budget" >"$OUT/gpt2-memory-cuda-expandable.tsv" 2>>"$OUT/gpu-check.log"
  echo "# rc=$?" >>"$OUT/gpt2-memory-cuda-expandable.tsv"
else
  log "gpt2 memory: skipped (python3 has no PyTorch with CUDA)"
fi
