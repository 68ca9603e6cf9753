#!/usr/bin/env bash
# A CUDA-enabled rigcheck starts on a machine without the CUDA toolkit: it links no CUDA
# library dynamically (cudart is static, cuBLAS is loaded at run time), and `list` and `probe`
# run with the toolkit's folder out of the loader path. Usage: starts_without_toolkit.sh RIGCHECK FIXTURES
set -euo pipefail
rigcheck=$1 fixtures=$2

libs=$(ldd "$rigcheck")
if grep -E 'libcudart|libcublas' <<<"$libs"; then
  echo "FAIL: $rigcheck links the CUDA libraries above dynamically" >&2
  exit 1
fi

# The loader path without any CUDA folder, and no ld.so.conf entry can help: a private cache.
clean_path=$(tr ':' '\n' <<<"${LD_LIBRARY_PATH:-}" | grep -v -i cuda | paste -sd: -)
run() { env LD_LIBRARY_PATH="$clean_path" "$rigcheck" "$@"; }

out=$(run list 2>&1) || { rc=$?; [[ $rc -le 3 ]] || { echo "FAIL: list exited $rc: $out" >&2; exit 1; }; }
if grep -q 'error while loading shared libraries' <<<"$out"; then echo "FAIL: $out" >&2; exit 1; fi
grep -q 'PCI display devices' <<<"$out" || { echo "FAIL: list printed: $out" >&2; exit 1; }

set +e
run probe --sysroot "$fixtures/machines/p40-healthy" --kernel-log "$fixtures/machines/p40-healthy/kernel-log.txt" \
  --nvml-library /nonexistent/libnvidia-ml.so.1 >/dev/null 2>&1
rc=$?
set -e
if [[ $rc -gt 3 ]]; then echo "FAIL: probe exited $rc" >&2; exit 1; fi

version=$(run --version)
grep -q '^CUDA: toolkit' <<<"$version" || { echo "FAIL: --version does not name the CUDA toolkit: $version" >&2; exit 1; }
grep -q '^cuBLAS: ' <<<"$version" || { echo "FAIL: --version does not say whether cuBLAS loads: $version" >&2; exit 1; }
echo "starts without the toolkit; ldd:"
echo "$libs"
echo "$version"

# Without cuBLAS the binary still starts and says why the CUDA GEMM paths cannot run.
missing=$(RIGCHECK_CUBLAS_DIR=/nonexistent run --version)
grep -q '^cuBLAS: not found: .*/nonexistent/libcublas' <<<"$missing" || {
  echo "FAIL: with RIGCHECK_CUBLAS_DIR=/nonexistent, --version says: $missing" >&2
  exit 1
}
echo "$missing" | grep '^cuBLAS'
