// Terminal layout of a comparison: a header of four lines per column (report, machine, GPU, PCI
// address), then one line per row with the cells padded to the widest in their column.
#include <fmt/format.h>

#include <algorithm>

#include "reports/compare/compare_render.hpp"

namespace rigcheck {
namespace {

// Columns on a terminal: UTF-8 continuation bytes take no room ("—" and "°C" count 1 and 2).
std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void pad(std::string& out, std::string_view text, std::size_t width) {
  out += text;
  out.append(width - std::min(width, display_width(text)), ' ');
}

}  // namespace

std::string render_comparison_text(const ComparisonTable& table) {
  std::vector<std::vector<std::string>> header(table.columns.size());
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const auto& column = table.columns[c];
    header[c] = {column.report_label, column.machine.value_or(kMissingCell),
                 column.gpu_index ? fmt::format("GPU {} {}", *column.gpu_index, column.gpu_name) : "no GPU",
                 column.bdf.empty() ? kMissingCell : column.bdf};
  }
  const std::vector<std::string> header_labels = {"report", "machine", "GPU", "PCI"};

  std::size_t label_width = 0;
  for (const auto& label : header_labels) label_width = std::max(label_width, display_width(label));
  for (const auto& row : table.rows) label_width = std::max(label_width, display_width(row.label) + 2);
  std::vector<std::size_t> widths(table.columns.size(), 0);
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    for (const auto& line : header[c]) widths[c] = std::max(widths[c], display_width(line));
    for (const auto& row : table.rows)
      widths[c] = std::max(widths[c], display_width(row.cells[c].text.value_or(kMissingCell)));
  }

  std::string out;
  auto line = [&](std::string_view label, const auto& cell_text) {
    std::string text;
    pad(text, label, label_width);
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      text += "  ";
      pad(text, cell_text(c), c + 1 == table.columns.size() ? 0 : widths[c]);
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
  };
  for (std::size_t i = 0; i < header_labels.size(); ++i)
    line(header_labels[i], [&](std::size_t c) -> std::string_view { return header[c][i]; });
  std::string group;
  for (const auto& row : table.rows) {
    if (row.group != group) {
      group = row.group;
      out += fmt::format("\n{}\n", group);
    }
    line("  " + row.label, [&](std::size_t c) -> std::string_view {
      const auto& text = row.cells[c].text;
      return text ? std::string_view(*text) : std::string_view(kMissingCell);
    });
  }
  return out;
}

}  // namespace rigcheck
