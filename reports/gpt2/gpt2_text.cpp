#include "reports/gpt2/gpt2_text.hpp"

#include <fmt/format.h>

#include "reports/gpt2/size_units.hpp"

namespace rigcheck {

std::string render_gpt2_text(const Gpt2Table& table) {
  std::string out = "GPT-2 on this machine (formulas: docs/gpt2.md)\n";
  for (const auto& line : table.basis) out += "  " + line + "\n";
  out += "\n";
  out += fmt::format("{:<12} {:<23} {:<6} {:>5} {:<8} {:>10} {:>10} {:>9}  {}\n", "model", "task", "prec", "batch",
                     "fit", "VRAM", "host RAM", "tokens/s", "limit");
  for (const auto& row : table.rows) {
    const std::string speed = row.tokens_per_s ? fmt::format("{:.0f}", *row.tokens_per_s) : "-";
    out += fmt::format("{:<12} {:<23} {:<6} {:>5} {:<8} {:>10} {:>10} {:>9}  {}\n", row.model, row.task,
                       row.precision, row.batch, to_string(row.fit), format_gib(row.vram_bytes),
                       format_gib(row.host_bytes), speed, row.limit);
  }
  return out;
}

}  // namespace rigcheck
