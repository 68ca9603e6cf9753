#include "reports/gpt2/gpt2_text.hpp"

#include <fmt/format.h>

#include "reports/gpt2/size_units.hpp"
#include "reports/render/gpt2_summary.hpp"

namespace rigcheck {

std::string render_gpt2_text(const Gpt2Table& table) {
  std::string out = "GPT-2 on this machine (formulas: docs/gpt2.md)\n";
  for (const auto& line : table.basis) out += "  " + line + "\n";
  out += "\n";
  constexpr const char* kLine = "{:<12} {:<23} {:<11} {:<5} {:>5} {:>7} {:<8} {:>10} {:>10} {:>13}  {}\n";
  out += fmt::format(kLine, "model", "task", "precision", "attn", "batch", "context", "fit", "VRAM", "host RAM",
                     "tokens/s", "limit");
  for (const auto& row : table.rows) {
    out += fmt::format(kLine, row.model, row.task, row.precision, row.attention, row.batch, row.context,
                       to_string(row.fit), format_gib(row.vram_bytes), format_gib(row.host_bytes),
                       gpt2_tokens_per_s_cell(row), row.limit);
  }
  return out;
}

}  // namespace rigcheck
