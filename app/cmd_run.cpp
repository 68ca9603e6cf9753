// rigcheck run: the main job. Probes the machine, runs every test that exists for the profile,
// judges, writes report.json + summary.txt + summary.md + report.html into the output folder and prints the
// chosen format. Ctrl-C stops between steps and still writes a partial report.
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/baseline_option.hpp"
#include "app/check_steps.hpp"
#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "app/interrupt.hpp"
#include "app/out_dir_lock.hpp"
#include "app/output.hpp"
#include "app/run_plan.hpp"
#include "app/run_profiles.hpp"
#include "reports/judge/check_selection.hpp"
#include "reports/render/render.hpp"
#include "reports/report_json.hpp"
#include "reports/units.hpp"

namespace rigcheck {
namespace {

std::vector<std::string> step_names() {
  std::vector<std::string> names;
  for (const auto& step : step_table()) names.emplace_back(step.name);
  return names;
}

struct RunOptions {
  std::string profile = "quick";
  std::string out_dir = "rigcheck-report";
  std::string duration;  // burn-in length
  double duration_s = 0;
  std::vector<std::string> skip;  // steps left out (step_table names)
  std::vector<std::string> only;  // check ids: run just the steps they need
};

Result<bool> write_report_folder(const Report& report, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{fmt::format("cannot create '{}': {}", dir, ec.message())};
  auto base = std::filesystem::path(dir);
  if (auto w = write_file_atomically((base / "report.json").string(), report_to_json_text(report)); !w) return w;
  if (auto w = write_file_atomically((base / "summary.txt").string(), render_text(report, RenderOptions{})); !w) return w;
  if (auto w = write_file_atomically((base / "summary.md").string(), render_markdown(report)); !w) return w;
  return write_file_atomically((base / "report.html").string(), render_html(report));
}

}  // namespace

CommandAction register_run_command(CLI::App& cli, GlobalOptions& options) {
  auto run = std::make_shared<RunOptions>();
  auto* sub = cli.add_subcommand("run", "The main job: probe, test and judge; writes a report folder");
  sub->add_option("--profile", run->profile,
                  fmt::format("How long the sustained load lasts: {} (plus the other steps)", profile_durations_text()))
      ->check(CLI::IsMember(profile_names()))
      ->capture_default_str();
  sub->add_option("--out-dir", run->out_dir, "Folder for report.json, summary.txt, summary.md and report.html (charts)")->capture_default_str();
  sub->add_option("--duration", run->duration,
                  fmt::format("Sustained-load time (default: {}; e.g. 90s, 2h)", profile_durations_text()));
  sub->add_option("--skip", run->skip, fmt::format("Leave out steps: {} (comma-separated)", fmt::join(step_names(), ", ")))
      ->delimiter(',')
      ->check(CLI::IsMember(step_names()));
  sub->add_option("--only", run->only,
                  "Run just the steps these checks need (comma-separated check ids or groups, e.g. vram.integrity,compute; "
                  "see list-checks); the others are reported as not selected and the verdict is at best untested")
      ->delimiter(',');
  auto baseline = std::make_shared<std::string>();
  add_baseline_option(*sub, *baseline);
  return [&options, run, baseline] {
    if (!baseline_file_loads(*baseline)) return int(kExitBadInput);
    if (auto problem = check_selection_problem(run->only)) {
      print_error(*problem);
      return int(kExitBadInput);
    }
    if (!run->duration.empty()) {
      auto seconds = parse_duration_seconds(run->duration);
      if (!seconds) {
        print_error("--duration: " + seconds.error());
        return int(kExitBadInput);
      }
      run->duration_s = *seconds;
    }
    // Before the first step: an unusable folder would throw every result away at the end.
    auto out_dir_lock = claim_out_dir(run->out_dir);
    if (!out_dir_lock) {
      print_error(out_dir_lock.error());
      return int(kExitBadInput);
    }
    int exit_code = 0;
    auto plan = plan_for_profile(run->profile, run->duration_s);
    if (!run->only.empty()) {
      const auto needed = steps_for_checks(run->only);
      auto needs = [&](StepKind kind) { return std::find(needed.begin(), needed.end(), kind) != needed.end(); };
      plan.vram = needs(StepKind::vram);
      plan.transfers = needs(StepKind::transfers);
      plan.compute = needs(StepKind::compute);
      plan.cross_check = plan.cross_check && needs(StepKind::cross_check);
      if (!needs(StepKind::burn)) plan.burn_duration_s = 0;
      plan.only_checks = run->only;
    }
    for (const auto& name : run->skip) {
      switch (*step_kind_from_string(name)) {
        case StepKind::vram: plan.vram = false; break;
        case StepKind::transfers: plan.transfers = false; break;
        case StepKind::compute: plan.compute = false; break;
        case StepKind::cross_check: plan.cross_check = false; break;
        case StepKind::burn: plan.burn_duration_s = 0; break;
      }
    }
    auto report = probe_and_run(options, plan, exit_code);
    if (!report) return exit_code;
    // A baseline of another card model: the report is still written, without baseline checks.
    bool baseline_applies = apply_baseline_option(*baseline, *report, options);
    if (auto written = write_report_folder(*report, run->out_dir); !written) {
      print_error(written.error());
      return int(kExitCouldNotTest);
    }
    note_report_on_disk();
    print_note(options, fmt::format("report written to {}/report.json (summary.txt, summary.md, report.html beside it)", run->out_dir));
    if (!baseline_applies) return int(kExitBadInput);
    return emit_report(*report, options);
  };
}

}  // namespace rigcheck
