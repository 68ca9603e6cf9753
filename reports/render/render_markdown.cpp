// Markdown: a table per GPU and one for the system, then the verdict with ranked reasons and advice.
#include <fmt/format.h>

#include "reports/render/gpt2_summary.hpp"
#include "reports/render/render.hpp"
#include "reports/self_check_summary.hpp"
#include "reports/units.hpp"

namespace rigcheck {
namespace {

std::string escape_cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += "<br>";
    else out += c;
  }
  return out;
}

std::string status_cell(CheckStatus status) {
  switch (status) {
    case CheckStatus::pass: return "✅ pass";
    case CheckStatus::warn: return "⚠️ warn";
    case CheckStatus::fail: return "❌ **fail**";
    case CheckStatus::skip: return "⏭ skip";
    case CheckStatus::error: return "❗ error";
  }
  return "";
}

void table(std::string& out, const std::vector<Check>& checks) {
  out += "| status | check | summary |\n|---|---|---|\n";
  for (const auto& c : checks)
    out += fmt::format("| {} | `{}` | {} |\n", status_cell(c.status), c.id, escape_cell(c.summary));
}

}  // namespace

std::string render_markdown(const Report& report) {
  std::string out = fmt::format("# rigcheck report\n\n- verdict: **{}**\n- policy: `{}`, profile: `{}`\n- created: {} by rigcheck {} ({})\n",
                                to_string(report.verdict.status), report.policy, report.profile, report.created_utc,
                                report.tool.version, report.tool.git);
  if (report.host.memory_total_bytes) out += fmt::format("- host RAM: {}\n", format_bytes(*report.host.memory_total_bytes));
  if (report.host.cpu_model) out += fmt::format("- CPU: {}\n", *report.host.cpu_model);
  if (report.host.nvidia_driver_version) out += fmt::format("- NVIDIA driver: {}\n", *report.host.nvidia_driver_version);
  if (report.interrupted) out += "- **partial report: the run was interrupted**\n";
  for (const auto& note : report.notes) out += fmt::format("- note: {}\n", note);

  for (const auto& gpu : report.gpus) {
    out += fmt::format("\n## GPU {}: {} (`{}`)\n\n", gpu.index, gpu.name, gpu.pci.bdf);
    if (auto line = self_check_line(gpu)) out += fmt::format("{}\n\n", *line);
    table(out, gpu.checks);
  }
  if (!report.system_checks.empty()) {
    out += "\n## System\n\n";
    table(out, report.system_checks);
  }
  if (report.gpt2 && !report.gpt2->rows.empty()) {
    out += "\n## GPT-2\n\n| model | task | precision | batch | fit | VRAM | host RAM | tokens/s | limit |\n"
           "|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& row : report.gpt2->rows)
      out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", row.model, row.task, gpt2_precision_cell(row), row.batch,
                         row.fit == Gpt2Fit::gpu ? "gpu" : row.fit == Gpt2Fit::offload ? "offload" : "no",
                         format_bytes(row.vram_bytes), format_bytes(row.host_bytes),
                         gpt2_tokens_per_s_cell(row), escape_cell(row.limit));
    for (const auto& line : report.gpt2->basis) out += fmt::format("\n- {}", escape_cell(line));
    out += "\n";
  }
  out += "\n## Verdict\n\n";
  if (report.verdict.reasons.empty()) out += fmt::format("**{}**: no problems found.\n", to_string(report.verdict.status));
  for (const auto& r : report.verdict.reasons) {
    out += fmt::format("{}. {} `{}`{}: {}\n", r.rank, status_cell(r.status), r.check_id,
                       r.gpu_index ? fmt::format(" (GPU {})", *r.gpu_index) : "", escape_cell(r.summary));
    for (const auto& a : r.advice) out += fmt::format("   - {}\n", a);
  }
  return out;
}

}  // namespace rigcheck
