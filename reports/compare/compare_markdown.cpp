// Markdown layout of a comparison: one table, a column per (report, GPU), bold group rows.
#include <fmt/format.h>

#include "reports/compare/compare_render.hpp"

namespace rigcheck {
namespace {

std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += "<br>";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string render_comparison_markdown(const ComparisonTable& table) {
  std::string out = "# rigcheck compare\n\n| |";
  for (const auto& column : table.columns)
    out += fmt::format(" {}<br>{}<br>{} |", cell(column.report_label), cell(column.machine.value_or(kMissingCell)),
                       column.gpu_index
                           ? cell(fmt::format("GPU {} {} `{}`", *column.gpu_index, column.gpu_name, column.bdf))
                           : std::string("no GPU"));
  out += "\n|---|";
  for (std::size_t c = 0; c < table.columns.size(); ++c) out += "---|";
  out += "\n";
  std::string group;
  for (const auto& row : table.rows) {
    if (row.group != group) {
      group = row.group;
      out += fmt::format("| **{}** |{}\n", group, std::string(table.columns.size(), '|'));
    }
    out += fmt::format("| {} |", cell(row.label));
    for (const auto& c : row.cells) {
      const std::string text = cell(c.text.value_or(kMissingCell));
      out += c.status == CheckStatus::fail ? fmt::format(" **{}** |", text) : fmt::format(" {} |", text);
    }
    out += "\n";
  }
  return out;
}

}  // namespace rigcheck
