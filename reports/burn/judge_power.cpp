#include "reports/burn/judge_power.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "reports/burn/burn_series.hpp"
#include "reports/nvml/clock_reasons.hpp"
#include "reports/nvml/telemetry_series.hpp"

namespace rigcheck {
namespace {

// docs/burn.md: power cable and power supply.
constexpr const char* kCableAdvice =
    "HW power brake is asserted from outside the GPU when its power input sags: feed the card's 8-pin "
    "from a CPU EPS-12V cable or NVIDIA's CPU-8-pin-to-2x-PCIe-8-pin adapter, never a PCIe 6+2 plug "
    "(another pinout: forced in, it shorts 12 V to ground).";
constexpr const char* kPsuAdvice =
    "Use a power supply of at least 600 W for one 250 W card, more for several (this test loads every GPU "
    "at once); a weak supply sags under load or shuts down.";

bool brake_bit(std::uint64_t mask) { return (mask & clock_reason::hw_power_brake) != 0; }

// Reasons that explain SM clocks below the maximum: heat, the power limit, the brake, idling.
bool explained_low_clock(std::uint64_t mask) {
  return heat_bits(mask) ||
         (mask & (clock_reason::sw_power_cap | clock_reason::hw_power_brake | clock_reason::hw_slowdown |
                  clock_reason::gpu_idle)) != 0;
}

struct Verdicts {
  std::vector<std::string> fails;
  std::vector<std::string> warns;
  std::vector<std::string> skipped;  // parts not judged, with the reason
  int judged = 0;
};

void judge_mean_power(Check& check, Verdicts& v, const GpuEntry& gpu, const Telemetry& t,
                      const std::vector<WeightedRow>& steady, const Policy& policy) {
  const auto& facts = *gpu.nvml;
  auto mean_w = weighted_mean(t, steady, telemetry_column::power_w);
  if (!mean_w) {
    v.skipped.push_back("mean power not judged: " + column_unavailable_reason(t, telemetry_column::power_w));
    return;
  }
  check.metrics["mean_power_steady"] = {*mean_w, "watts"};
  if (facts.power_limit_default_watts && facts.power_limit_enforced_watts &&
      *facts.power_limit_enforced_watts < *facts.power_limit_default_watts) {
    v.warns.push_back(fmt::format("the enforced power limit {:.0f} W is below the card's default {:.0f} W",
                                  *facts.power_limit_enforced_watts, *facts.power_limit_default_watts));
    check.advice.push_back(
        "The power limit was lowered (nvidia-smi -pl, a management tool or the BIOS): `nvidia-smi -q -d POWER` "
        "shows it; restore the default limit for full speed (rigcheck never changes it).");
  }
  if (!facts.power_limit_enforced_watts) {
    v.skipped.push_back("power vs limit not judged: enforced power limit " + facts.power_limit_enforced_watts.reason);
    return;
  }
  const double limit_w = *facts.power_limit_enforced_watts;
  if (!(limit_w > 0)) {
    v.skipped.push_back("power vs limit not judged: NVML gave an enforced limit of 0 W");
    return;
  }
  ++v.judged;
  const double fraction = *mean_w / limit_w;
  check.metrics["power_limit_enforced"] = {limit_w, "watts"};
  check.metrics["power_fraction_of_limit"] = {fraction, "fraction"};
  check.evidence.push_back(fmt::format("mean power {:.0f} W over the steady window, {} of the {:.0f} W enforced limit",
                                       *mean_w, percent(fraction), limit_w));
  if (fraction < policy.power.min_fraction_of_limit) {
    // Under power brake the low draw is the brake's doing: its advice comes first, this one not at all.
    if (v.fails.empty())
      check.advice.push_back(
          "A saturating GEMM should hold the card near its power limit: if thermal.sustained shows heat, fix the "
          "cooling first; otherwise check that no other process shares the GPU and that the series shows it busy.");
    v.warns.push_back(fmt::format("the card drew {:.0f} W under sustained load, {} of its {:.0f} W limit (bar: {})",
                                  *mean_w, percent(fraction), limit_w, percent(policy.power.min_fraction_of_limit)));
  }
}

void judge_brake(Check& check, Verdicts& v, const Telemetry& t, const BurnWindows& w,
                 const std::vector<WeightedRow>& load, const Policy& policy) {
  const auto shares = clock_event_reason_shares(t, w.load_start_t_s, w.load_end_t_s);
  if (shares.samples == 0) {
    v.skipped.push_back("power brake not judged: " + column_unavailable_reason(t, telemetry_column::clock_event_reasons));
    return;
  }
  ++v.judged;
  check.metrics["hw_power_brake_share"] = {shares.hw_power_brake, "fraction"};
  check.metrics["sw_power_cap_share"] = {shares.sw_power_cap, "fraction"};
  if (shares.hw_power_brake > policy.power.power_brake_share_fail_above) {
    auto first = first_mask_t_s(t, load, brake_bit);
    std::string when;
    if (first) {
      check.metrics["time_to_first_power_brake"] = {*first - w.load_start_t_s, "seconds"};
      when = *first - w.load_start_t_s < 1 ? std::string(", from its start")
                                            : fmt::format(", first {:.0f} s into the load", *first - w.load_start_t_s);
    }
    v.fails.push_back(fmt::format("HW power brake (0x80) slowed the card {} of the load{}", percent(shares.hw_power_brake), when));
    check.advice.insert(check.advice.begin(), {kCableAdvice, kPsuAdvice});
  }
}

void judge_clock_drop(Check& check, Verdicts& v, const GpuEntry& gpu, const Telemetry& t, const BurnWindows& w,
                      const std::vector<WeightedRow>& steady, const Policy& policy) {
  const auto& facts = *gpu.nvml;
  if (!facts.max_sm_clock_mhz || *facts.max_sm_clock_mhz <= 0) {
    v.skipped.push_back("clock drop not judged: max SM clock " +
                        (facts.max_sm_clock_mhz.reason.empty() ? std::string("is 0") : facts.max_sm_clock_mhz.reason));
    return;
  }
  auto mean_mhz = weighted_mean(t, steady, telemetry_column::sm_clock_mhz);
  if (!mean_mhz) {
    v.skipped.push_back("clock drop not judged: " + column_unavailable_reason(t, telemetry_column::sm_clock_mhz));
    return;
  }
  ++v.judged;
  const double max_mhz = *facts.max_sm_clock_mhz;
  check.metrics["sm_clock_mean_steady"] = {*mean_mhz, "MHz"};
  check.metrics["sm_clock_max"] = {max_mhz, "MHz"};
  check.metrics["sm_clock_drop"] = {1.0 - *mean_mhz / max_mhz, "fraction"};

  // Only samples with no reason for lower clocks: there the card should run at its maximum.
  std::vector<WeightedRow> unexplained;
  for (const auto& r : steady) {
    auto mask = cell(t, r.row, telemetry_column::clock_event_reasons);
    if (mask && *mask >= 0 && explained_low_clock(static_cast<std::uint64_t>(std::llround(*mask)))) continue;
    unexplained.push_back(r);
  }
  auto unexplained_mhz = weighted_mean(t, unexplained, telemetry_column::sm_clock_mhz);
  if (!unexplained_mhz) {
    check.evidence.push_back(fmt::format("SM clock {:.0f} MHz of max {:.0f} MHz; every steady sample carries a reason "
                                         "(power limit, power brake, heat or idle)", *mean_mhz, max_mhz));
    return;
  }
  const double drop = 1.0 - *unexplained_mhz / max_mhz;
  check.metrics["sm_clock_drop_unexplained"] = {drop, "fraction"};
  if (drop <= policy.power.clock_drop_warn_fraction) return;
  v.warns.push_back(fmt::format("the SM clock ran at {:.0f} MHz, {} below its {:.0f} MHz maximum, with no thermal or "
                                "power-limit reason",
                                *unexplained_mhz, percent(drop), max_mhz));
  auto apps = clock_event_reason_shares(t, w.steady_start_t_s, w.load_end_t_s).applications_clocks;
  if (apps > 0)
    check.advice.push_back("Application clocks (reason 0x2) hold the card below its maximum: `nvidia-smi -q -d CLOCK` "
                           "shows them and `nvidia-smi -rac` resets them (rigcheck never changes clocks).");
  else
    check.advice.push_back("Clocks fell with no reason NVML reports: look for locked clocks (`nvidia-smi -q -d "
                           "CLOCK,PERFORMANCE`) or another process on the GPU.");
}

}  // namespace

Check judge_power_sustained(const GpuEntry& gpu, const std::optional<BurnResult>& burn, const Policy& policy) {
  Check check;
  check.id = kPowerSustainedCheckId;
  if (!burn) {
    check.summary = "no sustained load ran (run `rigcheck burn` or the standard / burn-in profile)";
    return check;
  }
  if (auto why = no_series_reason(gpu)) {
    check.summary = "power not judged: " + *why;
    return check;
  }
  const auto& t = *gpu.telemetry;
  const auto w = burn_windows(*burn);
  check.metrics["load_seconds"] = {w.load_seconds(), "seconds"};
  check.metrics["steady_window_seconds"] = {w.steady_seconds(), "seconds"};
  const auto load = window_rows(t, w.load_start_t_s, w.load_end_t_s);
  const auto steady = window_rows(t, w.steady_start_t_s, w.load_end_t_s);
  if (load.empty()) {
    check.summary = "power not judged: no telemetry sample falls within the load";
    return check;
  }

  Verdicts v;
  judge_brake(check, v, t, w, load, policy);
  judge_mean_power(check, v, gpu, t, steady, policy);
  judge_clock_drop(check, v, gpu, t, w, steady, policy);
  for (const auto& s : v.skipped) check.evidence.push_back(s);
  if (burn->interrupted) check.evidence.push_back("the load was interrupted: the series is shorter than requested");

  auto join = [](const std::vector<std::string>& parts) {
    std::string text;
    for (const auto& p : parts) text += (text.empty() ? "" : "; ") + p;
    return text;
  };
  if (!v.fails.empty()) {
    check.status = CheckStatus::fail;
    check.summary = join(v.fails);
    for (const auto& w2 : v.warns) check.evidence.push_back(w2);
  } else if (!v.warns.empty()) {
    check.status = CheckStatus::warn;
    check.summary = join(v.warns);
  } else if (v.judged == 0) {
    check.status = CheckStatus::skip;
    check.summary = "power not judged: " + join(v.skipped);
  } else {
    check.status = CheckStatus::pass;
    auto mean = check.metrics.find("mean_power_steady");
    auto limit = check.metrics.find("power_limit_enforced");
    check.summary = mean != check.metrics.end() && limit != check.metrics.end()
                        ? fmt::format("held {:.0f} W of its {:.0f} W limit under sustained load, no power brake",
                                      mean->second.value, limit->second.value)
                        : "no power brake and no unexplained clock drop under sustained load";
  }
  return check;
}

}  // namespace rigcheck
