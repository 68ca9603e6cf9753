#pragma once
// A short GPT-2 answer for summaries: per model, the best way each task fits (full table:
// reports/gpt2/gpt2_text.hpp, `rigcheck gpt2`).
#include <string>
#include <vector>

#include "reports/gpt2_table.hpp"

namespace rigcheck {

// One line per model: "gpt2-xl: inference int8 batch 29 ~1640 tok/s; fine-tune with offload (mixed, batch 2) ~457 tok/s; ..."
std::vector<std::string> gpt2_summary_lines(const Gpt2Table& table);

}  // namespace rigcheck
