#pragma once
// A policy: the thresholds of every check and the GPT-2 tasks that must fit for `sound`.
// Stored as TOML (reports/policies/*.toml are the built-in ones); see docs/policy.md.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "reports/result.hpp"

namespace rigcheck {

struct PcieErrorsPolicy {
  // AER counters are since boot; a few correctable errors at link training are normal.
  std::uint64_t correctable_warn_above = 10;
  std::uint64_t nonfatal_fail_above = 0;
  std::uint64_t fatal_fail_above = 0;
  // NVML replay counter growth during one run (DCGM's pcie test fails above 80).
  std::uint64_t replay_warn_above = 8;
  std::uint64_t replay_fail_above = 80;
};

struct PcieLinkPolicy {
  // Under load the link must train at this fraction of the lower of card and slot max speed.
  double min_speed_fraction_under_load = 1.0;
};

struct PcieBandwidthPolicy {
  // Pinned host<->device copies reach ~80% of the link's encoded rate on a sound build
  // (packet headers take the rest); well below that something else is wrong (docs/bandwidth.md).
  double warn_below_fraction_of_link = 0.6;
  double fail_below_fraction_of_link = 0.3;
};

struct VramIntegrityPolicy {
  // Below this share of a card's memory a clean run says little about the rest: warn.
  double min_coverage_fraction = 0.95;
  // Errors whose records were all taken at or above this temperature: advice on cooling.
  double only_when_hot_celsius = 80.0;
  // A data line or memory chip: one bit position carrying at least this share of the errors,
  // failing at at least this many different addresses.
  double data_line_min_error_share = 0.5;
  std::uint64_t data_line_min_addresses = 16;
};

struct VramEccPolicy {
  std::uint64_t corrected_warn_above = 100;  // volatile single-bit count
};

struct PowerPolicy {
  double min_fraction_of_limit = 0.75;        // DCGM targeted_power: >= 0.75 x target
  double power_brake_share_fail_above = 0.0;  // any HW power brake under load fails
  double clock_drop_warn_fraction = 0.10;     // SM clock below max by more than this without a thermal cause
};

struct ThermalPolicy {
  double slowdown_margin_warn_celsius = 5.0;
  double thermal_throttle_share_fail_above = 0.0;
  double throughput_decline_warn_fraction = 0.10;  // last minute vs first minute
};

struct ComputePolicy {
  double min_fraction_of_peak_warn = 0.5;  // a card far below its class is a finding
};

struct HostMemoryPolicy {
  // Host RAM needed beyond what the GPT-2 tasks of the policy need (OS, data loader).
  std::uint64_t headroom_bytes = 8ull << 30;
};

struct Gpt2Policy {
  // "model:task:precision" entries, e.g. "gpt2-xl:finetune-offload:fp16-pure"; every one must fit.
  std::vector<std::string> required;
};

struct BaselinePolicy {
  // A key figure worse than a known-good report (--baseline) or than the median of its card model
  // in a fleet (compare --fail-on-outlier) by more than this fraction, outside the measured spread.
  double tolerance_fraction = 0.10;
};

struct Policy {
  std::string name = "gpt2-finetune";
  // Where it came from, the policy itself first: {"mine.toml", "gpt2-finetune"} for a file that
  // extends the built-in policy (every file extends one; the default policy when it names none).
  std::vector<std::string> chain;
  PcieErrorsPolicy pcie_errors;
  PcieLinkPolicy pcie_link;
  PcieBandwidthPolicy pcie_bandwidth;
  VramIntegrityPolicy vram_integrity;
  VramEccPolicy vram_ecc;
  PowerPolicy power;
  ThermalPolicy thermal;
  ComputePolicy compute;
  HostMemoryPolicy host_memory;
  Gpt2Policy gpt2;
  BaselinePolicy baseline;
};

// Parses TOML text into a policy; unknown keys and wrong types are errors naming key and line.
// `origin` names the text in messages ("gpt2-finetune (built-in)" or a file path).
Result<Policy> parse_policy(std::string_view toml_text, std::string_view origin);

// Loads a built-in policy by name ("gpt2-finetune", "gpt2-inference") or a TOML file path. A file
// names the policy it extends (`extends = "gpt2-inference"`, or another file relative to it;
// default "gpt2-finetune") and overrides only the keys it sets; without `name` it is named after
// the file. An empty file, a folder, NaN, infinities, negative limits, fractions above 1 and a
// fail threshold on the wrong side of its warn threshold are errors naming key and file.
Result<Policy> load_policy(std::string_view name_or_path);

// Names of the built-in policies.
std::vector<std::string> builtin_policy_names();

}  // namespace rigcheck
