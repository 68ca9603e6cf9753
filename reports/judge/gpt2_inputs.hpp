#pragma once
// What the GPT-2 model takes from a report: the GPU's VRAM and card, measured throughput, host RAM.
#include <optional>

#include "reports/gpt2/gpt2_build.hpp"
#include "reports/model.hpp"

namespace rigcheck {

// Nullopt when the report holds no GPU to size the model for (then a stored table is kept).
std::optional<Gpt2Inputs> gpt2_inputs_from_report(const Report& report);

}  // namespace rigcheck
