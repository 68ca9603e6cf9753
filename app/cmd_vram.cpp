// `rigcheck vram`: the VRAM integrity test and the host-device transfer test on one device (the
// one --gpu names, else the first discrete GPU, else the first device), probed, judged and
// rendered like every other command (profile "vram"). Exit 0 sound, 1 memory errors or a failed
// link, 2 bad arguments (a bad --policy too), 3 no device / runtime error / interrupted.
#include <sstream>

#include <fmt/format.h>

#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "app/output.hpp"
#include "app/run_plan.hpp"
#include "kernels/vram_patterns.hpp"
#include "reports/gpt2/size_units.hpp"

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

int run_vram(const VramFlags& flags, const GlobalOptions& options) {
  SuitePlan plan;
  plan.profile = "vram";
  plan.transfers = !flags.no_transfers;
  plan.compute = false;
  plan.burn_duration_s = 0;
  plan.one_device = true;
  StepSettings& test = plan.vram_flags;
  if (!flags.size.empty()) {
    auto bytes = parse_size(flags.size);
    if (!bytes) return bad_usage(fmt::format("--size: {}", bytes.error()));
    test.vram_size_bytes = *bytes;
  }
  if (flags.fraction) {
    if (!(*flags.fraction > 0 && *flags.fraction <= 1))
      return bad_usage(fmt::format("--fraction {}: expected a number in (0, 1]", *flags.fraction));
    test.vram_fraction = *flags.fraction;
  }
  if (flags.passes == 0) return bad_usage("--passes must be at least 1");
  test.vram_passes = flags.passes;
  test.inject_faults = flags.inject_faults;
  test.transfer_standard_sizes = true;
  if (!flags.patterns.empty()) {
    std::stringstream list(flags.patterns);
    std::string name;
    while (std::getline(list, name, ',')) {
      if (!vram_pattern_from_string(name)) return bad_usage(fmt::format("--patterns: '{}' is not a VRAM pattern", name));
      test.vram_patterns.push_back(name);
    }
  }
  int exit_code = 0;
  auto report = probe_and_run(options, plan, exit_code);
  if (!report) return exit_code;
  return emit_report(*report, options);
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
