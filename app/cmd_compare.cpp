// rigcheck compare A.json B.json [C.json ...]: stored reports side by side, one column per GPU of
// each report, in --format text | md | json | html. The reports are compared as they were judged.
// Exit 0 when every report loaded; 2 on fewer than two reports or a bad file (one line naming it);
// 1 with --fail-on-outlier when a card is an outlier of its model (reports/compare/outliers.hpp).
#include <fmt/format.h>

#include <cstdio>

#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "app/output.hpp"
#include "reports/compare/compare.hpp"
#include "reports/compare/compare_render.hpp"
#include "reports/compare/outliers.hpp"
#include "reports/report_json.hpp"

namespace rigcheck {

CommandAction register_compare_command(CLI::App& cli, GlobalOptions& options) {
  auto* sub = cli.add_subcommand("compare", "Compare stored reports side by side (one column per GPU of each report)");
  auto paths = std::make_shared<std::vector<std::string>>();
  sub->add_option("REPORTS", *paths, "Two or more report.json files written by rigcheck")
      ->required()
      ->expected(2, CLI::detail::expected_max_vector_size);
  auto fail_on_outlier = std::make_shared<bool>(false);
  sub->add_flag("--fail-on-outlier", *fail_on_outlier,
                "Exit 1 when a card is worse than the median of its model by more than the policy's tolerance");
  return [&options, paths, fail_on_outlier] {
    std::vector<LabeledReport> reports;
    for (const auto& path : *paths) {
      auto report = load_report_file(path);  // its errors name the file
      if (!report) {
        print_error(report.error());
        return int(kExitBadInput);
      }
      reports.push_back({path, std::move(*report)});
    }
    auto text = render_comparison(build_comparison(reports), options.format);
    if (!text) {
      print_error(text.error());
      return int(kExitBadInput);
    }
    auto policy = resolve_policy(options);
    if (!policy) return int(kExitBadInput);
    auto outliers = find_outliers(reports, policy->baseline.tolerance_fraction);
    for (const auto& o : outliers) print_note(options, "outlier: " + describe(o));
    if (options.output_path.empty()) {
      std::fwrite(text->data(), 1, text->size(), stdout);
      std::fflush(stdout);
    } else if (auto written = write_file_atomically(options.output_path, *text); !written) {
      print_error(written.error());
      return int(kExitCouldNotTest);
    }
    return int(*fail_on_outlier && !outliers.empty() ? kExitUnsound : kExitSound);
  };
}

}  // namespace rigcheck
