#include "reports/judge/physics_limits.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "reports/architectures.hpp"
#include "reports/compute/math_path.hpp"
#include "reports/compute/sm_clock_window.hpp"
#include "reports/transfer/link_rate.hpp"
#include "reports/units.hpp"

namespace rigcheck {
namespace {

constexpr double kMHz = 1e6;
constexpr double kTera = 1e12;

const Telemetry* telemetry_of(const GpuEntry& gpu) { return gpu.telemetry ? &*gpu.telemetry : nullptr; }

// Work a card not in the table is known to run on its FP32 units: fp32 data, or our own kernels,
// which convert every float format to fp32 (int8 is multiplied in int32: no bound from FP32 lanes).
bool runs_on_fp32_units(std::string_view precision, std::string_view implementation) {
  if (precision == "int8") return false;
  return precision == "fp32" || !uses_library_gemm(implementation);
}

// "fp32" reads as the precision people know; the other paths name their units.
std::string arithmetic_words(MathPath path) {
  return path == MathPath::fp32 ? std::string("fp32") : std::string(to_string(path));
}

std::optional<int> nvml_int(const NvmlValue<int>& value) {
  if (!value || *value <= 0) return std::nullopt;
  return *value;
}

// A card the table lacks, described by its architecture's SM rates and its own SM count: the
// CUDA device properties' count, else NVML's CUDA cores / the architecture's FP32 lanes per SM.
struct ArchitectureCard {
  CardSpec spec;       // the architecture's peaks per SM and the SM count; no clock
  std::string source;  // "compute capability 8.6 (Ampere GA10x), 84 SMs (CUDA device properties)"
};

std::optional<ArchitectureCard> architecture_card(const GpuEntry& gpu) {
  if (!gpu.compute_capability) return std::nullopt;
  const ArchitectureRates* arch = find_architecture(*gpu.compute_capability);
  if (arch == nullptr) return std::nullopt;
  ArchitectureCard card;
  card.spec.peaks = arch->peaks;
  std::string count_source;
  if (gpu.sm_count && *gpu.sm_count > 0) {
    card.spec.sm_count = *gpu.sm_count;
    count_source = "CUDA device properties";
  } else if (const auto cores = gpu.nvml ? nvml_int(gpu.nvml->gpu_core_count) : std::nullopt;
             cores && *cores % arch->fp32_lanes_per_sm == 0) {
    card.spec.sm_count = *cores / arch->fp32_lanes_per_sm;
    count_source = fmt::format("NVML: {} CUDA cores / {} fp32 lanes per SM", *cores, arch->fp32_lanes_per_sm);
  } else {
    return std::nullopt;  // a core count that is no multiple of the lanes: the architecture or the count is off
  }
  card.source = fmt::format("compute capability {}.{} ({}), {} SMs ({}): {} fp32 lanes per SM", arch->major,
                            arch->minor, arch->name, card.spec.sm_count, count_source, arch->fp32_lanes_per_sm);
  return card;
}

}  // namespace

std::optional<PhysicalLimit> memory_bandwidth_limit(const GpuEntry& gpu, const CardSpec* card) {
  if (card && card->memory_bandwidth_gbps > 0)
    return PhysicalLimit{card->memory_bandwidth_gbps * 1e9, fmt::format("the {}'s memory bandwidth (card table)", card->name)};
  if (!gpu.nvml) return std::nullopt;
  const auto& clock = gpu.nvml->max_mem_clock_mhz;
  const auto& bus = gpu.nvml->memory_bus_width_bits;
  if (!clock || !bus || *clock <= 0 || *bus <= 0) return std::nullopt;
  // NVML's memory clock counts one of the two transfers per clock of every memory type it reports
  // (GDDR5/5X/6/6X, HBM): bytes/s = clock x 2 x bus bits / 8.
  return PhysicalLimit{static_cast<double>(*clock) * kMHz * 2.0 * static_cast<double>(*bus) / 8.0,
                       fmt::format("NVML: {} MHz maximum memory clock x 2 transfers x {}-bit bus", *clock, *bus)};
}

std::optional<ComputePeak> compute_peak(const GpuEntry& gpu, const CardSpec* card, std::string_view precision,
                                        std::string_view accumulate, std::string_view implementation,
                                        const Throughput& throughput) {
  ComputePeak peak;
  double ops_per_clock = 0;  // whole device
  std::optional<double> fallback_clock_mhz;
  std::string fallback_clock_words = "NVML's maximum SM clock: no SM clock was sampled over the window";
  if (gpu.nvml) {
    if (const auto clock = nvml_int(gpu.nvml->max_sm_clock_mhz)) fallback_clock_mhz = *clock;
  }
  if (card) {
    const auto path = math_path_run(*card, precision, accumulate, implementation);
    const PeakRate* rate = path ? card->peak(*path) : nullptr;
    if (!rate || card->sm_count <= 0) return std::nullopt;
    ops_per_clock = rate->ops_per_clock_per_sm * card->sm_count;
    if (ops_per_clock <= 0 && card->clock_mhz_for(*path) > 0)
      ops_per_clock = rate->tflops * kTera / (card->clock_mhz_for(*path) * kMHz);
    peak.arithmetic = arithmetic_words(*path);
    peak.rate_source = fmt::format("{} (card table)", card->name);
    fallback_clock_mhz = card->clock_mhz_for(*path);
    fallback_clock_words = "the card's boost clock: no SM clock was sampled over the window";
  } else if (const auto arch = architecture_card(gpu)) {
    const auto path = math_path_run(arch->spec, precision, accumulate, implementation);
    const PeakRate* rate = path ? arch->spec.peak(*path) : nullptr;
    if (!rate) return std::nullopt;
    ops_per_clock = rate->ops_per_clock_per_sm * arch->spec.sm_count;
    peak.arithmetic = arithmetic_words(*path);
    peak.rate_source = fmt::format("{}; {:g} ops per clock per SM on {} (architecture table)", arch->source,
                                   rate->ops_per_clock_per_sm, to_string(*path));
  } else {
    const auto cores = gpu.nvml ? nvml_int(gpu.nvml->gpu_core_count) : std::nullopt;
    if (!cores || !runs_on_fp32_units(precision, implementation)) return std::nullopt;
    ops_per_clock = 2.0 * *cores;  // one FMA per CUDA core per clock
    peak.arithmetic = arithmetic_words(MathPath::fp32);
    peak.rate_source = fmt::format("NVML: {} CUDA cores x 2 (FMA) per clock", *cores);
  }
  if (ops_per_clock <= 0) return std::nullopt;
  if (auto measured = sm_clock_over_window(throughput, telemetry_of(gpu)); measured && measured->median_mhz > 0) {
    peak.clock_mhz = measured->median_mhz;
    peak.clock_source = "the SM clock measured over the window (NVML, median)";
  } else if (fallback_clock_mhz && *fallback_clock_mhz > 0) {
    peak.clock_mhz = *fallback_clock_mhz;
    peak.clock_source = fallback_clock_words;
  } else {
    return std::nullopt;
  }
  peak.tflops = ops_per_clock * peak.clock_mhz * kMHz / kTera;
  return peak;
}

std::optional<PhysicalLimit> host_link_limit(const GpuEntry& gpu) {
  double speed = 0;
  int width = 0;
  std::string source;
  if (gpu.measurements.transfers)
    for (const auto& s : gpu.measurements.transfers->link_during_transfer) {
      speed = std::max(speed, s.speed_gts.value_or(0));
      width = std::max(width, s.width.value_or(0));
    }
  if (speed > 0 && width > 0) {
    source = fmt::format("the {} link sampled during the copies", format_link(speed, width));
  } else {
    const auto& card = gpu.pci.link;
    const auto& slot = gpu.pci.slot_link;
    if (!card.max_speed_gts || !card.max_width) return std::nullopt;
    speed = *card.max_speed_gts;
    width = *card.max_width;
    if (slot.max_speed_gts && *slot.max_speed_gts > 0) speed = std::min(speed, *slot.max_speed_gts);
    if (slot.max_width && *slot.max_width > 0) width = std::min(width, *slot.max_width);
    source = fmt::format("the best link card and slot allow, {} (no link was sampled during the copies)",
                         format_link(speed, width));
  }
  const auto rate = pcie_link_bytes_per_s(speed, width);
  if (!rate) return std::nullopt;
  return PhysicalLimit{*rate, source};
}

}  // namespace rigcheck
