#!/usr/bin/env bash
# Installs the Debian 12 packages rigcheck needs to build and test; idempotent (installs only
# what is missing and says what). CUDA is optional: detected, never required.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config git tar gzip
  libfmt-dev libcli11-dev nlohmann-json3-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libvulkan-dev glslc mesa-vulkan-drivers   # Vulkan loader + headers, shader compiler, CPU Vulkan device (lavapipe)
  python3 python3-jsonschema                 # report schema validation in the tests
  pciutils                                   # lspci, compared with our own PCI enumeration in a test
  pci.ids                                    # device names for cards outside rigcheck's own table
  help2man                                   # the man page, written from rigcheck's own --help at build time
  dpkg-dev                                   # the .deb: dependencies worked out by dpkg-shlibdeps
  libxml2-utils                              # xmllint: the JUnit output against its XSD in the tests
)
# Only the tests use these; without them those tests skip with the reason. Installed when running
# as root (as CI does); as another user their absence is only reported.
test_packages=(
  lintian                                    # checks the .deb
  chromium                                   # report.html rendered headless (~45 s to install, 16 packages)
  prometheus                                 # promtool: the Prometheus textfile checked in the tests
  slurm-wlm munge                            # a real single-node Slurm for the gate's drain/resume test (tests/cluster/)
)
if [[ $(id -u) -eq 0 ]]; then
  packages+=("${test_packages[@]}")
else
  for p in "${test_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      echo "setup-deps: optional $p is not installed: the tests that need it will skip"
  done
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup-deps: all ${#packages[@]} packages are installed"
else
  echo "setup-deps: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup-deps: these packages are missing and installing them needs root:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    echo "  (or run: sudo $0)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if command -v nvcc >/dev/null 2>&1 || [[ -x /usr/local/cuda/bin/nvcc ]]; then
  nvcc_path=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
  echo "setup-deps: CUDA found ($("$nvcc_path" --version | grep -o 'release [0-9.]*')): the CUDA backend will be built"
else
  echo "setup-deps: no CUDA toolkit found: building the Vulkan backend only (install CUDA 11.8-12.9 for M40/P40, 11.8+ otherwise)"
fi
