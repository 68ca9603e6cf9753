#include "reports/render/html_page.hpp"

#include <fmt/format.h>

#include "reports/render/html_escape.hpp"

namespace rigcheck {
namespace {

// One small stylesheet for the page and the charts (svg_chart.cpp uses these classes).
constexpr std::string_view kCss = R"css(
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2em auto; max-width: 1100px;
       padding: 0 1em; color: #222; line-height: 1.4; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.6em 0; } th, td { border: 1px solid #ddd; padding: 0.25em 0.6em;
       text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.1em 1em; } dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.status { display: inline-block; min-width: 3.6em; text-align: center; border-radius: 3px; padding: 0 0.3em;
          font-weight: 600; font-size: 0.9em; }
.status-pass { background: #d9f2d9; color: #1a5e1a; } .status-warn { background: #fff0c2; color: #7a5a00; }
.status-fail { background: #f8d0d0; color: #8b0000; } .status-skip { background: #eee; color: #666; }
.status-error { background: #ecd5f5; color: #5b1a78; }
.verdict { font-size: 1.3em; padding: 0.4em 0.8em; border-radius: 4px; display: inline-block; margin: 0.3em 0; }
.verdict-sound { background: #d9f2d9; color: #1a5e1a; } .verdict-unsound { background: #f8d0d0; color: #8b0000; }
.verdict-untested { background: #fff0c2; color: #7a5a00; }
ul.advice { margin: 0.2em 0 0.4em 0; } .muted { color: #666; } details summary { cursor: pointer; color: #555; }
svg.chart { display: block; margin: 0.6em 0; font-size: 11px; max-width: 100%; height: auto; }
svg.chart .chart-title { font-weight: 600; font-size: 12px; } svg.chart .plot, svg.chart .strip { fill: #fafafa; stroke: #ddd; }
svg.chart .grid { stroke: #e6e6e6; } svg.chart .axis { stroke: #999; } svg.chart .tick { fill: #555; }
svg.chart .axis-label, svg.chart .legend { fill: #333; } svg.chart .no-data { fill: #888; }
svg.chart .line { fill: none; stroke-width: 1.5; stroke-linejoin: round; }
svg.chart .reference { stroke-width: 1.2; stroke-dasharray: 5 4; } svg.chart .band { fill: #eef3fb; }
svg.chart .bar-reference { fill: none; stroke: #888; stroke-dasharray: 4 3; } svg.chart .bar-note { fill: #333; }
)css";

}  // namespace

std::string html_page(std::string_view title, std::string_view body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n"
      "<style>{}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
      html_escape(title), kCss, body);
}

std::string status_class(CheckStatus status) { return fmt::format("status-{}", to_string(status)); }

std::string status_badge(CheckStatus status) {
  return fmt::format("<span class=\"status {}\">{}</span>", status_class(status), to_string(status));
}

}  // namespace rigcheck
