#include "app/run_plan.hpp"

#include <fmt/format.h>

#include "app/exit_codes.hpp"
#include "app/interrupt.hpp"
#include "app/machine_probe.hpp"
#include "app/output.hpp"
#include "reports/judge/judge.hpp"

namespace rigcheck {

std::optional<Report> probe_and_run(const GlobalOptions& options, const SuitePlan& plan, int& exit_code) {
  exit_code = kExitBadInput;
  auto policy = resolve_policy(options);
  if (!policy) return std::nullopt;
  FileSource files(options.sysroot.empty() ? "/" : options.sysroot);
  if (!options.sysroot.empty() && !files.exists("/sys")) {
    print_error("--sysroot " + options.sysroot + " has no sys/ folder (unpack a `rigcheck gather` archive there)");
    return std::nullopt;
  }
  print_note(options, fmt::format("rigcheck {}: policy {}", plan.profile, policy->name));
  auto probe = probe_machine(files, options, plan.profile);
  if (probe.input_error) {
    print_error(*probe.input_error);
    return std::nullopt;
  }
  Report report = std::move(probe.report);
  if (!options.sysroot.empty())
    report.notes.push_back("--sysroot: facts come from the replayed machine, tests ran on this machine's devices");
  run_suite(report, options, plan, probe.nvml);
  if (interrupt_requested()) report.interrupted = true;
  exit_code = kExitSound;
  return judge(std::move(report), *policy);
}

}  // namespace rigcheck
