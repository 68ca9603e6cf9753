// `rigcheck vram`: the VRAM integrity test and the host-device transfer test on one device (its
// own backend: CUDA for NVIDIA cards when built with CUDA, else Vulkan, lavapipe included),
// written as a report with profile "vram". Exit 0 clean, 1 memory errors or a failed link,
// 2 bad arguments, 3 no device / runtime error.
#include <chrono>
#include <cctype>
#include <cmath>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "app/interrupt.hpp"
#include "app/output.hpp"
#include "app/backend_dispatch.hpp"
#include "app/suite_steps.hpp"
#include "kernels/vram_test.hpp"
#include "reports/gpt2/size_units.hpp"
#include "reports/report_json.hpp"
#include "reports/transfer/judge_pcie_bandwidth.hpp"
#include "reports/vram/judge_vram.hpp"

namespace rigcheck {
namespace {

struct VramFlags {
  std::optional<double> fraction;
  std::string size;
  std::uint32_t passes = 1;
  std::uint32_t inject_faults = 0;
  std::string patterns;  // comma-separated names; empty: all
  bool no_transfers = false;
};

int bad_usage(const std::string& message) {
  print_error(message);
  return kExitBadInput;
}

// The device to test: --gpu N picks the N-th device (as `rigcheck list` orders them: CUDA, then
// the Vulkan devices CUDA does not cover) or a PCI address; otherwise the first discrete GPU,
// else the first device.
std::optional<std::size_t> pick_device(const std::vector<StepDevice>& devices, const std::string& selection,
                                       std::string& problem) {
  if (selection != "all") {
    for (std::size_t i = 0; i < devices.size(); ++i)
      if (devices[i].primary.pci_bdf && devices[i].primary.pci_bdf->ends_with(selection) &&
          selection.find(':') != std::string::npos)
        return i;
    try {
      std::size_t used = 0;
      const unsigned long index = std::stoul(selection, &used);
      if (used == selection.size() && index < devices.size()) return index;
    } catch (...) {
    }
    problem = fmt::format("--gpu {}: not a device index (0..{}) or PCI address", selection, devices.size() - 1);
    return std::nullopt;
  }
  for (std::size_t i = 0; i < devices.size(); ++i)
    if (devices[i].primary.type == DeviceType::discrete) return i;
  return 0;
}

std::string transfer_summary(const TransferResult& t) {
  std::string out;
  for (const char* direction : {transfer_direction::host_to_device, transfer_direction::device_to_host,
                                transfer_direction::bidirectional})
    if (auto best = best_pinned_bytes_per_s(t, direction))
      out += fmt::format("transfers {} (pinned, best size): {:.2f} GB/s\n", direction, *best / 1e9);
  for (const auto& l : t.latencies)
    out += fmt::format("latency {} {} B ({}): {:.1f} us median\n", l.direction, l.size_bytes, l.host_memory, l.median_us);
  return out;
}

std::string text_summary(const Report& report) {
  const auto& gpu = report.gpus.front();
  const auto& v = *gpu.measurements.vram;
  std::ostringstream out;
  out << fmt::format("{} ({}): {:.2f} GiB of {:.2f} GiB tested ({:.1f}%), {} of {} passes, {:.1f} s\n", gpu.name,
                     gpu.backend, static_cast<double>(v.tested_bytes) / (1ull << 30),
                     static_cast<double>(v.total_memory_bytes) / (1ull << 30), 100 * v.coverage_fraction,
                     v.passes_completed, v.passes_requested, v.duration_s);
  out << fmt::format("speed: {:.2f} GB/s tested, {:.2f} GB/s read+written", v.tested_bytes_per_s / 1e9,
                     v.traffic_bytes_per_s / 1e9);
  if (v.ratio_to_copy_bandwidth)
    out << fmt::format(" = {:.0f}% of the {:.2f} GB/s copy bandwidth", 100 * *v.ratio_to_copy_bandwidth,
                       *v.copy_bandwidth_bytes_per_s / 1e9);
  out << "\n";
  out << fmt::format("errors: {}", v.error_count);
  if (v.error_count > 0) out << fmt::format(" ({})", v.classification.kind);
  out << "\n";
  for (std::size_t i = 0; i < v.records.size() && i < 20; ++i) {
    const auto& r = v.records[i];
    out << fmt::format("  {:#014x} bit(s) {:#010x}  expected {:#010x} read {:#010x} re-read {:#010x}  {} pass {}\n",
                       r.address_bytes, r.expected ^ r.actual, r.expected, r.actual, r.reread, r.pattern, r.pass);
  }
  if (v.records.size() > 20) out << fmt::format("  ... {} more records in the JSON report\n", v.records.size() - 20);
  if (!v.injected_faults.empty())
    out << fmt::format("injected: {} faults (--inject-faults)\n", v.injected_faults.size());
  for (const auto& note : v.notes) out << "note: " << note << "\n";
  if (gpu.measurements.transfers) out << transfer_summary(*gpu.measurements.transfers);
  for (const auto& note : report.notes) out << "note: " << note << "\n";
  for (const auto& check : gpu.checks) {
    out << fmt::format("{}: {} - {}\n", check.id, to_string(check.status), check.summary);
    for (const auto& advice : check.advice) out << "  - " << advice << "\n";
  }
  return out.str();
}

int run_vram(const VramFlags& flags, const GlobalOptions& options) {
  if (options.format != "json" && options.format != "text")
    return bad_usage(fmt::format("--format {} is not supported by `rigcheck vram`: use text or json", options.format));
  VramTestOptions test;
  if (!flags.size.empty()) {
    auto bytes = parse_size(flags.size);
    if (!bytes) return bad_usage(fmt::format("--size: {}", bytes.error()));
    test.size_bytes = *bytes;
  }
  if (flags.fraction) {
    if (!(*flags.fraction > 0 && *flags.fraction <= 1))
      return bad_usage(fmt::format("--fraction {}: expected a number in (0, 1]", *flags.fraction));
    test.fraction = *flags.fraction;
  }
  if (flags.passes == 0) return bad_usage("--passes must be at least 1");
  test.passes = flags.passes;
  test.inject_faults = flags.inject_faults;
  if (!flags.patterns.empty()) {
    test.patterns.clear();
    std::stringstream list(flags.patterns);
    std::string name;
    while (std::getline(list, name, ',')) {
      auto pattern = vram_pattern_from_string(name);
      if (!pattern) return bad_usage(fmt::format("--patterns: '{}' is not a VRAM pattern", name));
      test.patterns.push_back(*pattern);
    }
  }

  std::vector<std::string> backend_notes;
  const auto devices = step_devices(options, backend_notes);
  if (devices.empty()) {
    std::string why = backend_notes.empty() ? "" : " (" + backend_notes.front() + ")";
    print_error("no usable device found" + why + ": install the GPU's driver, or mesa-vulkan-drivers for the CPU device");
    return kExitCouldNotTest;
  }
  std::string problem;
  auto picked = pick_device(devices, options.gpu_selection, problem);
  if (!picked) return bad_usage(problem);
  const StepDevice& step_device = devices[*picked];

  auto last_print = std::chrono::steady_clock::now() - std::chrono::seconds(10);
  auto progress = [&](const VramProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_print < std::chrono::seconds(1) && p.gib_done < p.gib_total) return;
    last_print = now;
    print_note(options, fmt::format("vram: {:.2f}/{:.2f} GiB verified, {:.2f} GiB/s, {} errors, {:.0f} s left ({} pass {})",
                                    p.gib_done, p.gib_total, p.rate_gib_per_s, p.errors, p.seconds_left, p.pattern,
                                    p.pass));
  };
  std::vector<std::string> run_notes;
  const BackendDeviceInfo* used = nullptr;
  std::function<Result<VramRun>(const BackendDeviceInfo&)> work = [&](const BackendDeviceInfo& info) -> Result<VramRun> {
    print_note(options, fmt::format("testing {} device {}: {} ({}, {})", info.backend, info.index, info.name,
                                    to_string(info.type), info.driver_name));
    auto device = open_vram_on(info);
    if (!device) return Error{device.error()};
    return run_vram_test(**device, test, progress, [] { return interrupt_requested(); });
  };
  auto run = with_fallback(step_device, work, run_notes, used);
  if (!run) {
    print_error("VRAM test: " + run.error());
    return kExitCouldNotTest;
  }

  const BackendDeviceInfo& info = *used;
  std::optional<Result<TransferResult>> transfers;
  if (!flags.no_transfers && !run->vram.interrupted) {
    print_note(options, "host-device transfers");
    auto transfer = transfer_options_for(info, "standard");
    transfer.progress = [&](const std::string& line) { print_note(options, "  " + line); };
    transfers = run_transfers_on(info, transfer);
  }

  Report report = new_report("vram");
  report.policy = options.policy;
  report.notes = run_notes;
  report.interrupted = run->vram.interrupted;
  GpuEntry gpu;
  gpu.index = static_cast<int>(*picked);
  gpu.name = info.name;
  gpu.backend = info.backend;
  gpu.memory_bytes = info.device_local_bytes;
  if (info.pci_bdf) gpu.pci.bdf = *info.pci_bdf;
  else report.notes.push_back("the device has no PCI address (VK_EXT_pci_bus_info missing or a CPU device)");
  if (info.vendor_id <= 0xffff) gpu.pci.vendor_id = static_cast<std::uint16_t>(info.vendor_id);
  if (info.device_id <= 0xffff) gpu.pci.device_id = static_cast<std::uint16_t>(info.device_id);
  gpu.pci.name = info.name;
  gpu.pci.name_source = "none";
  gpu.measurements.vram = run->vram;
  gpu.measurements.bandwidth = run->bandwidth;
  if (transfers) {
    if (*transfers) gpu.measurements.transfers = **transfers;
    else report.notes.push_back("transfer test failed to run: " + transfers->error());
  }
  auto policy = load_policy(options.policy);
  gpu.checks.push_back(judge_vram_integrity(gpu, policy ? *policy : Policy{}));
  if (!flags.no_transfers) gpu.checks.push_back(judge_pcie_bandwidth(gpu, policy ? *policy : Policy{}));
  // The verdict of these checks; `rigcheck run` judges the whole machine.
  bool failed = false;
  for (const auto& check : gpu.checks)
    if (check.status == CheckStatus::fail) {
      failed = true;
      report.verdict.reasons.push_back({1, check.id, gpu.index, check.status, check.summary, check.advice});
    }
  if (failed) report.verdict.status = VerdictStatus::unsound;
  else if (!run->vram.interrupted) report.verdict.status = VerdictStatus::sound;
  report.gpus.push_back(std::move(gpu));

  const std::string text = options.format == "json" ? report_to_json_text(report) : text_summary(report);
  if (options.output_path.empty()) {
    fmt::print("{}", text);
  } else if (auto written = write_file_atomically(options.output_path, text); !written) {
    print_error(written.error());
    return kExitCouldNotTest;
  } else {
    note_report_on_disk();
  }
  if (report.verdict.status == VerdictStatus::unsound) return kExitUnsound;
  if (run->vram.interrupted) return kExitCouldNotTest;
  return kExitSound;
}

}  // namespace

CommandAction register_vram_command(CLI::App& cli, GlobalOptions& options) {
  auto flags = std::make_shared<VramFlags>();
  auto* sub = cli.add_subcommand("vram", "VRAM integrity test at memory speed (patterns, error records, copy bandwidth)");
  auto* fraction = sub->add_option("--fraction", flags->fraction, "Share of the device-local memory to test (default 0.95)");
  auto* size = sub->add_option("--size", flags->size, "Bytes to test instead, e.g. 4GiB");
  fraction->excludes(size);
  sub->add_option("--passes", flags->passes, "Passes over every pattern")->capture_default_str();
  sub->add_option("--inject-faults", flags->inject_faults,
                  "Self-test: flip N distinct known bits between write and verify; all must be reported")
      ->capture_default_str();
  sub->add_option("--patterns", flags->patterns,
                  "Comma-separated subset: own_address, moving_inversions_ones_zeros, moving_inversions_random, "
                  "walking_ones, walking_zeros, random_scrambled, retention");
  sub->add_flag("--no-transfers", flags->no_transfers, "Skip the host-device transfer test (pcie.bandwidth)");
  return [flags, &options] { return run_vram(*flags, options); };
}

}  // namespace rigcheck
