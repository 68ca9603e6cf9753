// Terminal text: one aligned line per check with a status mark, advice under failing and warning
// checks, then the verdict with its ranked reasons.
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "reports/render/device_label.hpp"
#include "reports/render/gpt2_summary.hpp"
#include "reports/render/render.hpp"
#include "reports/self_check_summary.hpp"
#include "reports/units.hpp"

namespace rigcheck {
namespace {

struct Style {
  bool color;
  std::string paint(std::string_view text, std::string_view code) const {
    return color ? fmt::format("\033[{}m{}\033[0m", code, text) : std::string(text);
  }
};

std::string mark(CheckStatus status, const Style& style) {
  switch (status) {
    case CheckStatus::pass: return style.paint("PASS", "32");
    case CheckStatus::warn: return style.paint("WARN", "33");
    case CheckStatus::fail: return style.paint("FAIL", "1;31");
    case CheckStatus::skip: return style.paint("SKIP", "2");
    case CheckStatus::error: return style.paint("ERR ", "35");
  }
  return "????";
}

void render_checks(std::string& out, const std::vector<Check>& checks, size_t id_width, const Style& style) {
  for (const auto& check : checks) {
    out += fmt::format("  [{}] {:<{}}  {}\n", mark(check.status, style), check.id, id_width, check.summary);
    if (check.status == CheckStatus::fail || check.status == CheckStatus::warn)
      for (const auto& advice : check.advice) out += fmt::format("         {:<{}}  -> {}\n", "", id_width, advice);
  }
}

// One line of what the driver says about the card (NVML), beside the sysfs facts.
std::string nvml_line(const NvmlFacts& f) {
  std::vector<std::string> parts;
  if (f.memory_total_bytes) parts.push_back(format_bytes(*f.memory_total_bytes) + " VRAM");
  if (f.bar1_total_bytes) parts.push_back("BAR1 " + format_bytes(*f.bar1_total_bytes));
  if (f.power_limit_enforced_watts) parts.push_back(fmt::format("power limit {:.0f} W", *f.power_limit_enforced_watts));
  if (f.temp_slowdown_celsius) parts.push_back(fmt::format("slowdown {} °C", *f.temp_slowdown_celsius));
  if (f.ecc_enabled_current) parts.push_back(*f.ecc_enabled_current ? "ECC on" : "ECC off");
  if (f.pcie_gen_current && f.pcie_width_current)
    parts.push_back(fmt::format("PCIe Gen{} x{} now", *f.pcie_gen_current, *f.pcie_width_current));
  if (f.vbios) parts.push_back("VBIOS " + *f.vbios);
  return parts.empty() ? "NVML: no facts readable" : fmt::format("NVML: {}", fmt::join(parts, ", "));
}

std::string host_line(const HostFacts& host) {
  std::vector<std::string> parts;
  if (host.cpu_model) parts.push_back(*host.cpu_model + (host.cpu_logical_cores ? fmt::format(" ({} threads)", *host.cpu_logical_cores) : ""));
  if (host.memory_total_bytes) parts.push_back(format_bytes(*host.memory_total_bytes) + " RAM");
  if (host.distribution) parts.push_back(*host.distribution);
  if (host.kernel_release) parts.push_back("Linux " + *host.kernel_release);
  parts.push_back(host.nvidia_driver_version ? "NVIDIA driver " + *host.nvidia_driver_version : "no NVIDIA driver loaded");
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

std::string render_text(const Report& report, const RenderOptions& options) {
  Style style{options.color};
  size_t id_width = 12;
  for (const auto& gpu : report.gpus)
    for (const auto& c : gpu.checks) id_width = std::max(id_width, c.id.size());
  for (const auto& c : report.system_checks) id_width = std::max(id_width, c.id.size());

  std::string out;
  out += fmt::format("rigcheck {} | profile {} | policy {} | {}\n", report.tool.version, report.profile, report.policy,
                     report.created_utc);
  out += fmt::format("Host: {}\n", host_line(report.host));
  if (!report.host.kernel_log.available)
    out += fmt::format("Kernel log: not read ({})\n", report.host.kernel_log.unavailable_reason);
  for (const auto& note : report.notes) out += fmt::format("Note: {}\n", note);
  if (report.gpus.empty()) out += "\nNo display-class PCI device found.\n";
  for (const auto& gpu : report.gpus) {
    out += fmt::format("\n{} {}  {}  {}\n", style.paint("GPU", "1"), gpu.index, style.paint(gpu.name, "1"),
                       device_location(gpu));
    if (gpu.nvml) out += fmt::format("  {}\n", nvml_line(*gpu.nvml));
    if (auto line = self_check_line(gpu)) out += fmt::format("  {}\n", *line);
    render_checks(out, gpu.checks, id_width, style);
  }
  if (!report.system_checks.empty()) {
    out += fmt::format("\n{}\n", style.paint("System", "1"));
    render_checks(out, report.system_checks, id_width, style);
  }

  if (report.gpt2 && !report.gpt2->rows.empty()) {
    out += fmt::format("\n{} (estimates; full table: rigcheck gpt2 --from report.json)\n", style.paint("GPT-2", "1"));
    for (const auto& line : gpt2_summary_lines(*report.gpt2)) out += "  " + line + "\n";
  }

  const auto& verdict = report.verdict;
  std::string_view code = verdict.status == VerdictStatus::sound ? "1;32" : verdict.status == VerdictStatus::unsound ? "1;31" : "1;33";
  std::string word(to_string(verdict.status));
  std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  out += fmt::format("\nVerdict: {}{}\n", style.paint(word, code), report.interrupted ? " (partial report: interrupted)" : "");
  for (const auto& reason : verdict.reasons) {
    std::string where = reason.gpu_index ? fmt::format("GPU {} ", *reason.gpu_index) : "";
    out += fmt::format("  {}. {}{} {}: {}\n", reason.rank, where, mark(reason.status, style), reason.check_id, reason.summary);
  }
  return out;
}

}  // namespace rigcheck
