#pragma once
// `rigcheck compare`: reports side by side. One column per (report, GPU), one row per verdict,
// check (the union of check ids over every column) and key metric. Pure: built from loaded
// reports; the renderers (compare_render.hpp) only lay it out.
#include <optional>
#include <string>
#include <vector>

#include "reports/check.hpp"
#include "reports/model.hpp"

namespace rigcheck {

struct LabeledReport {
  std::string label;  // what the user named it: the file path
  Report report;
};

struct ComparisonColumn {
  std::string report_label;
  std::optional<std::string> machine;  // hostname when recorded
  std::optional<int> gpu_index;        // nullopt: the report has no GPU
  std::string gpu_name;
  std::string bdf;
};

// One cell: nullopt when the column has no such value (shown as "—", null in JSON). A status
// colours check rows, the verdict (sound: pass, unsound: fail, untested: skip) and GPT-2 fits.
struct ComparisonCell {
  std::optional<std::string> text;
  std::optional<CheckStatus> status;
};

struct ComparisonRow {
  std::string group;                  // "verdict" | "checks" | "system" | "metrics" | "gpt2"
  std::string label;                  // "pcie.link", "GEMM fp32", "gpt2-xl"
  std::vector<ComparisonCell> cells;  // one per column
};

struct ComparisonTable {
  std::vector<ComparisonColumn> columns;
  std::vector<ComparisonRow> rows;
};

// Rows in this order: verdict; GPU checks (ids in first-seen order); system checks; metrics
// (PCIe link under load, VRAM test, copy bandwidth, GEMM and attention per precision, burn);
// GPT-2 fit per model. A metric row appears when at least one column has a value.
ComparisonTable build_comparison(const std::vector<LabeledReport>& reports);

// The header of a column on one line: "report.json: host / GPU 0 Tesla P40 (0000:13:00.0)".
std::string column_heading(const ComparisonColumn& column);

}  // namespace rigcheck
