#include "reports/transfer/judge_pcie_bandwidth.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "reports/spread.hpp"
#include "reports/transfer/link_rate.hpp"
#include "reports/transfer_result.hpp"
#include "reports/units.hpp"

namespace rigcheck {
namespace {

constexpr double kGB = 1e9;

struct LinkUsed {
  double speed_gts = 0;
  int width = 0;
  std::string source;  // where the figures come from, for the evidence
};

// The link the copies ran on: the best the sampler saw during them, else what sysfs said at probe
// time (possibly a power-saving speed: then the rate we compare with is too low, and we say so).
std::optional<LinkUsed> link_used(const GpuEntry& gpu, const TransferResult& transfers) {
  LinkUsed sampled;
  for (const auto& s : transfers.link_during_transfer) {
    if (s.speed_gts) sampled.speed_gts = std::max(sampled.speed_gts, *s.speed_gts);
    if (s.width) sampled.width = std::max(sampled.width, *s.width);
  }
  if (sampled.speed_gts > 0 && sampled.width > 0) {
    sampled.source = fmt::format("sampled {} times during the copies", transfers.link_during_transfer.size());
    return sampled;
  }
  const auto& now = gpu.pci.link;
  if (now.current_speed_gts && now.current_width && *now.current_width > 0)
    return LinkUsed{*now.current_speed_gts, *now.current_width, "read at probe time, not during the copies"};
  return std::nullopt;
}

std::string rate_text(double bytes_per_s) { return fmt::format("{:.2f} GB/s", bytes_per_s / kGB); }

// ", noisy: spread 14% of the median" for the pinned sample of `direction` with this median.
std::string noisy_text(const TransferResult& t, const char* direction, double median) {
  for (const auto& s : t.samples)
    if (s.direction == direction && s.host_memory == host_memory_kind::pinned && s.median_bytes_per_s == median) {
      const auto spread = relative_spread(s.min_bytes_per_s, s.median_bytes_per_s, s.max_bytes_per_s);
      if (is_noisy(spread)) return fmt::format(", noisy: spread {:.0f}% of the median", *spread * 100);
    }
  return "";
}

void add_figures(Check& check, const TransferResult& t) {
  for (const char* direction : {transfer_direction::host_to_device, transfer_direction::device_to_host,
                                transfer_direction::bidirectional}) {
    if (auto best = best_pinned_bytes_per_s(t, direction)) {
      check.metrics[std::string(direction) + "_bytes_per_s"] = {*best, "bytes/s"};
      check.evidence.push_back(
          fmt::format("{} (pinned, best size): {}{}", direction, rate_text(*best), noisy_text(t, direction, *best)));
    }
  }
  for (const auto& l : t.latencies)
    if (l.host_memory == std::string(host_memory_kind::pinned)) {
      check.metrics[l.direction + "_latency_us"] = {l.median_us, "us"};
      check.evidence.push_back(
          fmt::format("{} latency of a {} copy: {:.1f} us (median)", l.direction, format_bytes(l.size_bytes), l.median_us));
    }
  for (const auto& note : t.notes) check.evidence.push_back(note);
}

}  // namespace

Check judge_pcie_bandwidth(const GpuEntry& gpu, const Policy& policy) {
  Check check;
  check.id = kPcieBandwidthCheckId;
  if (!gpu.measurements.transfers) {
    check.status = CheckStatus::skip;
    check.summary = "transfer test not run (run `rigcheck vram` or a profile that includes it)";
    return check;
  }
  const auto& t = *gpu.measurements.transfers;
  add_figures(check, t);
  const auto h2d = best_pinned_bytes_per_s(t, transfer_direction::host_to_device);
  const auto d2h = best_pinned_bytes_per_s(t, transfer_direction::device_to_host);
  if (!h2d && !d2h) {
    check.status = CheckStatus::skip;
    check.summary = t.interrupted ? "transfer test interrupted before a pinned copy was measured"
                                  : "transfer test measured no pinned copy";
    return check;
  }
  const auto link = link_used(gpu, t);
  if (!link) {
    check.status = CheckStatus::skip;
    check.summary = fmt::format("the device has no PCIe link to judge (host-to-device copies ran at {})",
                                rate_text(h2d.value_or(0)));
    return check;
  }
  const auto link_rate = pcie_link_bytes_per_s(link->speed_gts, link->width);
  if (!link_rate) {
    check.status = CheckStatus::skip;
    check.summary = "the link speed read from sysfs is not a PCIe rate";
    return check;
  }
  check.metrics["link_rate_bytes_per_s"] = {*link_rate, "bytes/s"};
  check.evidence.push_back(fmt::format("link {} ({}): {} per direction after encoding",
                                       format_link(link->speed_gts, link->width), link->source, rate_text(*link_rate)));

  // The slower direction decides: both carry model weights, activations or offloaded state.
  const bool h2d_slower = h2d && (!d2h || *h2d <= *d2h);
  const double worst = h2d_slower ? *h2d : *d2h;
  const char* worst_name = h2d_slower ? "host-to-device" : "device-to-host";
  const double fraction = worst / *link_rate;
  check.metrics["fraction_of_link"] = {fraction, "fraction"};
  const auto& bar = policy.pcie_bandwidth;
  const std::string figures =
      fmt::format("{} {} = {:.0f}% of the {} link's {}", worst_name, rate_text(worst), 100 * fraction,
                  format_link(link->speed_gts, link->width), rate_text(*link_rate));
  if (fraction < bar.fail_below_fraction_of_link) {
    check.status = CheckStatus::fail;
  } else if (fraction < bar.warn_below_fraction_of_link) {
    check.status = CheckStatus::warn;
  } else {
    check.status = CheckStatus::pass;
    check.summary = figures;
    return check;
  }
  check.summary = figures + fmt::format(" (expected at least {:.0f}%)", 100 * bar.warn_below_fraction_of_link);
  check.advice = {
      "Check pcie.errors: replayed or corrected packets eat bandwidth, and a marginal riser or slot causes them.",
      "Use a slot wired to the CPU, not one behind the chipset (chipset slots share one uplink with disks and USB).",
      "On a two-socket board run on the GPU's NUMA node (numactl --cpunodebind=N --membind=N), and if an IOMMU "
      "translates DMA, try iommu=pt on the kernel command line.",
  };
  return check;
}

std::optional<Finding> link_during_transfer_finding(const GpuEntry& gpu, const Policy& policy) {
  if (!gpu.measurements.transfers || gpu.measurements.transfers->link_during_transfer.empty()) return std::nullopt;
  const auto& samples = gpu.measurements.transfers->link_during_transfer;
  const auto& card = gpu.pci.link;
  const auto& slot = gpu.pci.slot_link;
  std::optional<double> best_speed;
  std::optional<int> best_width;
  for (const auto& s : samples) {
    if (s.speed_gts) best_speed = std::max(best_speed.value_or(0.0), *s.speed_gts);
    if (s.width) best_width = std::max(best_width.value_or(0), *s.width);
  }
  std::optional<double> possible_speed = card.max_speed_gts;
  if (possible_speed && slot.max_speed_gts) possible_speed = std::min(*possible_speed, *slot.max_speed_gts);
  std::optional<int> possible_width = card.max_width;
  if (possible_width && slot.max_width && *slot.max_width > 0) possible_width = std::min(*possible_width, *slot.max_width);
  if ((!best_speed || !possible_speed) && (!best_width || !possible_width)) return std::nullopt;

  Finding f;
  f.evidence.push_back(fmt::format("during the host-device copies the link ran at {} (best of {} samples); card and "
                                   "slot allow {}",
                                   format_link(best_speed, best_width), samples.size(),
                                   format_link(possible_speed, possible_width)));
  if (best_speed) f.metrics["speed_during_transfer_gts"] = {*best_speed, "GT/s"};
  if (best_width) f.metrics["width_during_transfer_lanes"] = {static_cast<double>(*best_width), "lanes"};
  std::vector<std::string> fails;
  std::vector<std::string> warns;
  if (best_speed && possible_speed && *best_speed < policy.pcie_link.min_speed_fraction_under_load * *possible_speed)
    fails.push_back(fmt::format("under a transfer load the link ran at {} GT/s, below the {} GT/s card and slot allow",
                                *best_speed, *possible_speed));
  if (best_width && possible_width) {
    if (*best_width * 2 <= *possible_width)
      fails.push_back(fmt::format("under a transfer load the link ran at x{}, at most half of x{}", *best_width, *possible_width));
    else if (*best_width < *possible_width)
      warns.push_back(fmt::format("under a transfer load the link ran at x{}, below x{}", *best_width, *possible_width));
  }
  if (fails.empty() && warns.empty()) {
    f.status = CheckStatus::pass;
    f.summary = fmt::format("under a transfer load the link reached {}", format_link(best_speed, best_width));
    return f;
  }
  f.status = fails.empty() ? CheckStatus::warn : CheckStatus::fail;
  std::vector<std::string> all = fails;
  all.insert(all.end(), warns.begin(), warns.end());
  f.summary = all.front();
  for (std::size_t i = 1; i < all.size(); ++i) f.summary += "; " + all[i];
  f.advice = {
      "Power off and reseat the card (and the riser or extension cable); clean the edge connector.",
      "A riser or extension cable often trains at a lower speed: test the card directly in the slot, or set the "
      "slot's PCIe generation explicitly in the firmware setup (Gen3 instead of Auto).",
  };
  return f;
}

}  // namespace rigcheck
