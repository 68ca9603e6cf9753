#include "app/run_plan.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "app/backend_devices.hpp"
#include "app/exit_codes.hpp"
#include "app/interrupt.hpp"
#include "app/machine_probe.hpp"
#include "app/output.hpp"
#include "app/run_devices.hpp"
#include "reports/judge/judge.hpp"

namespace rigcheck {
namespace {

// `rigcheck vram` tests one device: the one --gpu names, else the first discrete GPU, else the first.
void keep_one_device(std::vector<StepDevice>& devices) {
  if (devices.size() <= 1) return;
  auto discrete = std::find_if(devices.begin(), devices.end(),
                               [](const StepDevice& d) { return d.primary.info.type == DeviceType::discrete; });
  StepDevice chosen = discrete != devices.end() ? *discrete : devices.front();
  devices = {std::move(chosen)};
}

}  // namespace

std::optional<Report> probe_and_run(const GlobalOptions& options, const SuitePlan& plan, int& exit_code) {
  exit_code = kExitBadInput;
  auto policy = resolve_policy(options);
  if (!policy) return std::nullopt;
  FileSource files(options.sysroot.empty() ? "/" : options.sysroot);
  if (!options.sysroot.empty() && !files.exists("/sys")) {
    print_error("--sysroot " + options.sysroot + " has no sys/ folder (unpack a `rigcheck gather` archive there)");
    return std::nullopt;
  }
  // Devices are enumerated once, here, and the same list goes to every step.
  auto inventory = devices_for_command(options);
  if (!inventory) return std::nullopt;
  if (plan.one_device) keep_one_device(inventory->devices);
  print_note(options, fmt::format("rigcheck {}: policy {}", plan.profile, policy->name));
  auto probe = probe_machine(files, options, plan.profile);
  if (probe.input_error) {
    print_error(*probe.input_error);
    return std::nullopt;
  }
  Report report = std::move(probe.report);
  if (!options.sysroot.empty())
    report.notes.push_back("--sysroot: facts come from the replayed machine, tests ran on this machine's devices");
  add_notes_once(report, inventory->notes);
  mark_display_devices(inventory->devices, files, report);
  run_suite(report, options, plan, inventory->devices, probe.nvml);
  if (interrupt_requested()) report.interrupted = true;
  report.only_checks = plan.only_checks;
  exit_code = kExitSound;
  return judge(std::move(report), *policy);
}

}  // namespace rigcheck
