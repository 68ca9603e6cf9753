// pcie.link: the link must be as wide as both card and slot allow. Speed is not judged here: at
// idle a lower speed is normal power saving; it is judged under load (NVML series, bandwidth test).
#include <algorithm>

#include <fmt/format.h>

#include "reports/judge/evidence.hpp"
#include "reports/judge/rule.hpp"
#include "reports/nvml/pcie_findings.hpp"
#include "reports/transfer/judge_pcie_bandwidth.hpp"
#include "reports/units.hpp"

namespace rigcheck {

std::optional<Check> judge_pcie_link_sysfs(const GpuEntry& gpu) {
  const auto& pci = gpu.pci;
  const auto& card = pci.link;
  const auto& slot = pci.slot_link;
  // A width file that is there but unreadable is not "no link": say which file and what it held.
  for (const auto& problem : pci.problems)
    if (problem.path.size() >= 11 && problem.path.compare(problem.path.size() - 11, 11, "_link_width") == 0)
      return make_check("pcie.link", CheckStatus::error,
                        fmt::format("cannot read the link width: {}: {}", problem.path, problem.reason));
  if (!card.current_width || !card.max_width || *card.max_width == 0)
    return make_check("pcie.link", CheckStatus::skip, "the device reports no PCIe link (integrated or virtual device)");

  Check check;
  check.id = "pcie.link";
  check.evidence.push_back(fmt::format("card {}: now {}, max {}", pci.bdf, format_link(card.current_speed_gts, card.current_width),
                                       format_link(card.max_speed_gts, card.max_width)));
  if (pci.slot_bdf)
    check.evidence.push_back(fmt::format("slot (bridge {}): now {}, max {}", *pci.slot_bdf,
                                         format_link(slot.current_speed_gts, slot.current_width),
                                         format_link(slot.max_speed_gts, slot.max_width)));
  check.metrics["current_width_lanes"] = {static_cast<double>(*card.current_width), "lanes"};
  check.metrics["card_max_width_lanes"] = {static_cast<double>(*card.max_width), "lanes"};
  if (slot.max_width) check.metrics["slot_max_width_lanes"] = {static_cast<double>(*slot.max_width), "lanes"};
  if (card.current_speed_gts) check.metrics["current_speed_gts"] = {*card.current_speed_gts, "GT/s"};

  int possible = slot.max_width && *slot.max_width > 0 ? std::min(*card.max_width, *slot.max_width) : *card.max_width;
  std::string speed_note = card.current_speed_gts && card.max_speed_gts && *card.current_speed_gts < *card.max_speed_gts
                               ? fmt::format(" (speed {} now; a lower speed at idle is normal power saving)",
                                             format_link(card.current_speed_gts, std::nullopt))
                               : "";
  if (*card.current_width < possible) {
    check.status = CheckStatus::fail;
    check.summary = fmt::format("link trained at x{} but card and slot both support x{}", *card.current_width, possible);
    check.advice = {
        "Power off, then reseat the card (and the riser or extension cable, if any) firmly in the slot.",
        "Try another riser/extension cable or plug the card directly into the slot: a poor riser trains at x1/x4.",
        "Check the board manual: some slots share lanes with M.2 or other slots and drop to fewer lanes.",
    };
    return check;
  }
  if (slot.max_width && *slot.max_width < *card.max_width) {
    check.status = CheckStatus::warn;
    check.summary = fmt::format("the slot limits the card to x{} (the card supports x{})", *slot.max_width, *card.max_width);
    check.advice = {fmt::format("Move the card to a slot (or riser) wired for x{} if host-to-GPU transfers matter: "
                                "model loading and offload run over this link.",
                                *card.max_width)};
    return check;
  }
  check.status = CheckStatus::pass;
  check.summary = fmt::format("x{} of x{}{}", *card.current_width, *card.max_width, speed_note);
  return check;
}

// Width from sysfs; speed and width under load from the NVML series when a load ran, and from
// sysfs sampled during the host-device copies.
std::optional<Check> rule_pcie_link(const RuleContext& context, const GpuEntry& gpu) {
  auto check = judge_pcie_link_sysfs(gpu);
  if (auto under_load = link_under_load_finding(gpu, context.policy)) merge_finding(*check, *under_load);
  if (auto during_copies = link_during_transfer_finding(gpu, context.policy)) merge_finding(*check, *during_copies);
  return check;
}

}  // namespace rigcheck
