#pragma once
// The GPT-2 table as plain text for `rigcheck gpt2` (size x task -> fit, VRAM, host RAM, tokens/s, limit).
#include <string>

#include "reports/gpt2_table.hpp"

namespace rigcheck {

std::string render_gpt2_text(const Gpt2Table& table);

}  // namespace rigcheck
