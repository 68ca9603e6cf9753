#pragma once
// The one line every renderer shows per device about rigcheck's own detectors:
// "detectors verified on this device: VRAM, GEMM fp32/fp16/int8, burn comparison, timer"
// followed by what failed or did not run. A pure function of the GPU entry.
#include <optional>
#include <string>

#include "reports/model.hpp"

namespace rigcheck {

// std::nullopt for a device this report neither tested nor self-checked (probed only).
std::optional<std::string> self_check_line(const GpuEntry& gpu);

// One self-check in one line, as `rigcheck selftest` prints it: "[PASS] VRAM own_address: <detail>".
std::string self_check_text(const SelfCheck& self_check);

}  // namespace rigcheck
