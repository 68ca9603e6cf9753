#include "reports/compare/compare_render.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace rigcheck {

std::vector<std::string> comparison_formats() { return {"text", "json", "md", "html"}; }

Result<std::string> render_comparison(const ComparisonTable& table, std::string_view format) {
  if (format == "text") return render_comparison_text(table);
  if (format == "json") return render_comparison_json(table);
  if (format == "md") return render_comparison_markdown(table);
  if (format == "html") return render_comparison_html(table);
  return Error{
      fmt::format("compare cannot write format '{}' (have: {})", format, fmt::join(comparison_formats(), ", "))};
}

}  // namespace rigcheck
