#include "reports/judge/rule_self_checks.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "reports/self_check_table.hpp"

namespace rigcheck {
namespace {

bool relies_on(std::string_view check_id, const SelfCheck& self_check) {
  const auto& row = self_check_row(self_check.kind);
  for (auto relying : row.relying_checks) {
    if (row.subject_narrows_checks && !self_check.subject.empty()) {
      if (check_id == fmt::format("{}.{}", relying, self_check.subject)) return true;
    } else if (check_id_in(check_id, relying)) {
      return true;
    }
  }
  return false;
}

std::string name_of(const SelfCheck& self_check) {
  auto label = self_check_row(self_check.kind).label;
  return self_check.subject.empty() ? std::string(label) : fmt::format("{} {}", label, self_check.subject);
}

bool tested(const GpuEntry& gpu) {
  const auto& m = gpu.measurements;
  return m.vram || m.transfers || m.compute || m.burn;
}

constexpr std::string_view kRerunAdvice =
    "Run `rigcheck selftest` on this device; if a detector keeps failing, the results of the checks "
    "that rely on it cannot be trusted on this card (report it with the JSON report attached).";

bool distrusts_results(const SelfCheck& self_check) {
  return self_check.outcome == SelfCheckOutcome::failed &&
         self_check_row(self_check.kind).on_failure == SelfCheckFailure::results_not_trusted;
}

constexpr std::string_view kDisagreementAdvice =
    "Run `rigcheck selftest`; if the backends keep disagreeing, run the step on each backend alone (--backend cuda, "
    "--backend vulkan) and compare the reports; report it with both JSON reports attached.";

// The check a disagreement bears on (its subject), when that check passed: it warns, with both figures.
void warn_on_disagreement(GpuEntry& gpu, const SelfCheck& self_check) {
  const auto& row = self_check_row(self_check.kind);
  for (auto& check : gpu.checks) {
    if (check.id != self_check.subject || check.status != CheckStatus::pass) continue;
    const bool in_family = std::any_of(row.relying_checks.begin(), row.relying_checks.end(),
                                       [&](std::string_view id) { return check_id_in(check.id, id); });
    if (!in_family) continue;
    check.evidence.push_back(fmt::format("before the cross-check: pass: {}", check.summary));
    check.status = CheckStatus::warn;
    check.summary = std::string(row.failed_summary);
    check.evidence.push_back(fmt::format("cross-check: {}", self_check.detail));
    check.advice.push_back(std::string(kDisagreementAdvice));
  }
}

}  // namespace

void apply_failed_self_checks(GpuEntry& gpu) {
  if (!gpu.self_checks) return;
  for (const auto& self_check : *gpu.self_checks) {
    if (self_check.outcome == SelfCheckOutcome::failed &&
        self_check_row(self_check.kind).on_failure == SelfCheckFailure::relying_check_warns)
      warn_on_disagreement(gpu, self_check);
    if (!distrusts_results(self_check)) continue;
    for (auto& check : gpu.checks) {
      if (check.status == CheckStatus::skip || !relies_on(check.id, self_check)) continue;
      if (check.status != CheckStatus::error || check.summary != self_check_row(self_check.kind).failed_summary)
        check.evidence.push_back(fmt::format("result not trusted ({}): {}", to_string(check.status), check.summary));
      check.status = CheckStatus::error;
      check.summary = std::string(self_check_row(self_check.kind).failed_summary);
      check.evidence.push_back(fmt::format("self-check {} failed: {}", name_of(self_check), self_check.detail));
      check.advice = {std::string(kRerunAdvice)};
    }
  }
}

std::optional<std::string> distrusting_self_check(const GpuEntry& gpu, std::string_view check_id) {
  if (!gpu.self_checks) return std::nullopt;
  for (const auto& sc : *gpu.self_checks)
    if (distrusts_results(sc) && relies_on(check_id, sc)) return fmt::format("the {} self-check failed", name_of(sc));
  return std::nullopt;
}

bool has_failed_self_check(const GpuEntry& gpu) {
  if (!gpu.self_checks) return false;
  return std::any_of(gpu.self_checks->begin(), gpu.self_checks->end(), distrusts_results);
}

std::vector<VerdictReason> self_check_verdict_reasons(const GpuEntry& gpu) {
  std::vector<VerdictReason> reasons;
  auto reason = [&](CheckStatus status, std::string summary) {
    VerdictReason r;
    r.check_id = "self_check";
    r.gpu_index = gpu.index;
    r.status = status;
    r.summary = std::move(summary);
    r.advice = {std::string(kRerunAdvice)};
    reasons.push_back(std::move(r));
  };
  if (!gpu.self_checks) {
    if (tested(gpu))
      reason(CheckStatus::skip,
             "detectors not verified on this device: the report records no self-checks (an older report or another tool)");
    return reasons;
  }
  for (const auto& sc : *gpu.self_checks)
    if (distrusts_results(sc))
      reason(CheckStatus::error, fmt::format("the {} self-check failed on this device: {}", name_of(sc), sc.detail));
  // Detectors this GPU's measurements rest on that did not pass here.
  std::vector<std::string> unverified;
  for (const auto& row : self_check_table()) {
    if (!row.needed_by(gpu.measurements)) continue;
    bool passed = false, failed = false;
    for (const auto& sc : *gpu.self_checks) {
      if (sc.kind != row.kind) continue;
      passed = passed || sc.outcome == SelfCheckOutcome::passed;
      failed = failed || sc.outcome == SelfCheckOutcome::failed;
    }
    if (!passed && !failed) unverified.emplace_back(row.label);
  }
  if (!unverified.empty())
    reason(CheckStatus::skip, fmt::format("detectors not verified on this device: {} (self-check not run)",
                                          fmt::join(unverified, ", ")));
  return reasons;
}

}  // namespace rigcheck
