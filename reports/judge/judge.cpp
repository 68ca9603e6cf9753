#include "reports/judge/judge.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "reports/gpt2/gpt2_build.hpp"
#include "reports/judge/evidence.hpp"
#include "reports/judge/gpt2_inputs.hpp"
#include "reports/judge/rule.hpp"

namespace rigcheck {
namespace {

void add_reason(Verdict& verdict, const Check& check, std::optional<int> gpu_index) {
  VerdictReason reason;
  reason.check_id = check.id;
  reason.gpu_index = gpu_index;
  reason.status = check.status;
  reason.summary = check.summary;
  reason.advice = check.advice;
  verdict.reasons.push_back(std::move(reason));
}

}  // namespace

Verdict decide_verdict(const Report& report) {
  Verdict verdict;
  bool any_fail = false;
  for (const auto& gpu : report.gpus)
    for (const auto& check : gpu.checks)
      if (check.status == CheckStatus::fail || check.status == CheckStatus::warn) {
        add_reason(verdict, check, gpu.index);
        any_fail = any_fail || check.status == CheckStatus::fail;
      }
  for (const auto& check : report.system_checks)
    if (check.status == CheckStatus::fail || check.status == CheckStatus::warn) {
      add_reason(verdict, check, std::nullopt);
      any_fail = any_fail || check.status == CheckStatus::fail;
    }

  bool any_gpu = std::any_of(report.gpus.begin(), report.gpus.end(),
                             [](const GpuEntry& gpu) { return is_compute_candidate(gpu.pci); });
  if (any_fail) {
    verdict.status = VerdictStatus::unsound;
  } else if (!any_gpu || report.interrupted) {
    verdict.status = VerdictStatus::untested;
    VerdictReason reason;
    reason.check_id = "run";
    reason.status = CheckStatus::skip;
    if (report.interrupted) {
      reason.summary = "the run was interrupted before every check finished: this is a partial report";
      reason.advice = {"Run rigcheck again and let it finish."};
    } else {
      reason.summary = "no GPU found: no NVIDIA or AMD display controller or 3D controller on the PCI bus";
      reason.advice = {"Check that the card is seated and powered, and that the slot is enabled in the firmware setup.",
                       "In a virtual machine or container, pass the GPU (and /sys) through."};
    }
    verdict.reasons.push_back(std::move(reason));
  } else {
    verdict.status = VerdictStatus::sound;
  }

  std::stable_sort(verdict.reasons.begin(), verdict.reasons.end(), [](const VerdictReason& a, const VerdictReason& b) {
    auto severity = [](CheckStatus s) { return s == CheckStatus::fail ? 0 : s == CheckStatus::warn ? 1 : 2; };
    if (severity(a.status) != severity(b.status)) return severity(a.status) < severity(b.status);
    return fix_order(a.check_id) < fix_order(b.check_id);
  });
  for (size_t i = 0; i < verdict.reasons.size(); ++i) verdict.reasons[i].rank = static_cast<int>(i + 1);
  return verdict;
}

Report judge(Report report, const Policy& policy) {
  report.policy = policy.name;
  // Rules see the report without any previous judgement.
  for (auto& gpu : report.gpus) gpu.checks.clear();
  report.system_checks.clear();
  // The GPT-2 table is derived from the facts like the checks; a report without a GPU (from
  // `rigcheck gpt2 --vram ...`) keeps the table it was built with.
  if (auto inputs = gpt2_inputs_from_report(report)) report.gpt2 = build_gpt2_table(*inputs);
  const Report& facts = report;
  RuleContext context{facts, policy};
  std::vector<std::vector<Check>> gpu_checks(report.gpus.size());
  for (size_t i = 0; i < report.gpus.size(); ++i)
    for (const auto& rule : gpu_rules())
      for (auto& check : rule.run(context, report.gpus[i])) gpu_checks[i].push_back(std::move(check));
  std::vector<Check> system_checks;
  for (const auto& rule : system_rules())
    if (auto check = rule.run(context)) system_checks.push_back(std::move(*check));

  for (size_t i = 0; i < report.gpus.size(); ++i) report.gpus[i].checks = std::move(gpu_checks[i]);
  report.system_checks = std::move(system_checks);
  report.verdict = decide_verdict(report);
  return report;
}

}  // namespace rigcheck
