#include "reports/render/render.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "reports/report_json.hpp"

namespace rigcheck {

std::vector<std::string> render_formats() { return {"text", "json", "md", "html", "junit", "prom", "csv"}; }

Result<std::string> render(const Report& report, std::string_view format, const RenderOptions& options) {
  if (format == "text") return render_text(report, options);
  if (format == "json") return report_to_json_text(report);
  if (format == "md") return render_markdown(report);
  if (format == "html") return render_html(report);
  if (format == "junit") return render_junit(report);
  if (format == "prom") return render_prometheus(report);
  if (format == "csv") return render_csv(report);
  return Error{fmt::format("output format '{}' is not available in this version (have: {})", format,
                           fmt::join(render_formats(), ", "))};
}

}  // namespace rigcheck
