#pragma once
// The VRAM detector's self-test (the canary): before the test proper, a small region is written
// with each pattern and verified once as it is (the baseline: a real bad bit there is the card's,
// and the test proper finds it again), then a known set of bits is flipped in it, and the verify
// must report exactly those words and bits on top of the baseline — no more, no fewer — and
// nothing else from the region. The region is tested again by the real passes afterwards, so no
// memory goes untested; canary errors are never counted as VRAM errors. Pure helpers here;
// vram_test.cpp runs the steps.
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/vram_device.hpp"
#include "reports/self_check.hpp"

namespace rigcheck {

struct VramRegion;

inline constexpr std::uint32_t kVramCanaryFaults = 8;

// Bytes set aside: 0.5% of the tested range (the canary writes and verifies it once per pattern,
// the test proper every pass), at least 16 blocks, at most 64 MiB, never more than `region_bytes`.
std::uint64_t vram_canary_bytes(std::uint64_t tested_bytes, std::uint64_t region_bytes);

// One flipped bit per word, the words spread over the region's blocks so that both even and odd
// blocks carry some (a verify that skipped every other block would miss half).
std::vector<VramFaultSite> plan_vram_canary_faults(std::uint64_t chunk_first_byte, std::uint64_t region_bytes,
                                                   std::uint32_t fault_count, std::mt19937_64& rng);

// What the verify of the canary region reported against the baseline plus what was planted.
// `after_errors`: the errors of a later verify of the region (the complement that moving
// inversions writes), which must be 0 when the baseline was clean.
SelfCheck judge_vram_canary(VramPattern pattern, const std::vector<VramFaultSite>& planted,
                            const VramStepResult& baseline, const VramStepResult& verify, std::uint64_t after_errors);

}  // namespace rigcheck
