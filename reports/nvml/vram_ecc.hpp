#pragma once
// vram.ecc: what the driver's ECC counters, retired pages and remapped rows say about the VRAM.
#include "reports/check.hpp"
#include "reports/model.hpp"
#include "reports/policy.hpp"

namespace rigcheck {

// fail: pages or rows pending retirement/remapping, a remapping failure, uncorrected errors
//       since the driver loaded;
// warn: corrected errors above policy.vram_ecc.corrected_warn_above, uncorrected errors in the
//       card's lifetime (already retired);
// skip: ECC off or unsupported (errors are then invisible to the driver: vram.integrity is the
//       check that counts), or no NVML facts;
// pass: ECC on and clean.
Check judge_vram_ecc(const GpuEntry& gpu, const Policy& policy);

}  // namespace rigcheck
