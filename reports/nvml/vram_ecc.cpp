#include "reports/nvml/vram_ecc.hpp"

#include <utility>

#include <fmt/format.h>

namespace rigcheck {
namespace {

constexpr const char* kId = "vram.ecc";
constexpr const char* kInvisible =
    "memory errors are invisible to the driver, so rigcheck's VRAM test (vram.integrity) is the check "
    "that counts";
constexpr const char* kRetireAdvice =
    "Reboot (or reset the idle GPU) so the driver retires the affected memory, then run rigcheck again";
constexpr const char* kReturnAdvice =
    "If the counts keep growing from run to run, the memory is failing: return or replace the card";

template <class T>
void evidence(std::vector<std::string>& out, const char* name, const NvmlValue<T>& v) {
  if (v.value) out.push_back(fmt::format("nvml.{} = {}", name, *v.value));
  else out.push_back(fmt::format("nvml.{}: {} ({})", name, to_string(v.state), v.reason));
}

void count_metric(Check& check, const char* name, const NvmlValue<std::uint64_t>& v) {
  if (v.value) check.metrics[name] = {static_cast<double>(*v.value), "count"};
}

std::uint64_t value_or_zero(const NvmlValue<std::uint64_t>& v) { return v.value.value_or(0); }
bool is_true(const NvmlValue<bool>& v) { return v.value.value_or(false); }

}  // namespace

Check judge_vram_ecc(const GpuEntry& gpu, const Policy& policy) {
  Check check;
  check.id = kId;
  if (!gpu.nvml) {
    check.status = CheckStatus::skip;
    check.summary = "no NVML facts for this GPU (NVML missing or not initialised, see host.driver): ECC state "
                    "unknown; vram.integrity is the check that counts";
    return check;
  }
  const NvmlFacts& f = *gpu.nvml;
  for (auto [name, value] : {std::pair{"ecc_enabled_current", &f.ecc_enabled_current},
                             std::pair{"ecc_enabled_pending", &f.ecc_enabled_pending},
                             std::pair{"retired_pages_pending", &f.retired_pages_pending},
                             std::pair{"remapped_rows_pending", &f.remapped_rows_pending},
                             std::pair{"remapped_rows_failure", &f.remapped_rows_failure}})
    evidence(check.evidence, name, *value);
  for (auto [name, value] : {std::pair{"ecc_volatile_corrected", &f.ecc_volatile_corrected},
                             std::pair{"ecc_volatile_uncorrected", &f.ecc_volatile_uncorrected},
                             std::pair{"ecc_aggregate_corrected", &f.ecc_aggregate_corrected},
                             std::pair{"ecc_aggregate_uncorrected", &f.ecc_aggregate_uncorrected},
                             std::pair{"retired_pages_single_bit", &f.retired_pages_single_bit},
                             std::pair{"retired_pages_double_bit", &f.retired_pages_double_bit},
                             std::pair{"remapped_rows_corrected", &f.remapped_rows_corrected},
                             std::pair{"remapped_rows_uncorrected", &f.remapped_rows_uncorrected}}) {
    evidence(check.evidence, name, *value);
    count_metric(check, name, *value);
  }

  // Pending retirement and remapping are recorded even while ECC is being switched: judge first.
  std::vector<std::string> failures;
  if (is_true(f.retired_pages_pending)) failures.push_back("memory pages are pending retirement");
  if (is_true(f.remapped_rows_pending)) failures.push_back("memory rows are pending remapping");
  if (is_true(f.remapped_rows_failure)) failures.push_back("row remapping failed (no spare rows left)");
  const auto volatile_uncorrected = value_or_zero(f.ecc_volatile_uncorrected);
  if (volatile_uncorrected > 0)
    failures.push_back(fmt::format("{} uncorrected (double-bit) ECC errors since the driver loaded",
                                   volatile_uncorrected));
  if (!failures.empty()) {
    check.status = CheckStatus::fail;
    check.summary = failures.front();
    for (std::size_t i = 1; i < failures.size(); ++i) check.summary += "; " + failures[i];
    if (is_true(f.remapped_rows_failure)) {
      check.advice.push_back("The card has run out of spare memory rows: return or replace it");
    } else {
      check.advice.push_back(kRetireAdvice);
      check.advice.push_back(kReturnAdvice);
    }
    return check;
  }

  if (!f.ecc_enabled_current) {
    check.status = CheckStatus::skip;
    check.summary = f.ecc_enabled_current.state == NvmlValueState::not_supported
                        ? fmt::format("this card has no ECC: {}", kInvisible)
                        : fmt::format("ECC state not available ({}): {}", f.ecc_enabled_current.reason, kInvisible);
    return check;
  }
  if (!*f.ecc_enabled_current) {
    check.status = CheckStatus::skip;
    check.summary = fmt::format("ECC is off: {}", kInvisible);
    if (is_true(f.ecc_enabled_pending)) {
      check.summary += " (ECC turns on at the next reboot)";
    } else {
      check.advice.push_back(
          "Optional: `nvidia-smi -e 1` and a reboot let the driver count and retire bad memory (costs some "
          "capacity and bandwidth); rigcheck never changes it");
    }
    return check;
  }

  const auto corrected = value_or_zero(f.ecc_volatile_corrected);
  const auto lifetime_uncorrected = value_or_zero(f.ecc_aggregate_uncorrected);
  if (corrected > policy.vram_ecc.corrected_warn_above) {
    check.status = CheckStatus::warn;
    check.summary = fmt::format("{} corrected (single-bit) ECC errors since the driver loaded (policy warns above {})",
                                corrected, policy.vram_ecc.corrected_warn_above);
    check.advice.push_back("Run the VRAM test again and watch the count: steady growth means failing memory");
    check.advice.push_back(kReturnAdvice);
    return check;
  }
  if (lifetime_uncorrected > 0) {
    check.status = CheckStatus::warn;
    check.summary = fmt::format(
        "{} uncorrected ECC errors in the card's lifetime; none since the driver loaded and nothing pending",
        lifetime_uncorrected);
    check.advice.push_back("The affected pages were retired; re-run rigcheck after heavy use to see whether "
                           "the count grows");
    return check;
  }
  check.status = CheckStatus::pass;
  check.summary = fmt::format("ECC on: no uncorrected errors, {} corrected since the driver loaded, nothing pending",
                              corrected);
  return check;
}

}  // namespace rigcheck
