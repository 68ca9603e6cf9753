// pcie.errors: AER counters (since boot) of the card and its root port, AER and bus-loss lines
// in the kernel log. Fatal/non-fatal > 0 fails; correctable above the policy warns (a riser or
// extension cable is the usual cause).
#include <algorithm>

#include <fmt/format.h>

#include "reports/judge/evidence.hpp"
#include "reports/judge/rule.hpp"
#include "reports/nvml/pcie_findings.hpp"

namespace rigcheck {
namespace {

std::uint64_t total(const std::optional<AerCounts>& aer, std::optional<std::uint64_t> AerCounts::*field) {
  return aer && (*aer).*field ? *((*aer).*field) : 0;
}

void add_counts(Check& check, const std::string& who, const std::optional<AerCounts>& aer) {
  if (!aer) return;
  auto list = [&](const std::map<std::string, std::uint64_t>& counts, const char* kind) {
    for (const auto& [name, count] : counts)
      if (count > 0) check.evidence.push_back(fmt::format("{} {} {}: {}", who, kind, name, count));
  };
  list(aer->correctable, "correctable");
  list(aer->nonfatal, "non-fatal");
  list(aer->fatal, "fatal");
}

const std::vector<std::string> kLinkAdvice{
    "Reseat the card; replace the riser or extension cable if one is used (they are the usual source of "
    "link errors).",
    "Check that the card is firmly seated and supported (a sagging card strains the slot).",
    "If errors persist in another slot, the card's edge connector or the board's slot may be damaged.",
};

}  // namespace

std::optional<Check> judge_pcie_errors_sysfs(const RuleContext& context, const GpuEntry& gpu) {
  const auto& pci = gpu.pci;
  const auto& policy = context.policy.pcie_errors;
  auto aer_lines = events_for(context.report, pci, {KernelEventKind::aer_error});
  auto lost = events_for(context.report, pci, {KernelEventKind::fallen_off_bus});
  for (const auto* e : events_for(context.report, pci, {KernelEventKind::xid}))
    if (e->xid && *e->xid == 79) lost.push_back(e);

  if (!pci.aer && !pci.root_port_aer && aer_lines.empty() && lost.empty())
    return make_check("pcie.errors", CheckStatus::skip,
                      "no AER counters in sysfs (kernel before 4.19 or no AER capability) and no errors in the kernel log");

  Check check;
  check.id = "pcie.errors";
  std::uint64_t correctable = total(pci.aer, &AerCounts::total_correctable) + total(pci.root_port_aer, &AerCounts::total_correctable);
  std::uint64_t nonfatal = total(pci.aer, &AerCounts::total_nonfatal) + total(pci.root_port_aer, &AerCounts::total_nonfatal);
  std::uint64_t fatal = total(pci.aer, &AerCounts::total_fatal) + total(pci.root_port_aer, &AerCounts::total_fatal);
  std::uint64_t logged_uncorrected = 0;
  for (const auto* e : aer_lines)
    if (e->severity && e->severity->find("Uncorrected") != std::string::npos) ++logged_uncorrected;

  add_counts(check, "card", pci.aer);
  if (pci.root_port_bdf) add_counts(check, "root port " + *pci.root_port_bdf, pci.root_port_aer);
  for (size_t i = 0; i < aer_lines.size() && i < 5; ++i) check.evidence.push_back(aer_lines[i]->line);
  for (const auto* e : lost) check.evidence.push_back(e->line);
  check.metrics["aer_correctable_count"] = {static_cast<double>(correctable), "count"};
  check.metrics["aer_nonfatal_count"] = {static_cast<double>(nonfatal), "count"};
  check.metrics["aer_fatal_count"] = {static_cast<double>(fatal), "count"};
  check.metrics["kernel_log_aer_lines"] = {static_cast<double>(aer_lines.size()), "count"};

  if (!lost.empty()) {
    check.status = CheckStatus::fail;
    check.summary = "the GPU fell off the bus (Xid 79): it stopped answering on PCIe";
    check.advice = {"Check the power cables and the power supply first (a card that loses power drops off the bus).",
                    "Check the card's temperature under load (see thermal.sustained); a passive card needs airflow.",
                    kLinkAdvice[0]};
    return check;
  }
  if (fatal > policy.fatal_fail_above || nonfatal > policy.nonfatal_fail_above || logged_uncorrected > 0) {
    check.status = CheckStatus::fail;
    check.summary = fmt::format("uncorrectable PCIe errors: {} fatal, {} non-fatal since boot{}", fatal, nonfatal,
                                logged_uncorrected ? fmt::format(", {} in the kernel log", logged_uncorrected) : "");
    check.advice = kLinkAdvice;
    return check;
  }
  std::uint64_t correctable_seen = std::max<std::uint64_t>(correctable, aer_lines.size());
  if (correctable_seen > policy.correctable_warn_above) {
    check.status = CheckStatus::warn;
    check.summary = fmt::format("{} correctable PCIe errors since boot (policy warns above {})", correctable_seen,
                                policy.correctable_warn_above);
    check.advice = kLinkAdvice;
    return check;
  }
  check.status = CheckStatus::pass;
  check.summary = correctable_seen == 0 ? "no PCIe errors since boot"
                                        : fmt::format("{} correctable PCIe errors since boot (within policy)", correctable_seen);
  return check;
}

// AER counters and log lines, then NVML's replay counter growth during the run.
std::optional<Check> rule_pcie_errors(const RuleContext& context, const GpuEntry& gpu) {
  auto check = judge_pcie_errors_sysfs(context, gpu);
  if (auto replay = replay_counter_finding(gpu, context.policy)) merge_finding(*check, *replay);
  return check;
}

}  // namespace rigcheck
