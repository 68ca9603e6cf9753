#pragma once
// The judge of check "vram.integrity": a pure function of the GPU's VRAM measurement.
#include <cstdint>

#include "reports/model.hpp"
#include "reports/policy.hpp"

namespace rigcheck {

inline constexpr const char* kVramIntegrityCheckId = "vram.integrity";
// Below this share of the device memory a clean run says little about the rest: warn.
inline constexpr double kVramMinCoverageFraction = 0.95;
// The test moves memory in 4 KiB blocks: coverage within one block of the minimum meets it.
inline constexpr std::uint64_t kVramCoverageToleranceBytes = 4096;
// Errors whose records were all taken at or above this temperature count as "only when hot".
inline constexpr double kVramHotCelsius = 80.0;

Check judge_vram_integrity(const GpuEntry& gpu, const Policy& policy);

}  // namespace rigcheck
