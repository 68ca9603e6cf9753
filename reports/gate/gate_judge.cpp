#include "reports/gate/gate_judge.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "reports/judge/judge.hpp"

namespace rigcheck {
namespace {

// pcie.errors is left out: it counts since boot, gate.xid and gate.aer judge what is new.
constexpr std::array<std::string_view, 4> kGateChecks{"pcie.bar", "host.driver", "pcie.link", "vram.ecc"};

const GpuErrorCounters* find_counters(const GateState& state, const std::string& bdf) {
  auto it = std::find_if(state.gpus.begin(), state.gpus.end(), [&](const GpuErrorCounters& c) { return c.bdf == bdf; });
  return it == state.gpus.end() ? nullptr : &*it;
}

// The counters new errors are counted from: the first run's counters on this boot (kept while the
// gate runs, so a failure stays until a reboot or until an admin deletes the state file); zero
// after a reboot (every count is since boot); nullopt on a first run or when a counter went down
// (the kernel log was rotated): then the counters of now are the new starting point.
std::optional<GpuErrorCounters> baseline(const std::optional<GateState>& previous, const GateState& current,
                                         const GpuErrorCounters& now) {
  if (!previous) return std::nullopt;
  if (previous->boot_id && current.boot_id && *previous->boot_id != *current.boot_id) {
    GpuErrorCounters zero;
    zero.bdf = now.bdf;
    return zero;
  }
  const auto* before = find_counters(*previous, now.bdf);
  if (before == nullptr) return std::nullopt;
  if (now.xid_lines < before->xid_lines || now.aer_correctable < before->aer_correctable ||
      now.aer_nonfatal < before->aer_nonfatal || now.aer_fatal < before->aer_fatal)
    return std::nullopt;
  return *before;
}

Check first_run_check(std::string id, std::string what, std::uint64_t count) {
  Check c;
  c.id = std::move(id);
  c.status = CheckStatus::pass;
  c.summary = fmt::format("first gate run here: {} {} since boot recorded as the starting point", count, what);
  c.metrics["since_boot"] = {double(count), "count"};
  return c;
}

Check xid_check(const std::optional<GpuErrorCounters>& before, const GpuErrorCounters& now) {
  if (!before) return first_run_check("gate.xid", "Xid lines", now.xid_lines);
  Check c;
  c.id = "gate.xid";
  auto grown = now.xid_lines - before->xid_lines;
  c.metrics["new_xid_lines"] = {double(grown), "count"};
  if (grown > 0) {
    c.status = CheckStatus::fail;
    c.summary = fmt::format("{} new Xid line(s) in the kernel log since the gate began watching this boot", grown);
    c.advice = {"Read the Xid lines (dmesg | grep Xid) and run `rigcheck run` on this node; after a reboot, or once the "
                "state file (--state) is deleted, the gate counts from the errors there are then."};
  } else {
    c.status = CheckStatus::pass;
    c.summary = "no new Xid line since the gate began watching this boot";
  }
  return c;
}

Check aer_check(const std::optional<GpuErrorCounters>& before, const GpuErrorCounters& now, const Policy& policy) {
  if (!before) return first_run_check("gate.aer", "AER errors", now.aer_correctable + now.aer_nonfatal + now.aer_fatal);
  const auto& p = policy.pcie_errors;
  auto fatal = now.aer_fatal - before->aer_fatal;
  auto nonfatal = now.aer_nonfatal - before->aer_nonfatal;
  auto correctable = now.aer_correctable - before->aer_correctable;
  Check c;
  c.id = "gate.aer";
  c.metrics["new_fatal"] = {double(fatal), "count"};
  c.metrics["new_nonfatal"] = {double(nonfatal), "count"};
  c.metrics["new_correctable"] = {double(correctable), "count"};
  if (fatal > p.fatal_fail_above || nonfatal > p.nonfatal_fail_above) {
    c.status = CheckStatus::fail;
    c.summary = fmt::format("{} new uncorrectable PCIe error(s) (AER: {} fatal, {} non-fatal) since the gate began watching this boot",
                            fatal + nonfatal, fatal, nonfatal);
    c.advice = {"Reseat the card and its riser; run `rigcheck run` before the node takes jobs again."};
  } else if (correctable > p.correctable_warn_above) {
    c.status = CheckStatus::warn;
    c.summary = fmt::format("{} new correctable PCIe errors (AER) since the gate began watching this boot", correctable);
  } else {
    c.status = CheckStatus::pass;
    c.summary = "no new uncorrectable PCIe error since the gate began watching this boot";
  }
  return c;
}

}  // namespace

bool is_gate_check(std::string_view check_id) {
  return std::find(kGateChecks.begin(), kGateChecks.end(), check_id) != kGateChecks.end();
}

GateJudgement judge_gate(Report judged, const std::optional<GateState>& previous, const GateState& current,
                         const Policy& policy) {
  GateJudgement out;
  out.next_state.boot_id = current.boot_id;
  judged.profile = "gate";
  judged.system_checks.clear();
  for (auto& gpu : judged.gpus) {
    std::erase_if(gpu.checks, [](const Check& c) { return !is_gate_check(c.id); });
    const auto* now = find_counters(current, gpu.pci.bdf);
    if (now == nullptr) continue;
    auto before = baseline(previous, current, *now);
    out.next_state.gpus.push_back(before.value_or(*now));
    if (gpu.checks.empty()) continue;  // not a compute GPU (a display adapter): nothing to gate
    gpu.checks.push_back(xid_check(before, *now));
    gpu.checks.push_back(aer_check(before, *now, policy));
  }
  judged.verdict = decide_verdict(judged);
  out.report = std::move(judged);
  return out;
}

std::string gate_first_reason(const Report& gate_report, std::size_t max_bytes) {
  if (gate_report.verdict.status == VerdictStatus::sound || gate_report.verdict.reasons.empty()) return "";
  const auto& r = gate_report.verdict.reasons.front();
  std::string where;
  if (r.gpu_index)
    for (const auto& gpu : gate_report.gpus)
      if (gpu.index == *r.gpu_index) where = fmt::format("GPU {} ({}) ", gpu.index, gpu.pci.bdf);
  std::string line = fmt::format("{}{}: {}", where, r.check_id, r.summary);
  std::replace(line.begin(), line.end(), '\n', ' ');
  if (line.size() <= max_bytes) return line;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
  return line.substr(0, cut);
}

}  // namespace rigcheck
