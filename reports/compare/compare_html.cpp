// HTML layout of a comparison: one table on a page from the report's HTML helpers, check and
// verdict cells coloured by status.
#include <fmt/format.h>

#include "reports/compare/compare_render.hpp"
#include "reports/render/html_escape.hpp"
#include "reports/render/html_page.hpp"

namespace rigcheck {

std::string render_comparison_html(const ComparisonTable& table) {
  std::string body = "<h1>rigcheck compare</h1>\n<table class=\"compare\">\n<tr><th></th>";
  for (const auto& column : table.columns)
    body += fmt::format("<th>{}<br><span class=\"muted\">{}</span><br>{}</th>", html_escape(column.report_label),
                        html_escape(column.machine.value_or(kMissingCell)),
                        column.gpu_index
                            ? html_escape(fmt::format("GPU {} {}", *column.gpu_index, column.gpu_name)) +
                                  (column.bdf.empty() ? "" : "<br><code>" + html_escape(column.bdf) + "</code>")
                            : std::string("no GPU"));
  body += "</tr>\n";
  std::string group;
  for (const auto& row : table.rows) {
    if (row.group != group) {
      group = row.group;
      body += fmt::format("<tr><th colspan=\"{}\">{}</th></tr>\n", table.columns.size() + 1, html_escape(group));
    }
    body += fmt::format("<tr><td>{}</td>", html_escape(row.label));
    for (const auto& cell : row.cells) {
      if (!cell.text)
        body += fmt::format("<td class=\"muted\">{}</td>", kMissingCell);
      else if (cell.status)
        body += fmt::format("<td><span class=\"status {}\">{}</span></td>", status_class(*cell.status),
                            html_escape(*cell.text));
      else
        body += fmt::format("<td>{}</td>", html_escape(*cell.text));
    }
    body += "</tr>\n";
  }
  body += "</table>\n";
  return html_page("rigcheck compare", body);
}

}  // namespace rigcheck
