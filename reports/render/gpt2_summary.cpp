#include "reports/render/gpt2_summary.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace rigcheck {
namespace {

// The row of `task` for `model` that fits with the highest throughput (fits on the GPU first).
const Gpt2Row* best_row(const Gpt2Table& table, const std::string& model, const std::string& task) {
  const Gpt2Row* best = nullptr;
  for (const auto& row : table.rows) {
    if (row.model != model || row.task != task || row.fit == Gpt2Fit::no) continue;
    if (best == nullptr || row.tokens_per_s.value_or(0) > best->tokens_per_s.value_or(0)) best = &row;
  }
  return best;
}

}  // namespace

std::vector<std::string> gpt2_summary_lines(const Gpt2Table& table) {
  static const std::pair<const char*, const char*> kTasks[] = {
      {"inference", "inference"},
      {"finetune", "fine-tune"},
      {"finetune-checkpointing", "fine-tune with checkpointing"},
      {"finetune-offload", "fine-tune with optimizer offload"},
  };
  std::vector<std::string> lines;
  std::vector<std::string> models;
  for (const auto& row : table.rows)
    if (std::find(models.begin(), models.end(), row.model) == models.end()) models.push_back(row.model);
  for (const auto& model : models) {
    std::vector<std::string> parts;
    for (const auto& [task, words] : kTasks) {
      const Gpt2Row* row = best_row(table, model, task);
      if (row == nullptr) continue;
      parts.push_back(fmt::format("{} ({}, batch {}){}", words, row->precision, row->batch,
                                  row->tokens_per_s ? fmt::format(" ~{:.0f} tok/s", *row->tokens_per_s) : ""));
    }
    // Fine-tuning variants: once plain fine-tuning fits, the others add nothing to the summary.
    if (parts.size() > 2 && parts[1].starts_with("fine-tune (")) parts.resize(2);
    lines.push_back(fmt::format("{}: {}", model, parts.empty() ? "does not fit" : fmt::format("{}", fmt::join(parts, "; "))));
  }
  return lines;
}

std::string gpt2_precision_cell(const Gpt2Row& row) { return row.precision + ", " + row.attention; }

std::string gpt2_tokens_per_s_cell(const Gpt2Row& row, std::string_view unknown) {
  if (!row.tokens_per_s) return std::string(unknown);
  if (!row.tokens_per_s_conservative) return fmt::format("{:.0f}", *row.tokens_per_s);
  return fmt::format("{:.0f}-{:.0f}", *row.tokens_per_s_conservative, *row.tokens_per_s);
}

}  // namespace rigcheck
