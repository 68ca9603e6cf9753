#include <algorithm>

#include <fmt/format.h>

#include "reports/nvml/pcie_findings.hpp"
#include "reports/nvml/telemetry_series.hpp"

namespace rigcheck {

std::optional<double> pcie_gen_speed_gts(int gen) {
  switch (gen) {
    case 1: return 2.5;
    case 2: return 5.0;
    case 3: return 8.0;
    case 4: return 16.0;
    case 5: return 32.0;
    case 6: return 64.0;
    default: return std::nullopt;
  }
}

namespace {

constexpr double kBusyUtilPct = 50.0;
constexpr double kBusyPowerFraction = 0.5;

}  // namespace

std::optional<Finding> link_under_load_finding(const GpuEntry& gpu, const Policy& policy) {
  if (!gpu.telemetry || !gpu.nvml) return std::nullopt;
  const auto& t = *gpu.telemetry;
  const auto& facts = *gpu.nvml;
  if (!facts.pcie_gen_max && !facts.pcie_width_max) return std::nullopt;
  const auto power_limit = facts.power_limit_enforced_watts.value;

  std::optional<int> best_gen;
  std::optional<int> best_width;
  std::size_t busy = 0;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    auto util = cell(t, r, telemetry_column::util_gpu_pct);
    auto power = cell(t, r, telemetry_column::power_w);
    const bool is_busy = (util && *util > kBusyUtilPct) ||
                         (power && power_limit && *power_limit > 0 && *power >= kBusyPowerFraction * *power_limit);
    if (!is_busy) continue;
    ++busy;
    if (auto g = cell(t, r, telemetry_column::pcie_gen)) best_gen = std::max(best_gen.value_or(0), static_cast<int>(*g));
    if (auto w = cell(t, r, telemetry_column::pcie_width))
      best_width = std::max(best_width.value_or(0), static_cast<int>(*w));
  }
  if (busy == 0 || (!best_gen && !best_width)) return std::nullopt;

  Finding f;
  f.metrics["busy_samples"] = {static_cast<double>(busy), "count"};
  std::vector<std::string> fails;
  std::vector<std::string> warns;
  if (best_gen && facts.pcie_gen_max) {
    const int max_gen = *facts.pcie_gen_max;
    f.evidence.push_back(fmt::format("NVML: best PCIe gen under load {} of max {} ({} busy samples)", *best_gen,
                                     max_gen, busy));
    f.metrics["pcie_gen_under_load"] = {static_cast<double>(*best_gen), "gen"};
    f.metrics["pcie_gen_max"] = {static_cast<double>(max_gen), "gen"};
    auto seen = pcie_gen_speed_gts(*best_gen);
    auto max = pcie_gen_speed_gts(max_gen);
    if (seen && max) {
      f.metrics["pcie_speed_under_load_gts"] = {*seen, "GT/s"};
      if (*seen < policy.pcie_link.min_speed_fraction_under_load * *max)
        fails.push_back(fmt::format("the link ran at Gen{} ({} GT/s) under load, below Gen{} ({} GT/s)", *best_gen,
                                    *seen, max_gen, *max));
    }
  }
  if (best_width && facts.pcie_width_max) {
    const int max_width = *facts.pcie_width_max;
    f.evidence.push_back(fmt::format("NVML: best PCIe width under load x{} of max x{}", *best_width, max_width));
    f.metrics["pcie_width_under_load"] = {static_cast<double>(*best_width), "lanes"};
    f.metrics["pcie_width_max"] = {static_cast<double>(max_width), "lanes"};
    if (*best_width * 2 <= max_width)
      fails.push_back(fmt::format("the link ran at x{} under load, at most half of x{}", *best_width, max_width));
    else if (*best_width < max_width)
      warns.push_back(fmt::format("the link ran at x{} under load, below x{}", *best_width, max_width));
  }
  if (!fails.empty() || !warns.empty()) {
    f.status = fails.empty() ? CheckStatus::warn : CheckStatus::fail;
    const auto& first = fails.empty() ? warns : fails;
    f.summary = first.front();
    for (std::size_t i = 1; i < first.size(); ++i) f.summary += "; " + first[i];
    if (!fails.empty())
      for (const auto& w : warns) f.summary += "; " + w;
    f.advice.push_back("Power off and reseat the card; clean the edge connector");
    f.advice.push_back("A riser or PCIe extension cable often trains at a lower speed or width: test the card "
                       "directly in the slot, or use a better riser");
    f.advice.push_back("Check the board manual: some x16 slots are wired x8/x4 or share lanes with M.2 slots");
  } else {
    f.status = CheckStatus::pass;
    f.summary = fmt::format("under load the link reached its max (Gen{} x{})", best_gen.value_or(0),
                            best_width.value_or(0));
  }
  return f;
}

}  // namespace rigcheck
