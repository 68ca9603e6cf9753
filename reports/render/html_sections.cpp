#include "reports/render/html_sections.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "reports/render/device_label.hpp"
#include "reports/render/gpt2_summary.hpp"
#include "reports/render/html_escape.hpp"
#include "reports/render/html_page.hpp"
#include "reports/self_check_summary.hpp"
#include "reports/units.hpp"

namespace rigcheck {
namespace {

void fact(std::string& out, std::string_view name, std::string_view value) {
  out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", html_escape(name), html_escape(value));
}

std::string list_items(const std::vector<std::string>& lines, std::string_view css_class) {
  if (lines.empty()) return "";
  std::string out = fmt::format("<ul class=\"{}\">", css_class);
  for (const auto& line : lines) out += fmt::format("<li>{}</li>", html_escape(line));
  return out + "</ul>";
}

}  // namespace

std::string html_header_section(const Report& report) {
  const auto& host = report.host;
  std::string out = "<header>\n<h2>Machine</h2>\n<dl class=\"facts\">\n";
  fact(out, "machine", host.hostname.value_or("(hostname not recorded)"));
  fact(out, "tool",
       fmt::format("{} {}{}", report.tool.name, report.tool.version,
                   report.tool.git.empty() ? "" : fmt::format(" ({})", report.tool.git)));
  fact(out, "profile", report.profile);
  fact(out, "policy", report.policy);
  fact(out, "created", report.created_utc);
  if (host.cpu_model)
    fact(out, "CPU",
         *host.cpu_model + (host.cpu_logical_cores ? fmt::format(" ({} threads)", *host.cpu_logical_cores) : ""));
  if (host.memory_total_bytes) fact(out, "host RAM", format_bytes(*host.memory_total_bytes));
  if (host.distribution) fact(out, "distribution", *host.distribution);
  if (host.kernel_release) fact(out, "kernel", "Linux " + *host.kernel_release);
  fact(out, "NVIDIA driver", host.nvidia_driver_version.value_or("not loaded"));
  if (report.nvml && !report.nvml->initialized) {
    std::string why = report.nvml->init_error.value_or(report.nvml->load_error.value_or("not initialised"));
    if (report.nvml->fix_hint) why += " — " + *report.nvml->fix_hint;
    fact(out, "NVML", why);
  }
  if (!host.kernel_log.available) fact(out, "kernel log", "not read: " + host.kernel_log.unavailable_reason);
  out += "</dl>\n";
  if (report.interrupted) out += "<p><strong>Partial report: the run was interrupted.</strong></p>\n";
  if (!report.notes.empty()) out += "<p>Notes:</p>" + list_items(report.notes, "notes") + "\n";
  return out + "</header>\n";
}

std::string html_verdict_section(const Report& report) {
  const auto& verdict = report.verdict;
  std::string word(to_string(verdict.status));
  std::string out =
      fmt::format("<section id=\"verdict\">\n<h2>Verdict</h2>\n<p class=\"verdict verdict-{0}\">{1}{2}</p>\n", word,
                  html_escape(word), report.interrupted ? " (partial report: interrupted)" : "");
  if (verdict.reasons.empty()) return out + "<p>No problems found.</p>\n</section>\n";
  // Rank 1 is what to fix first: the list is the order of work.
  std::vector<const VerdictReason*> reasons;
  for (const auto& r : verdict.reasons) reasons.push_back(&r);
  std::stable_sort(reasons.begin(), reasons.end(), [](const auto* a, const auto* b) { return a->rank < b->rank; });
  out += "<p>What to fix, in this order:</p>\n<ol class=\"reasons\">\n";
  for (const auto* r : reasons) {
    out += fmt::format("<li>{} <code>{}</code>{}: {}{}</li>\n", status_badge(r->status), html_escape(r->check_id),
                       r->gpu_index ? fmt::format(" (GPU {})", *r->gpu_index) : "", html_escape(r->summary),
                       list_items(r->advice, "advice"));
  }
  return out + "</ol>\n</section>\n";
}

std::string html_gpu_facts(const GpuEntry& gpu) {
  std::string out = "<dl class=\"facts\">\n";
  fact(out, "PCI", device_location(gpu));
  fact(out, "backend", gpu.backend);
  if (auto line = self_check_line(gpu)) fact(out, "self-checks", *line);
  if (gpu.compute_capability) fact(out, "compute capability", *gpu.compute_capability);
  if (gpu.sm_count) fact(out, "SMs", std::to_string(*gpu.sm_count));
  if (gpu.memory_bytes) fact(out, "memory", format_bytes(*gpu.memory_bytes));
  if (gpu.pci.link.current_speed_gts || gpu.pci.link.current_width)
    fact(out, "PCIe link (sysfs)",
         fmt::format("{} of {}", format_link(gpu.pci.link.current_speed_gts, gpu.pci.link.current_width),
                     format_link(gpu.pci.link.max_speed_gts, gpu.pci.link.max_width)));
  if (gpu.nvml) {
    const auto& f = *gpu.nvml;
    if (f.power_limit_enforced_watts) fact(out, "power limit", fmt::format("{:.0f} W", *f.power_limit_enforced_watts));
    if (f.temp_slowdown_celsius) fact(out, "slowdown temperature", fmt::format("{} °C", *f.temp_slowdown_celsius));
    if (f.ecc_enabled_current) fact(out, "ECC", *f.ecc_enabled_current ? "on" : "off");
    if (f.vbios) fact(out, "VBIOS", *f.vbios);
  }
  return out + "</dl>\n";
}

std::string html_checks_table(const std::vector<Check>& checks) {
  if (checks.empty()) return "<p class=\"muted\">No checks.</p>\n";
  std::string out = "<table class=\"checks\">\n<tr><th>status</th><th>check</th><th>summary</th></tr>\n";
  for (const auto& c : checks) {
    std::string detail;
    if (c.status == CheckStatus::fail || c.status == CheckStatus::warn) detail += list_items(c.advice, "advice");
    if (!c.evidence.empty())
      detail += "<details><summary>evidence</summary>" + list_items(c.evidence, "evidence") + "</details>";
    out +=
        fmt::format("<tr class=\"{}\"><td>{}</td><td><code>{}</code></td><td>{}{}</td></tr>\n", status_class(c.status),
                    status_badge(c.status), html_escape(c.id), html_escape(c.summary), detail);
  }
  return out + "</table>\n";
}

std::string html_gpt2_section(const Gpt2Table& table) {
  std::string out =
      "<section id=\"gpt2\">\n<h2>GPT-2</h2>\n<p class=\"muted\">Estimates; the full table is also "
      "<code>rigcheck gpt2 --from report.json</code>.</p>\n";
  out += list_items(gpt2_summary_lines(table), "gpt2-summary") + "\n";
  // The full table is long (every model, task and precision): collapsed under its summary.
  out += fmt::format("<details class=\"gpt2-table\"><summary>full table ({} rows)</summary>\n", table.rows.size());
  out +=
      "<table class=\"gpt2\">\n<tr><th>model</th><th>task</th><th>precision</th><th>batch</th><th>fit</th>"
      "<th>VRAM</th><th>host RAM</th><th>tokens/s</th><th>limit</th></tr>\n";
  for (const auto& row : table.rows) {
    const CheckStatus tone = row.fit == Gpt2Fit::gpu       ? CheckStatus::pass
                             : row.fit == Gpt2Fit::offload ? CheckStatus::warn
                                                           : CheckStatus::fail;
    out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td><span class=\"status {}\">{}</span></td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
        html_escape(row.model), html_escape(row.task), html_escape(gpt2_precision_cell(row)), row.batch, status_class(tone),
        to_string(row.fit), format_bytes(row.vram_bytes), format_bytes(row.host_bytes),
        gpt2_tokens_per_s_cell(row, "—"), html_escape(row.limit));
  }
  out += "</table>\n</details>\n";
  if (!table.basis.empty())
    out += "<details><summary>basis</summary>" + list_items(table.basis, "basis") + "</details>\n";
  return out + "</section>\n";
}

}  // namespace rigcheck
