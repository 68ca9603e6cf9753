#include "app/baseline_option.hpp"

#include <fmt/format.h>

#include "app/output.hpp"
#include "reports/compare/baseline.hpp"
#include "reports/report_json.hpp"

namespace rigcheck {

void add_baseline_option(CLI::App& sub, std::string& path) {
  sub.add_option("--baseline", path,
                 "A known-good report.json of the same card model: key figures worse by more than the "
                 "policy's tolerance fail as baseline.<figure>");
}

bool baseline_file_loads(const std::string& path) {
  if (path.empty()) return true;
  auto baseline = load_report_file(path);
  if (!baseline) print_error(baseline.error());
  return baseline.ok();
}

bool apply_baseline_option(const std::string& path, Report& report, const GlobalOptions& options) {
  if (path.empty()) return true;
  auto baseline = load_report_file(path);  // its errors name the file
  if (!baseline) {
    print_error(baseline.error());
    return false;
  }
  auto policy = resolve_policy(options);
  if (!policy) return false;
  auto compared = apply_baseline(report, *baseline, *policy);
  if (!compared) {
    print_error(fmt::format("--baseline {}: {}", path, compared.error()));
    return false;
  }
  report = std::move(*compared);
  return true;
}

}  // namespace rigcheck
