#!/usr/bin/env bash
# `cmake --install` lays out what a user gets, and CPack makes a Debian package of it that dpkg's
# own checks accept: control fields, Debian package names as dependencies that apt can resolve
# here, and lintian with no error. Usage: deb_package.sh BUILD_DIR SCRATCH_DIR
set -euo pipefail
build=$1 scratch=$2
rm -rf "$scratch" && mkdir -p "$scratch"

# 1. The install tree.
cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
for f in bin/rigcheck share/man/man1/rigcheck.1.gz share/bash-completion/completions/rigcheck \
         share/zsh/vendor-completions/_rigcheck share/rigcheck/policies/gpt2-finetune.toml \
         share/doc/rigcheck/README.md share/doc/rigcheck/docs/checks.md share/doc/rigcheck/copyright \
         share/doc/rigcheck/changelog.gz; do
  [[ -s "$scratch/prefix/$f" ]] || { echo "FAIL: cmake --install did not install $f" >&2; exit 1; }
done
# The man page documents every command (from the binary's own help).
man=$(zcat "$scratch/prefix/share/man/man1/rigcheck.1.gz")
for cmd in run probe vram compute burn gpt2 report compare gather list; do
  grep -q "^\.SS rigcheck $cmd\$" <<<"$man" ||
    { echo "FAIL: the man page lacks the command $cmd" >&2; exit 1; }
done
bash -n "$scratch/prefix/share/bash-completion/completions/rigcheck"

# 2. The package.
(cd "$scratch" && cpack --config "$build/CPackConfig.cmake" -B "$scratch/pkg" >/dev/null)
deb=$(ls "$scratch"/pkg/rigcheck_*.deb)
info=$(dpkg-deb --info "$deb")
echo "$info"
grep -q '^ Package: rigcheck$' <<<"$info" || { echo "FAIL: no Package field" >&2; exit 1; }
depends=$(grep '^ Depends:' <<<"$info") || { echo "FAIL: no Depends field" >&2; exit 1; }
# Debian package names (libc6, libvulkan1, ...), never file names or paths.
if grep -E '\.so|/' <<<"$depends"; then echo "FAIL: dependencies are not package names" >&2; exit 1; fi
contents=$(dpkg-deb --contents "$deb")
grep -q './usr/bin/rigcheck$' <<<"$contents" || { echo "FAIL: no /usr/bin/rigcheck in the package" >&2; exit 1; }
# Would `apt-get install ./rigcheck_*.deb` find every dependency? (simulated: nothing is installed)
apt-get install --simulate --no-install-recommends "$deb" >"$scratch/apt.txt" 2>&1 ||
  { cat "$scratch/apt.txt" >&2; echo "FAIL: apt cannot install the package here" >&2; exit 1; }

if command -v lintian >/dev/null; then
  # As root lintian warns that it should not run as root; --allow-root says we know.
  lintian --allow-root --fail-on error "$deb" | tee "$scratch/lintian.txt"
else
  echo "lintian not installed: the package was not linted (ci/setup-deps.sh installs it)"
fi
echo "package: $deb"
