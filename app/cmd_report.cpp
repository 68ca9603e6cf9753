// rigcheck report REPORT.json: re-judges a stored report (under --policy, else the policy it was
// judged with) and renders it in --format.
#include <fmt/format.h>

#include "app/baseline_option.hpp"
#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "app/output.hpp"
#include "reports/judge/judge.hpp"
#include "reports/report_json.hpp"

namespace rigcheck {

CommandAction register_report_command(CLI::App& cli, GlobalOptions& options) {
  auto* sub = cli.add_subcommand("report", "Re-judge and render a stored report.json");
  auto path = std::make_shared<std::string>();
  sub->add_option("REPORT", *path, "A report.json written by rigcheck")->required();
  auto baseline = std::make_shared<std::string>();
  add_baseline_option(*sub, *baseline);
  return [&options, path, baseline] {
    auto report = load_report_file(*path);
    if (!report) {
      print_error(report.error());
      return int(kExitBadInput);
    }
    // Without --policy, keep the report's own policy when it is a built-in one.
    std::string fallback = "gpt2-finetune";
    for (const auto& name : builtin_policy_names())
      if (name == report->policy) fallback = name;
    auto policy = resolve_policy(options, fallback);
    if (!policy) return int(kExitBadInput);
    auto judged = judge(std::move(*report), *policy);
    if (!apply_baseline_option(*baseline, judged, options)) return int(kExitBadInput);
    return emit_report(judged, options);
  };
}

}  // namespace rigcheck
