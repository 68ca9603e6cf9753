#include "reports/self_check_table.hpp"

namespace rigcheck {

const std::vector<SelfCheckRow>& self_check_table() {
  static const std::vector<SelfCheckRow> rows{
      {SelfCheckKind::vram_detector, "VRAM", false, {"vram.integrity"}, false,
       "the VRAM detector failed its self-test on this device: results not trusted",
       [](const Measurements& m) { return m.vram.has_value(); }},
      {SelfCheckKind::gemm_detector, "GEMM", true, {"compute.gemm", "compute.attention"}, true,
       "the GEMM result check failed its self-test on this device: results not trusted",
       [](const Measurements& m) { return m.compute.has_value(); }},
      {SelfCheckKind::burn_comparison, "burn comparison", false, {"stability.compute"}, false,
       "the burn's result comparison failed its self-test on this device: results not trusted",
       [](const Measurements& m) { return m.burn.has_value(); }},
      // Every figure per second rests on the device timer.
      {SelfCheckKind::timer, "timer", false, {"pcie.bandwidth", "compute.gemm", "compute.attention", "thermal.sustained"},
       false, "the device timer disagrees with the host's clock on this device: timed figures not trusted",
       [](const Measurements& m) { return m.transfers.has_value() || m.compute.has_value() || m.burn.has_value(); }},
      // A disagreement between backends is a warning on the disagreeing path, judged by its own rule.
      {SelfCheckKind::cross_backend, "CUDA/Vulkan agreement", false, {}, false, "",
       [](const Measurements&) { return false; }},
  };
  return rows;
}

const SelfCheckRow& self_check_row(SelfCheckKind kind) {
  for (const auto& row : self_check_table())
    if (row.kind == kind) return row;
  return self_check_table().front();  // every kind has a row (tested)
}

bool check_id_in(std::string_view check_id, std::string_view relying_id) {
  if (check_id == relying_id) return true;
  return check_id.size() > relying_id.size() && check_id.starts_with(relying_id) && check_id[relying_id.size()] == '.';
}

}  // namespace rigcheck
