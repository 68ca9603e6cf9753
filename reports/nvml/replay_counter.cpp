#include <fmt/format.h>

#include "reports/nvml/pcie_findings.hpp"
#include "reports/nvml/telemetry_series.hpp"

namespace rigcheck {

std::optional<Finding> replay_counter_finding(const GpuEntry& gpu, const Policy& policy) {
  if (!gpu.telemetry) return std::nullopt;
  auto points = column_points(*gpu.telemetry, telemetry_column::pcie_replay_count);
  if (points.size() < 2) return std::nullopt;
  const auto& first = points.front();
  const auto& last = points.back();
  Finding f;
  f.evidence.push_back(fmt::format("NVML PCIe replay counter {:.0f} at t={:.1f} s, {:.0f} at t={:.1f} s", first.value,
                                   first.t_s, last.value, last.t_s));
  if (last.value < first.value) {
    // The counter only resets with the driver: a drop means the GPU was reset during the run.
    f.status = CheckStatus::warn;
    f.summary = "the PCIe replay counter went down during the run (the GPU or driver was reset)";
    f.advice.push_back("Look in the kernel log for a GPU reset or Xid during the run, then run rigcheck again");
    return f;
  }
  const auto growth = static_cast<std::uint64_t>(last.value - first.value);
  const double seconds = last.t_s - first.t_s;
  f.metrics["pcie_replay_growth"] = {static_cast<double>(growth), "count"};
  f.metrics["pcie_replay_window_seconds"] = {seconds, "seconds"};
  const auto& p = policy.pcie_errors;
  if (growth > p.replay_fail_above) {
    f.status = CheckStatus::fail;
    f.summary = fmt::format("{} PCIe replays in {:.0f} s of the run (policy fails above {}, as DCGM does at 80)",
                            growth, seconds, p.replay_fail_above);
  } else if (growth > p.replay_warn_above) {
    f.status = CheckStatus::warn;
    f.summary = fmt::format("{} PCIe replays in {:.0f} s of the run (policy warns above {})", growth, seconds,
                            p.replay_warn_above);
  } else {
    f.status = CheckStatus::pass;
    f.summary = fmt::format("{} PCIe replays in {:.0f} s of the run", growth, seconds);
    return f;
  }
  f.advice.push_back(
      "Replays are link-level retransmissions: a riser or PCIe extension cable is the usual cause; try the card "
      "directly in the slot or with a shorter/better riser");
  f.advice.push_back("Reseat the card and clean the edge connector; if the board allows, force the slot one PCIe "
                     "generation lower and test again");
  return f;
}

}  // namespace rigcheck
