// rigcheck run: the main job. Probes the machine, runs every test that exists for the profile,
// judges, writes report.json + summary.txt + summary.md into the output folder and prints the
// chosen format. Ctrl-C stops between steps and still writes a partial report.
#include <filesystem>

#include <fmt/format.h>

#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "app/interrupt.hpp"
#include "app/machine_probe.hpp"
#include "app/output.hpp"
#include "app/suite.hpp"
#include "reports/judge/judge.hpp"
#include "reports/render/render.hpp"
#include "reports/report_json.hpp"

namespace rigcheck {
namespace {

struct RunOptions {
  std::string profile = "quick";
  std::string out_dir = "rigcheck-report";
};

Result<bool> write_report_folder(const Report& report, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{fmt::format("cannot create '{}': {}", dir, ec.message())};
  auto base = std::filesystem::path(dir);
  if (auto w = write_file_atomically((base / "report.json").string(), report_to_json_text(report)); !w) return w;
  if (auto w = write_file_atomically((base / "summary.txt").string(), render_text(report, RenderOptions{})); !w) return w;
  return write_file_atomically((base / "summary.md").string(), render_markdown(report));
}

}  // namespace

CommandAction register_run_command(CLI::App& cli, GlobalOptions& options) {
  auto run = std::make_shared<RunOptions>();
  auto* sub = cli.add_subcommand("run", "The main job: probe, test and judge; writes a report folder");
  sub->add_option("--profile", run->profile, "quick (minutes), standard (~15 min), burn-in (hours)")
      ->check(CLI::IsMember({"quick", "standard", "burn-in"}))
      ->capture_default_str();
  sub->add_option("--out-dir", run->out_dir, "Folder for report.json, summary.txt and summary.md")->capture_default_str();
  return [&options, run] {
    auto policy = resolve_policy(options);
    if (!policy) return int(kExitBadInput);
    FileSource files(options.sysroot.empty() ? "/" : options.sysroot);
    if (!options.sysroot.empty() && !files.exists("/sys")) {
      print_error("--sysroot " + options.sysroot + " has no sys/ folder (unpack a `rigcheck gather` archive there)");
      return int(kExitBadInput);
    }
    print_note(options, fmt::format("rigcheck run: profile {}, policy {}", run->profile, policy->name));
    auto probe = probe_machine(files, options, run->profile);
    if (probe.input_error) {
      print_error(*probe.input_error);
      return int(kExitBadInput);
    }
    Report report = std::move(probe.report);
    run_suite(report, files, options, run->profile, probe.nvml);
    if (interrupt_requested()) report.interrupted = true;
    report = judge(std::move(report), *policy);

    if (auto written = write_report_folder(report, run->out_dir); !written) {
      print_error(written.error());
      return int(kExitCouldNotTest);
    }
    print_note(options, fmt::format("report written to {}/report.json (summary.txt, summary.md beside it)", run->out_dir));
    return emit_report(report, options);
  };
}

}  // namespace rigcheck
