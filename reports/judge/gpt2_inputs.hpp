#pragma once
// What the GPT-2 model takes from a report: the GPU's VRAM and card, measured throughput, host RAM.
#include <optional>

#include "reports/gpt2/gpt2_build.hpp"
#include "reports/model.hpp"

namespace rigcheck {

// The GPU the GPT-2 table is sized for: the first compute GPU whose VRAM is known (reported, or
// from the card table). Null when there is none (a display card alone does not count).
const GpuEntry* gpu_sized_for_gpt2(const Report& report);

// Nullopt when the report holds no GPU to size the model for (then a stored table is kept).
std::optional<Gpt2Inputs> gpt2_inputs_from_report(const Report& report);

}  // namespace rigcheck
