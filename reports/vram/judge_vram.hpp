#pragma once
// The judge of check "vram.integrity": a pure function of the GPU's VRAM measurement and the
// policy's `[vram.integrity]` thresholds.
#include "reports/model.hpp"
#include "reports/policy.hpp"

namespace rigcheck {

inline constexpr const char* kVramIntegrityCheckId = "vram.integrity";

Check judge_vram_integrity(const GpuEntry& gpu, const Policy& policy);

}  // namespace rigcheck
