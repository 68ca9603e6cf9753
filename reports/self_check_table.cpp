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
      // A disagreement between backends puts the check in doubt, not the run: that check (the
      // subject names it) warns. Optional: only a card both backends reach can be cross-checked.
      {SelfCheckKind::cross_backend, "CUDA/Vulkan agreement", false, {"vram.integrity", "compute.gemm"}, false,
       "CUDA and Vulkan disagree on this card (cross-check): the result of the path used is in doubt",
       [](const Measurements&) { return false; }, SelfCheckFailure::relying_check_warns},
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
