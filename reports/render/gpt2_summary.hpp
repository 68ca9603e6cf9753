#pragma once
// A short GPT-2 answer for summaries: per model, the best way each task fits (full table:
// reports/gpt2/gpt2_text.hpp, `rigcheck gpt2`).
#include <string>
#include <string_view>
#include <vector>

#include "reports/gpt2_table.hpp"

namespace rigcheck {

// One line per model: "gpt2-xl: inference (int8-weight, batch 34) ~1347 tok/s; fine-tune with optimizer offload
// (fp16-pure, batch 5) ~471 tok/s; ..."
std::vector<std::string> gpt2_summary_lines(const Gpt2Table& table);

// Table cells every renderer shares: "fp32, sdpa" and the conservative-likely range "300-471" (`unknown`
// when there is no speed).
std::string gpt2_precision_cell(const Gpt2Row& row);
std::string gpt2_tokens_per_s_cell(const Gpt2Row& row, std::string_view unknown = "-");

}  // namespace rigcheck
