#pragma once
// Renderers: pure functions of the report. One per output format.
#include <string>
#include <string_view>
#include <vector>

#include "reports/model.hpp"
#include "reports/result.hpp"

namespace rigcheck {

struct RenderOptions {
  bool color = false;  // ANSI colours (the caller decides: a TTY and no NO_COLOR)
};

std::string render_text(const Report& report, const RenderOptions& options);
std::string render_markdown(const Report& report);
std::string render_junit(const Report& report);
std::string render_prometheus(const Report& report);
// Telemetry samples, one row per sample and GPU (render_csv.cpp).
std::string render_csv(const Report& report);
// One self-contained HTML page with inline SVG charts (html.cpp); every report string is escaped.
std::string render_html(const Report& report);

// Dispatch by --format name: text | json | md | html | junit | prom | csv.
Result<std::string> render(const Report& report, std::string_view format, const RenderOptions& options);
std::vector<std::string> render_formats();

}  // namespace rigcheck
