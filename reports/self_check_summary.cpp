#include "reports/self_check_summary.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "reports/self_check_table.hpp"

namespace rigcheck {
namespace {

// "GEMM fp32/fp16" for a detector whose subjects the user reads, else "VRAM"; subjects once each
// and in the order they were recorded.
std::string passed_name(const SelfCheckRow& row, const std::vector<const SelfCheck*>& checks) {
  std::vector<std::string> subjects;
  for (const auto* sc : checks)
    if (!sc->subject.empty() && std::find(subjects.begin(), subjects.end(), sc->subject) == subjects.end())
      subjects.push_back(sc->subject);
  if (!row.label_lists_subjects || subjects.empty()) return std::string(row.label);
  return fmt::format("{} {}", row.label, fmt::join(subjects, "/"));
}

std::string named_detail(const SelfCheckRow& row, const SelfCheck& sc) {
  std::string name = sc.subject.empty() ? std::string(row.label) : fmt::format("{} {}", row.label, sc.subject);
  return sc.detail.empty() ? name : fmt::format("{} ({})", name, sc.detail);
}

}  // namespace

std::string self_check_text(const SelfCheck& sc) {
  const auto& row = self_check_row(sc.kind);
  std::string_view mark = sc.outcome == SelfCheckOutcome::passed ? "PASS" : sc.outcome == SelfCheckOutcome::failed ? "FAIL" : "SKIP";
  std::string name = sc.subject.empty() ? std::string(row.label) : fmt::format("{} {}", row.label, sc.subject);
  return sc.detail.empty() ? fmt::format("[{}] {}", mark, name) : fmt::format("[{}] {}: {}", mark, name, sc.detail);
}

std::optional<std::string> self_check_line(const GpuEntry& gpu) {
  const auto& m = gpu.measurements;
  bool tested = m.vram || m.transfers || m.compute || m.burn;
  if (!gpu.self_checks)
    return tested ? std::optional<std::string>("detectors verified on this device: none recorded "
                                               "(an older report or another tool)")
                  : std::nullopt;
  std::vector<std::string> passed, failed, not_run;
  for (const auto& row : self_check_table()) {
    std::vector<const SelfCheck*> of_row;
    bool any_failed = false, any_not_run = false;
    for (const auto& sc : *gpu.self_checks) {
      if (sc.kind != row.kind) continue;
      of_row.push_back(&sc);
      if (sc.outcome == SelfCheckOutcome::failed) failed.push_back(named_detail(row, sc));
      if (sc.outcome == SelfCheckOutcome::not_run) not_run.push_back(named_detail(row, sc));
      any_failed = any_failed || sc.outcome == SelfCheckOutcome::failed;
      any_not_run = any_not_run || sc.outcome == SelfCheckOutcome::not_run;
    }
    std::vector<const SelfCheck*> passed_of_row;
    for (const auto* sc : of_row)
      if (sc->outcome == SelfCheckOutcome::passed) passed_of_row.push_back(sc);
    // "VRAM" only when every family passed; subjects that passed beside failed ones stay listed.
    if (passed_of_row.empty()) continue;
    if (!row.label_lists_subjects && (any_failed || any_not_run)) {
      std::vector<std::string> subjects;
      for (const auto* sc : passed_of_row) subjects.push_back(sc->subject);
      passed.push_back(fmt::format("{} ({})", row.label, fmt::join(subjects, ", ")));
    } else {
      passed.push_back(passed_name(row, passed_of_row));
    }
  }
  std::string line = fmt::format("detectors verified on this device: {}", passed.empty() ? "none" : fmt::format("{}", fmt::join(passed, ", ")));
  if (!failed.empty()) line += fmt::format("; FAILED: {}", fmt::join(failed, "; "));
  if (!not_run.empty()) line += fmt::format("; not run: {}", fmt::join(not_run, "; "));
  return line;
}

}  // namespace rigcheck
