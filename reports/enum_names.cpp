// String forms of the report's enumerations (the JSON contract).
#include <array>
#include <utility>

#include "reports/enum_table.hpp"
#include "reports/model.hpp"
#include "reports/self_check.hpp"

namespace rigcheck {
namespace {

constexpr std::array<std::pair<CheckStatus, std::string_view>, 5> kCheckStatusNames{{
    {CheckStatus::pass, "pass"},
    {CheckStatus::warn, "warn"},
    {CheckStatus::fail, "fail"},
    {CheckStatus::skip, "skip"},
    {CheckStatus::error, "error"},
}};

constexpr std::array<std::pair<VerdictStatus, std::string_view>, 3> kVerdictNames{{
    {VerdictStatus::sound, "sound"},
    {VerdictStatus::unsound, "unsound"},
    {VerdictStatus::untested, "untested"},
}};

constexpr std::array<std::pair<KernelEventKind, std::string_view>, 11> kEventNames{{
    {KernelEventKind::bar_assign_failed, "bar_assign_failed"},
    {KernelEventKind::bar_no_compatible_window, "bar_no_compatible_window"},
    {KernelEventKind::bar_above_4g_unsupported, "bar_above_4g_unsupported"},
    {KernelEventKind::nvrm_invalid_bar, "nvrm_invalid_bar"},
    {KernelEventKind::nvrm_bios_misconfigured, "nvrm_bios_misconfigured"},
    {KernelEventKind::nvidia_probe_failed, "nvidia_probe_failed"},
    {KernelEventKind::rm_init_adapter_failed, "rm_init_adapter_failed"},
    {KernelEventKind::power_cables_missing, "power_cables_missing"},
    {KernelEventKind::xid, "xid"},
    {KernelEventKind::fallen_off_bus, "fallen_off_bus"},
    {KernelEventKind::aer_error, "aer_error"},
}};

constexpr std::array<std::pair<SelfCheckKind, std::string_view>, 5> kSelfCheckKindNames{{
    {SelfCheckKind::vram_detector, "vram_detector"},
    {SelfCheckKind::gemm_detector, "gemm_detector"},
    {SelfCheckKind::burn_comparison, "burn_comparison"},
    {SelfCheckKind::timer, "timer"},
    {SelfCheckKind::cross_backend, "cross_backend"},
}};

constexpr std::array<std::pair<SelfCheckOutcome, std::string_view>, 3> kSelfCheckOutcomeNames{{
    {SelfCheckOutcome::passed, "passed"},
    {SelfCheckOutcome::failed, "failed"},
    {SelfCheckOutcome::not_run, "not_run"},
}};

}  // namespace

std::string_view to_string(CheckStatus status) { return name_of(kCheckStatusNames, status); }
std::optional<CheckStatus> check_status_from_string(std::string_view text) { return value_of(kCheckStatusNames, text); }
std::string_view to_string(VerdictStatus status) { return name_of(kVerdictNames, status); }
std::optional<VerdictStatus> verdict_status_from_string(std::string_view text) { return value_of(kVerdictNames, text); }
std::string to_string(KernelEventKind kind) { return std::string(name_of(kEventNames, kind)); }
std::optional<KernelEventKind> kernel_event_kind_from_string(const std::string& text) {
  return value_of(kEventNames, std::string_view(text));
}

std::string_view to_string(SelfCheckKind kind) { return name_of(kSelfCheckKindNames, kind); }
std::optional<SelfCheckKind> self_check_kind_from_string(std::string_view text) {
  return value_of(kSelfCheckKindNames, text);
}
std::string_view to_string(SelfCheckOutcome outcome) { return name_of(kSelfCheckOutcomeNames, outcome); }
std::optional<SelfCheckOutcome> self_check_outcome_from_string(std::string_view text) {
  return value_of(kSelfCheckOutcomeNames, text);
}

}  // namespace rigcheck
