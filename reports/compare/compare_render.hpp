#pragma once
// Layouts of a ComparisonTable: aligned terminal columns, a Markdown table, JSON (the table as
// data), and an HTML page built with the report's HTML helpers. A missing value is "—" (null in
// JSON).
#include <string>
#include <string_view>
#include <vector>

#include "reports/compare/compare.hpp"
#include "reports/result.hpp"

namespace rigcheck {

inline constexpr const char* kMissingCell = "—";
inline constexpr const char* kComparisonSchema = "rigcheck.compare/1";

std::string render_comparison_text(const ComparisonTable& table);
std::string render_comparison_markdown(const ComparisonTable& table);
std::string render_comparison_json(const ComparisonTable& table);  // pretty-printed, newline-terminated
std::string render_comparison_html(const ComparisonTable& table);

// Dispatch by --format: text | json | md | html; any other format is an error naming the ones there are.
Result<std::string> render_comparison(const ComparisonTable& table, std::string_view format);
std::vector<std::string> comparison_formats();

}  // namespace rigcheck
