// HTML: one self-contained page (inline CSS and SVG, no scripts): the verdict with advice in fix
// order, the machine's facts, per GPU its facts, checks and charts, the system checks and the
// GPT-2 summary (its full table collapsed).
#include <fmt/format.h>

#include "reports/render/html_charts.hpp"
#include "reports/render/html_escape.hpp"
#include "reports/render/html_page.hpp"
#include "reports/render/html_sections.hpp"
#include "reports/render/render.hpp"

namespace rigcheck {

std::string render_html(const Report& report) {
  // The answer first: the verdict and its ranked reasons, then the machine's facts.
  std::string body = "<h1>rigcheck report</h1>\n" + html_verdict_section(report);
  body += html_header_section(report);
  if (report.gpus.empty()) body += "<p>No display-class PCI device found.</p>\n";
  for (const auto& gpu : report.gpus) {
    body += fmt::format("<section class=\"gpu\" id=\"gpu-{}\">\n<h2>GPU {}: {}</h2>\n", gpu.index, gpu.index,
                        html_escape(gpu.name));
    body += html_gpu_facts(gpu);
    body += html_checks_table(gpu.checks);
    body += html_gpu_charts(gpu);
    body += "</section>\n";
  }
  if (!report.system_checks.empty())
    body += "<section id=\"system\">\n<h2>System</h2>\n" + html_checks_table(report.system_checks) + "</section>\n";
  if (report.gpt2 && !report.gpt2->rows.empty()) body += html_gpt2_section(*report.gpt2);
  body += fmt::format("<footer class=\"muted\"><p>rigcheck {} — report schema {}</p></footer>\n",
                      html_escape(report.tool.version), html_escape(report.schema));
  std::string title = "rigcheck report";
  if (report.host.hostname) title += " — " + *report.host.hostname;
  if (!report.created_utc.empty()) title += " — " + report.created_utc;
  return html_page(title, body);
}

}  // namespace rigcheck
