#include "reports/render/check_time.hpp"

namespace rigcheck {
namespace {

constexpr std::string_view kGemmPrefix = "compute.gemm.";
constexpr std::string_view kAttentionPrefix = "compute.attention.";

// Time of the timed repeats: median seconds per run times the number of runs.
template <class Measurement>
double timed_seconds(const std::vector<Measurement>& measurements, std::string_view precision) {
  double seconds = 0;
  for (const auto& m : measurements)
    if (m.precision == precision) seconds += m.throughput.seconds_median * m.throughput.samples;
  return seconds;
}

double transfer_seconds(const TransferResult& transfers) {
  double seconds = 0;
  for (const auto& s : transfers.samples) {
    if (s.median_bytes_per_s <= 0) continue;
    double bytes = double(s.size_bytes) * s.repeats;
    if (s.direction == transfer_direction::bidirectional) bytes *= 2;  // both ways count in the rate
    seconds += bytes / s.median_bytes_per_s;
  }
  return seconds;
}

// Time under load from the device timestamps; the wall-clock duration when they are absent.
double burn_seconds(const BurnResult& burn) {
  double span = burn.load_end_t_s - burn.load_start_t_s;
  return span > 0 ? span : burn.duration_achieved_s;
}

}  // namespace

double check_measurement_seconds(const GpuEntry& gpu, std::string_view check_id) {
  const auto& m = gpu.measurements;
  if (check_id == "vram.integrity") return m.vram ? m.vram->duration_s : 0;
  if (check_id == "pcie.bandwidth") return m.transfers ? transfer_seconds(*m.transfers) : 0;
  if (check_id == "power.sustained" || check_id == "thermal.sustained" || check_id == "stability.compute")
    return m.burn ? burn_seconds(*m.burn) : 0;
  if (m.compute && check_id.starts_with(kGemmPrefix))
    return timed_seconds(m.compute->gemm, check_id.substr(kGemmPrefix.size()));
  if (m.compute && check_id.starts_with(kAttentionPrefix))
    return timed_seconds(m.compute->attention, check_id.substr(kAttentionPrefix.size()));
  return 0;
}

}  // namespace rigcheck
