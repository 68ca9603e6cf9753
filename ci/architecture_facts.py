#!/usr/bin/env python3
"""Reads one report of a CUDA run on a real card (ci/gpu-check.sh: fc-compute.json) and prints
whether the card's architecture facts were filled (docs/trust.md "Physical limits"): the compute
capability NVML reports against nvidia-smi's, the SM count from the CUDA device properties, and
that every GEMM that ran on the card was held to a peak. One line each, "confirmed" or "NOT
confirmed" with the evidence. Exit 0 when all are confirmed, 1 otherwise.

    ci/architecture_facts.py REPORT.json EXPECTED_COMPUTE_CAPABILITY   (e.g. 8.6)
"""
import json
import sys


def main():
    try:
        report = json.loads(open(sys.argv[1]).read())
    except (OSError, ValueError) as error:
        print(f"architecture facts: NOT confirmed (no report: {error})")
        return 1
    expected = sys.argv[2] if len(sys.argv) > 2 else ""
    gpus = [g for g in report.get("gpus", []) if g.get("backend") == "cuda"]
    if not gpus:
        print("architecture facts: NOT confirmed (no GPU ran on the CUDA backend)")
        return 1
    bad = False

    def say(ok, what):
        nonlocal bad
        bad = bad or not ok
        print(f"{what}: {'confirmed' if ok else 'NOT confirmed'}")

    for gpu in gpus:
        name = f"GPU {gpu.get('index')} {gpu.get('name')}"
        nvml = (gpu.get("facts") or {}).get("nvml") or {}
        from_nvml = nvml.get("cuda_compute_capability")
        say(from_nvml == expected and gpu.get("compute_capability") == expected,
            f"{name}: compute capability {gpu.get('compute_capability')} (NVML {from_nvml}, nvidia-smi {expected})")
        sm_count = gpu.get("sm_count")
        say(isinstance(sm_count, int) and sm_count > 0, f"{name}: {sm_count} SMs from the CUDA device properties")
        unbounded = [c["id"] for c in gpu.get("checks", [])
                     if c.get("id", "").startswith("compute.gemm.") and c.get("status") != "skip"
                     and any("no peak known" in e for e in c.get("evidence", []))]
        say(not unbounded, f"{name}: every GEMM held to a peak (unbounded: {', '.join(unbounded) or 'none'})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
