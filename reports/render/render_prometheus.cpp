// Prometheus text exposition (for node_exporter's textfile collector; the caller writes the file
// atomically). Health values follow dcgm-exporter: 0 pass, 10 warn, 20 fail; skip/error are -1.
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "reports/render/render.hpp"

namespace rigcheck {
namespace {

std::string label_value(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string metric_name(std::string_view text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

int health(CheckStatus status) {
  switch (status) {
    case CheckStatus::pass: return 0;
    case CheckStatus::warn: return 10;
    case CheckStatus::fail: return 20;
    default: return -1;
  }
}

}  // namespace

std::string render_prometheus(const Report& report) {
  std::string out;
  out += "# HELP rigcheck_verdict 1 for the verdict of the last run (label status).\n# TYPE rigcheck_verdict gauge\n";
  for (auto status : {VerdictStatus::sound, VerdictStatus::unsound, VerdictStatus::untested})
    out += fmt::format("rigcheck_verdict{{status=\"{}\"}} {}\n", to_string(status), report.verdict.status == status ? 1 : 0);
  out += "# HELP rigcheck_check_health Health per check: 0 pass, 10 warn, 20 fail, -1 skipped or error.\n"
         "# TYPE rigcheck_check_health gauge\n";
  std::string metrics;
  auto emit = [&](const std::string& labels, const std::vector<Check>& checks) {
    for (const auto& c : checks) {
      out += fmt::format("rigcheck_check_health{{{}check=\"{}\"}} {}\n", labels, label_value(c.id), health(c.status));
      for (const auto& [name, metric] : c.metrics) {
        if (!std::isfinite(metric.value)) continue;
        metrics += fmt::format("rigcheck_check_metric{{{}check=\"{}\",name=\"{}\",unit=\"{}\"}} {}\n", labels,
                               label_value(c.id), metric_name(name), label_value(metric.unit), metric.value);
      }
    }
  };
  for (const auto& gpu : report.gpus)
    emit(fmt::format("gpu=\"{}\",pci_bus_id=\"{}\",modelName=\"{}\",", gpu.index, gpu.pci.bdf, label_value(gpu.name)), gpu.checks);
  emit("", report.system_checks);
  out += "# HELP rigcheck_check_metric Numbers behind each check (label unit).\n# TYPE rigcheck_check_metric gauge\n";
  out += metrics;
  return out;
}

}  // namespace rigcheck
