#!/usr/bin/env bash
# Builds rigcheck and runs every test. Usage: ci/test.sh [--asan]
#   default: the `default` preset (the `ci` preset when CI=true: CUDA for one architecture + PTX)
#   --asan:  the `asan` preset (AddressSanitizer + UBSan)
set -euo pipefail
cd "$(dirname "$0")/.."

"$(dirname "$0")/setup-deps.sh"

preset=default
[[ "${CI:-}" == "true" ]] && preset=ci
[[ "${1:-}" == "--asan" ]] && preset=asan

# Without this, CMake finds nvcc only on PATH; the CUDA toolkit's usual place is enough.
if ! command -v nvcc >/dev/null 2>&1 && [[ -x /usr/local/cuda/bin/nvcc ]]; then
  export CUDACXX=/usr/local/cuda/bin/nvcc
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/ci/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

jobs=$(nproc)
echo "== configure ($preset)"
cmake --preset "$preset"
echo "== build ($preset, $jobs jobs)"
cmake --build --preset "$preset" -j "$jobs"
echo "== test ($preset)"
ctest --preset "$preset" -j "$jobs" --timeout 600
