#!/usr/bin/env bash
# The checks that need a real NVIDIA GPU, in one short script (a lent GPU's time is scarce):
# `gpu`-labelled tests, compute-sanitizer (memcheck, racecheck) over our CUDA kernels, `rigcheck
# probe`, `gather`, `list`, `vram` (CUDA and Vulkan, with transfers and a fault-injection self-test),
# `compute`, `run` (quick) and `burn --duration 2m`, HTML renderings, the NVML sampler's real cost,
# after a first-contact section (issue 17's fixes, confirmed on the card). Everything lands in $OUT
# (default ./gpu-check-out); commit the reports under reports/examples/<card>/.
#
#   ci/gpu-check.sh [--first-contact] [BUILD_DIR]
#     BUILD_DIR: an existing CUDA build (default: configure one)
#     --first-contact: only the first-contact section (below), built for the card's own
#       architecture: under 10 minutes, so it fits a 15-minute lent-GPU session.
#
# Environment: OUT (output folder), LD_LIBRARY_PATH (libraries carried to a machine without our
# Debian packages), CUDA_ARCHS (default: the card's own compute capability, from nvidia-smi, else
# all-supported).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 3
OUT=${OUT:-$PWD/gpu-check-out}
mkdir -p "$OUT"
log() { echo "== $*" | tee -a "$OUT/gpu-check.log"; }

first_contact_only=0
if [[ "${1:-}" == "--first-contact" ]]; then
  first_contact_only=1
  shift
fi
# The card's own architecture ("9.0" -> "90"): one architecture builds in a fraction of the time.
own_arch=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -1 | tr -d '. ')
build=${1:-}
if [[ -z "$build" ]]; then
  build=build/gpu
  log "configure CUDA build in $build for ${CUDA_ARCHS:-${own_arch:-all-supported}}"
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRIGCHECK_CUDA=on \
    -DRIGCHECK_CUDA_ARCHITECTURES="${CUDA_ARCHS:-${own_arch:-all-supported}}" >>"$OUT/gpu-check.log" 2>&1 || exit 3
  targets=()
  ((first_contact_only)) && targets=(--target rigcheck rigcheck_vram_tests rigcheck_compute_tests rigcheck_vulkan_tests)
  cmake --build "$build" -j "$(nproc)" "${targets[@]}" >>"$OUT/gpu-check.log" 2>&1 || { log "build failed"; exit 3; }
fi
rigcheck="$build/app/rigcheck"
card=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1 | tr ' ' '-' || echo unknown)
log "card: ${card:-none} (compute capability ${own_arch:-unknown})"
nvidia-smi >"$OUT/nvidia-smi.txt" 2>&1

# First contact: one line per defect of issue 17 that only a real card can confirm; the verdicts
# are printed by ci/first_contact.py into first-contact.txt (docs/validation.md lists the items).
# About 5-9 minutes on one card including the one-architecture build.
log "first contact: the fixes no fake device can confirm"
"$build/tests/vram/rigcheck_vram_tests" >"$OUT/fc-unit-vram.txt" 2>&1  # items 1-3 on the host, as in CI
# 1: a healthy card at the default --fraction passes coverage (one quick pattern).
"$rigcheck" vram --backend cuda --patterns own_address --passes 1 --no-transfers --format json \
  -o "$OUT/fc-vram-clean.json" 2>>"$OUT/gpu-check.log"
# 2, 3, 9: the CUDA run with injected faults at the default coverage, lazy module loading forced:
# every kernel loads before allocation (9), no device error and no fallback (2), the injected
# flips re-read wrong from memory in the separate re-read pass, so they classify as stuck (3).
CUDA_MODULE_LOADING=LAZY "$rigcheck" vram --backend cuda --inject-faults 17 --passes 1 --no-transfers \
  --format json -o "$OUT/fc-vram-inject.json" 2>>"$OUT/gpu-check.log"
# 4, 5, 6, 8: GEMM at every precision on the card's own table entry (4: fp32 near its peak; 5: no
# precision above its peak; 6: int8 and fp8 supported, at tensor-core speed), the LM head at
# T = 4096 checked without downloading its output (8: peak RSS).
peak_rss=()  # GNU time's peak resident set, where installed
[[ -x /usr/bin/time ]] && peak_rss=(/usr/bin/time -f "%M" -o "$OUT/fc-compute-rss-kib.txt")
"${peak_rss[@]}" "$rigcheck" compute --backend cuda --precision fp32,fp16,int8,fp8 --format json \
  -o "$OUT/fc-compute.json" 2>>"$OUT/gpu-check.log"
# 7: a 60 s Vulkan burn (the only burn path for M40/P40 with CUDA 13 builds), NVML power logged:
# read-backs through cached memory must not idle the GPU.
"$rigcheck" burn --backend vulkan --duration 60s --format json -o "$OUT/fc-burn-vulkan.json" 2>>"$OUT/gpu-check.log"
python3 ci/first_contact.py "$OUT" | tee "$OUT/first-contact.txt"
# The card's architecture facts (physics guard of cards the card table lacks): NVML's compute
# capability against nvidia-smi's, the SM count from the CUDA device properties, every GEMM bounded.
python3 ci/architecture_facts.py "$OUT/fc-compute.json" \
  "$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -1 | tr -d ' ')" |
  tee "$OUT/architecture-facts.txt"
((first_contact_only)) && { log "first contact done: $OUT/first-contact.txt"; exit 0; }

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

# With both backends on the card it ends with the CUDA/Vulkan cross-check ("CUDA/Vulkan agreement"
# lines: canaries and copies within 25%, one GEMM per shared precision); its progress goes to the log.
log "selftest: every detector proven on the card (CUDA first) and the cross-check, under 30 s for a 24 GB card"
{ time "$rigcheck" selftest 2>>"$OUT/gpu-check.log"; } >"$OUT/selftest.txt" 2>&1
echo "exit $?" >>"$OUT/selftest.txt"
"$rigcheck" selftest --backend vulkan >"$OUT/selftest-vulkan.txt" 2>&1

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
