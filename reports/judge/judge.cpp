#include "reports/judge/judge.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "reports/gpt2/gpt2_build.hpp"
#include "reports/judge/check_selection.hpp"
#include "reports/judge/evidence.hpp"
#include "reports/judge/gpt2_inputs.hpp"
#include "reports/judge/rule.hpp"
#include "reports/judge/rule_self_checks.hpp"

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

bool is_reason(CheckStatus status) {
  return status == CheckStatus::fail || status == CheckStatus::warn || status == CheckStatus::error;
}

VerdictReason untested_reason(std::string summary, std::vector<std::string> advice) {
  VerdictReason reason;
  reason.check_id = "run";
  reason.status = CheckStatus::skip;
  reason.summary = std::move(summary);
  reason.advice = std::move(advice);
  return reason;
}

// Display/3D devices the probe could not read whole, and devices that may be GPUs but were not
// seen at all: "sound" would vouch for hardware nobody looked at.
std::vector<std::string> unseen_devices(const Report& report) {
  std::vector<std::string> unseen;
  for (const auto& problem : report.host.unreadable_pci_devices)
    unseen.push_back(fmt::format("{}: {}", problem.path, problem.reason));
  // Files of the device's own sysfs folder; a GPU known only from NVML (no /sys in a container)
  // was read whole through NVML.
  for (const auto& gpu : report.gpus) {
    if ((gpu.pci.class_code >> 16) != 0x03) continue;
    const auto folder = "/sys/bus/pci/devices/" + gpu.pci.bdf + "/";
    for (const auto& problem : gpu.pci.problems)
      if (problem.path.rfind(folder, 0) == 0) unseen.push_back(fmt::format("{}: {}", problem.path, problem.reason));
  }
  return unseen;
}

// False for a run that was meant to test (run, vram, compute, burn) and measured nothing on any GPU.
bool tests_ran_as_planned(const Report& report) {
  static constexpr std::array<std::string_view, 6> kTestingProfiles{"quick", "standard", "burn-in",
                                                                     "burn",  "compute",  "vram"};
  if (std::find(kTestingProfiles.begin(), kTestingProfiles.end(), report.profile) == kTestingProfiles.end()) return true;
  return std::any_of(report.gpus.begin(), report.gpus.end(), [](const GpuEntry& gpu) {
    const auto& m = gpu.measurements;
    return m.vram || m.transfers || m.compute || m.burn;
  });
}

}  // namespace

Verdict decide_verdict(const Report& report) {
  Verdict verdict;
  bool any_fail = false;
  bool any_error = false;
  auto consider = [&](const Check& check, std::optional<int> gpu_index) {
    if (!is_reason(check.status)) return;
    add_reason(verdict, check, gpu_index);
    any_fail = any_fail || check.status == CheckStatus::fail;
    any_error = any_error || check.status == CheckStatus::error;
  };
  for (const auto& gpu : report.gpus)
    for (const auto& check : gpu.checks) consider(check, gpu.index);
  for (const auto& check : report.system_checks) consider(check, std::nullopt);
  // A detector that failed its self-test makes the run unable to vouch for the device.
  bool any_self_check_failed = std::any_of(report.gpus.begin(), report.gpus.end(), has_failed_self_check);
  for (const auto& gpu : report.gpus)
    for (auto& reason : self_check_verdict_reasons(gpu)) verdict.reasons.push_back(std::move(reason));

  bool any_gpu = std::any_of(report.gpus.begin(), report.gpus.end(),
                             [](const GpuEntry& gpu) { return is_compute_candidate(gpu.pci); });
  auto unseen = unseen_devices(report);
  // Never "sound" when something was not seen: a check in error, a device not read whole.
  if (any_fail) {
    verdict.status = VerdictStatus::unsound;
  } else if (!any_gpu || report.interrupted || any_error || any_self_check_failed || !unseen.empty() ||
             !tests_ran_as_planned(report) || !report.only_checks.empty()) {
    verdict.status = VerdictStatus::untested;
    if (!report.only_checks.empty())
      verdict.reasons.push_back(untested_reason(
          fmt::format("only the checks named with --only were selected ({}): the others did not run",
                      fmt::join(report.only_checks, ", ")),
          {"Run rigcheck without --only for a verdict on the whole card."}));
    if (report.interrupted)
      verdict.reasons.push_back(untested_reason(
          "the run was interrupted before every check finished: this is a partial report",
          {"Run rigcheck again and let it finish."}));
    if (!unseen.empty())
      verdict.reasons.push_back(untested_reason(
          fmt::format("{} PCI device file(s) could not be read, so a GPU may not have been seen whole (first: {})",
                      unseen.size(), unseen.front()),
          {"Run rigcheck as root, or check the files named: a dangling link or an unreadable class file in "
           "/sys/bus/pci/devices hides a device."}));
    if (any_gpu && !report.interrupted && !tests_ran_as_planned(report))
      verdict.reasons.push_back(untested_reason(
          "no test ran on any selected GPU: nothing was measured",
          {"See the notes: a GPU that drives a screen is tested only when named with --gpu."}));
    if (!any_gpu && unseen.empty())
      verdict.reasons.push_back(untested_reason(
          "no GPU found: no NVIDIA or AMD display controller or 3D controller on the PCI bus",
          {"Check that the card is seated and powered, and that the slot is enabled in the firmware setup.",
           "In a virtual machine or container, pass the GPU (and /sys) through."}));
  } else {
    verdict.status = VerdictStatus::sound;
  }

  std::stable_sort(verdict.reasons.begin(), verdict.reasons.end(), [](const VerdictReason& a, const VerdictReason& b) {
    auto severity = [](CheckStatus s) {
      return s == CheckStatus::fail ? 0 : s == CheckStatus::error ? 1 : s == CheckStatus::warn ? 2 : 3;
    };
    if (severity(a.status) != severity(b.status)) return severity(a.status) < severity(b.status);
    return fix_order(a.check_id) < fix_order(b.check_id);
  });
  for (size_t i = 0; i < verdict.reasons.size(); ++i) verdict.reasons[i].rank = static_cast<int>(i + 1);
  return verdict;
}

namespace {

// A check whose step never ran because of Ctrl-C says so, instead of "not requested".
struct StepOfCheck {
  const char* id_prefix;
  bool (*measured)(const Measurements&);
};
constexpr StepOfCheck kStepsOfChecks[] = {
    {"vram.integrity", [](const Measurements& m) { return m.vram.has_value(); }},
    {"pcie.bandwidth", [](const Measurements& m) { return m.transfers.has_value(); }},
    {"compute.", [](const Measurements& m) { return m.compute.has_value(); }},
    {"power.", [](const Measurements& m) { return m.burn.has_value(); }},
    {"thermal.", [](const Measurements& m) { return m.burn.has_value(); }},
    {"stability.", [](const Measurements& m) { return m.burn.has_value(); }},
};

// `run --only`: a check that was not selected and whose step therefore did not run says so,
// also where its rule makes no check without the step's measurements (the sustained load's); a
// family of checks (compute.gemm.<precision>) is listed by its group id. run.<step> appears only
// when a step failed, so it is not listed.
void mark_not_selected(GpuEntry& gpu, const std::vector<std::string>& only) {
  const std::vector<std::string> advice{"Run rigcheck without --only, or name this check with --only."};
  for (auto& check : gpu.checks) {
    if (check.status != CheckStatus::skip || check_selected(check.id, only)) continue;
    for (const auto& step : kStepsOfChecks) {
      if (check.id.rfind(step.id_prefix, 0) != 0 || step.measured(gpu.measurements)) continue;
      check.summary = "not selected (--only)";
      check.advice = advice;
    }
  }
  for (const auto& rule : gpu_rules()) {
    for (const auto& made : rule.makes) {
      std::string id(made.id);
      if (const auto open = id.find(".<"); open != std::string::npos) id = id.substr(0, open);
      // Selected, or a part of it selected.
      const bool touched = std::any_of(only.begin(), only.end(), [&](const std::string& s) {
        return check_selected(id, {s}) || check_selected(s, {id});
      });
      // Only checks that need a step: one judged from the probe alone ran, or does not apply.
      const bool needs_step = std::any_of(std::begin(kStepsOfChecks), std::end(kStepsOfChecks),
                                          [&](const StepOfCheck& s) { return (id + ".").rfind(s.id_prefix, 0) == 0; });
      if (touched || !needs_step) continue;
      const bool judged = std::any_of(gpu.checks.begin(), gpu.checks.end(),
                                      [&](const Check& c) { return check_selected(c.id, {id}); });
      if (!judged) gpu.checks.push_back({id, CheckStatus::skip, "not selected (--only)", advice, {}, {}});
    }
  }
}

void mark_interrupted(GpuEntry& gpu) {
  for (auto& check : gpu.checks) {
    if (check.status != CheckStatus::skip) continue;
    for (const auto& step : kStepsOfChecks) {
      if (check.id.rfind(step.id_prefix, 0) != 0) continue;
      bool step_missing = !step.measured(gpu.measurements);
      bool not_reached = check.summary.find("not run (not requested") != std::string::npos;  // compute, mid-step
      if (step_missing || not_reached) {
        check.summary = "interrupted: the run was stopped (Ctrl-C) before this check ran";
        check.advice = {"Run rigcheck again and let it finish."};
      }
    }
  }
}

}  // namespace

Report judge(Report report, const Policy& policy) {
  report.policy = policy.name;
  report.policy_chain = policy.chain;
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

  for (size_t i = 0; i < report.gpus.size(); ++i) {
    report.gpus[i].checks = std::move(gpu_checks[i]);
    if (report.interrupted) mark_interrupted(report.gpus[i]);
    apply_failed_self_checks(report.gpus[i]);
    if (!report.only_checks.empty()) mark_not_selected(report.gpus[i], report.only_checks);
  }
  report.system_checks = std::move(system_checks);
  report.verdict = decide_verdict(report);
  return report;
}

}  // namespace rigcheck
