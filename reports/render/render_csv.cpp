// Telemetry as CSV (`rigcheck report R.json --format csv`): one row per sample and GPU, for
// spreadsheets and plotting. Columns: the GPU (index, PCI address, name), then every telemetry
// column any GPU recorded, in first-seen order; an empty cell is a value the device could not give.
#include <algorithm>

#include <fmt/format.h>

#include "reports/render/render.hpp"

namespace rigcheck {
namespace {

// RFC 4180: quote a field that holds a separator, a quote or a line break.
std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string render_csv(const Report& report) {
  std::vector<std::string> columns;
  for (const auto& gpu : report.gpus)
    if (gpu.telemetry)
      for (const auto& c : gpu.telemetry->columns)
        if (std::find(columns.begin(), columns.end(), c) == columns.end()) columns.push_back(c);
  std::string out = "gpu,pci_bus_id,name";
  for (const auto& c : columns) out += "," + csv_field(c);
  out += "\n";
  for (const auto& gpu : report.gpus) {
    if (!gpu.telemetry) continue;
    const auto& t = *gpu.telemetry;
    for (const auto& row : t.rows) {
      out += fmt::format("{},{},{}", gpu.index, csv_field(gpu.pci.bdf), csv_field(gpu.name));
      for (const auto& c : columns) {
        auto i = t.column(c);
        out += ",";
        if (i && *i < row.size() && row[*i]) out += fmt::format("{}", *row[*i]);
      }
      out += "\n";
    }
  }
  return out;
}

}  // namespace rigcheck
