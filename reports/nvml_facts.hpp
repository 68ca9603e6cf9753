#pragma once
// What NVML says about the machine (NvmlSystemFacts) and each GPU (NvmlFacts, read once), and the
// telemetry series the sampler records while loads run. Filled by probes/nvml; judged by
// reports/nvml. Every value is measured, not supported on this device, or not available (with the
// reason): a sentinel such as 0xFFFFFFFF never reaches the report. See docs/nvml.md.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace rigcheck {

enum class NvmlValueState { measured, not_supported, not_available };

// One value read from NVML: the value when measured, else why not.
template <class T>
struct NvmlValue {
  using value_type = T;

  std::optional<T> value;
  NvmlValueState state = NvmlValueState::not_available;
  std::string reason;  // empty when measured

  static NvmlValue measured(T v) { return {std::move(v), NvmlValueState::measured, {}}; }
  static NvmlValue not_supported(std::string why) {
    return {std::nullopt, NvmlValueState::not_supported, std::move(why)};
  }
  static NvmlValue not_available(std::string why) {
    return {std::nullopt, NvmlValueState::not_available, std::move(why)};
  }
  bool has_value() const { return value.has_value(); }
  explicit operator bool() const { return value.has_value(); }
  const T& operator*() const { return *value; }
};

// Machine-wide NVML state.
struct NvmlSystemFacts {
  bool loaded = false;                     // dlopen succeeded
  std::string library;                     // what was asked for (path or soname)
  std::optional<std::string> load_error;   // dlopen's message when not loaded
  std::optional<std::string> init_symbol;  // "nvmlInit_v2" or "nvmlInit"
  bool initialized = false;                // nvmlInit succeeded
  std::optional<std::string> init_error;   // "NVML_ERROR_DRIVER_NOT_LOADED: Driver Not Loaded"
  std::optional<std::string> fix_hint;     // one line: what to do about load_error / init_error
  NvmlValue<std::string> driver_version;
  NvmlValue<std::string> nvml_version;
  NvmlValue<std::string> cuda_driver_version;  // "12.4"
  NvmlValue<int> device_count;
  std::vector<std::string> missing_symbols;  // optional symbols this library lacks
  std::vector<std::string> problems;         // per-device failures before facts could be read
};

// Per-GPU facts read once. Units are in the names; counts are plain counts.
struct NvmlFacts {
  int nvml_index = 0;
  std::string bdf;  // sysfs form "0000:13:00.0", matches PciFacts::bdf
  NvmlValue<std::string> name;
  NvmlValue<std::string> uuid;
  NvmlValue<std::string> serial;
  NvmlValue<std::string> vbios;
  NvmlValue<std::string> pci_device_id;  // "1b3810de" (device << 16 | vendor), as NVML gives it
  NvmlValue<std::uint64_t> memory_total_bytes;
  NvmlValue<std::uint64_t> bar1_total_bytes;
  NvmlValue<double> power_limit_default_watts;
  NvmlValue<double> power_limit_enforced_watts;
  NvmlValue<double> power_limit_min_watts;
  NvmlValue<double> power_limit_max_watts;
  NvmlValue<int> temp_slowdown_celsius;
  NvmlValue<int> temp_shutdown_celsius;
  NvmlValue<int> temp_gpu_max_celsius;
  NvmlValue<int> max_sm_clock_mhz;
  NvmlValue<int> max_mem_clock_mhz;
  NvmlValue<int> max_graphics_clock_mhz;
  // For the physics guard of a card the card table lacks: peaks from the core count and the clock,
  // memory bandwidth from the memory clock and the bus width.
  NvmlValue<int> gpu_core_count;         // CUDA cores (nvmlDeviceGetNumGpuCores, newer drivers)
  NvmlValue<int> memory_bus_width_bits;  // nvmlDeviceGetMemoryBusWidth
  // "8.6" (nvmlDeviceGetCudaComputeCapability): the architecture, hence the SM's rates per clock.
  NvmlValue<std::string> cuda_compute_capability;
  NvmlValue<bool> ecc_enabled_current;
  NvmlValue<bool> ecc_enabled_pending;  // takes effect at the next reboot
  NvmlValue<std::uint64_t> ecc_volatile_corrected;  // since the driver loaded
  NvmlValue<std::uint64_t> ecc_volatile_uncorrected;
  NvmlValue<std::uint64_t> ecc_aggregate_corrected;  // lifetime of the card
  NvmlValue<std::uint64_t> ecc_aggregate_uncorrected;
  NvmlValue<std::uint64_t> retired_pages_single_bit;  // retired for multiple single-bit errors
  NvmlValue<std::uint64_t> retired_pages_double_bit;
  NvmlValue<bool> retired_pages_pending;  // retirement waits for a reboot / reset
  NvmlValue<std::uint64_t> remapped_rows_corrected;  // Ampere+ only
  NvmlValue<std::uint64_t> remapped_rows_uncorrected;
  NvmlValue<bool> remapped_rows_pending;
  NvmlValue<bool> remapped_rows_failure;
  NvmlValue<int> pcie_gen_current;
  NvmlValue<int> pcie_gen_max;  // max possible with this device and system
  NvmlValue<int> pcie_gen_device_max;  // what the GPU itself supports
  NvmlValue<int> pcie_width_current;
  NvmlValue<int> pcie_width_max;
  NvmlValue<std::uint64_t> pcie_replay_count;
  NvmlValue<bool> persistence_mode;
  NvmlValue<std::string> compute_mode;  // "default" | "exclusive_thread" | "prohibited" | "exclusive_process"
  NvmlValue<int> performance_state;     // 0 (P0, max) .. 15
};

// Calls f(name, field) for every NvmlValue field of the facts, in report order. One list feeds
// JSON I/O, the renderers and the tests.
template <class Facts, class F>
void visit_nvml_fields(Facts& facts, F&& f) {
  f("name", facts.name);
  f("uuid", facts.uuid);
  f("serial", facts.serial);
  f("vbios", facts.vbios);
  f("pci_device_id", facts.pci_device_id);
  f("memory_total_bytes", facts.memory_total_bytes);
  f("bar1_total_bytes", facts.bar1_total_bytes);
  f("power_limit_default_watts", facts.power_limit_default_watts);
  f("power_limit_enforced_watts", facts.power_limit_enforced_watts);
  f("power_limit_min_watts", facts.power_limit_min_watts);
  f("power_limit_max_watts", facts.power_limit_max_watts);
  f("temp_slowdown_celsius", facts.temp_slowdown_celsius);
  f("temp_shutdown_celsius", facts.temp_shutdown_celsius);
  f("temp_gpu_max_celsius", facts.temp_gpu_max_celsius);
  f("max_sm_clock_mhz", facts.max_sm_clock_mhz);
  f("max_mem_clock_mhz", facts.max_mem_clock_mhz);
  f("max_graphics_clock_mhz", facts.max_graphics_clock_mhz);
  f("gpu_core_count", facts.gpu_core_count);
  f("memory_bus_width_bits", facts.memory_bus_width_bits);
  f("cuda_compute_capability", facts.cuda_compute_capability);
  f("ecc_enabled_current", facts.ecc_enabled_current);
  f("ecc_enabled_pending", facts.ecc_enabled_pending);
  f("ecc_volatile_corrected", facts.ecc_volatile_corrected);
  f("ecc_volatile_uncorrected", facts.ecc_volatile_uncorrected);
  f("ecc_aggregate_corrected", facts.ecc_aggregate_corrected);
  f("ecc_aggregate_uncorrected", facts.ecc_aggregate_uncorrected);
  f("retired_pages_single_bit", facts.retired_pages_single_bit);
  f("retired_pages_double_bit", facts.retired_pages_double_bit);
  f("retired_pages_pending", facts.retired_pages_pending);
  f("remapped_rows_corrected", facts.remapped_rows_corrected);
  f("remapped_rows_uncorrected", facts.remapped_rows_uncorrected);
  f("remapped_rows_pending", facts.remapped_rows_pending);
  f("remapped_rows_failure", facts.remapped_rows_failure);
  f("pcie_gen_current", facts.pcie_gen_current);
  f("pcie_gen_max", facts.pcie_gen_max);
  f("pcie_gen_device_max", facts.pcie_gen_device_max);
  f("pcie_width_current", facts.pcie_width_current);
  f("pcie_width_max", facts.pcie_width_max);
  f("pcie_replay_count", facts.pcie_replay_count);
  f("persistence_mode", facts.persistence_mode);
  f("compute_mode", facts.compute_mode);
  f("performance_state", facts.performance_state);
}

// Column names of the telemetry table (units in the names).
namespace telemetry_column {
inline constexpr std::string_view t_s = "t_s";  // seconds since the sampler started (monotonic)
inline constexpr std::string_view power_w = "power_w";
inline constexpr std::string_view temp_gpu_c = "temp_gpu_c";
inline constexpr std::string_view temp_mem_c = "temp_mem_c";
inline constexpr std::string_view sm_clock_mhz = "sm_clock_mhz";
inline constexpr std::string_view mem_clock_mhz = "mem_clock_mhz";
inline constexpr std::string_view clock_event_reasons = "clock_event_reasons";  // bit mask as integer
inline constexpr std::string_view util_gpu_pct = "util_gpu_pct";
inline constexpr std::string_view util_mem_pct = "util_mem_pct";
inline constexpr std::string_view pcie_gen = "pcie_gen";
inline constexpr std::string_view pcie_width = "pcie_width";
inline constexpr std::string_view fan_pct = "fan_pct";
inline constexpr std::string_view pcie_replay_count = "pcie_replay_count";
}  // namespace telemetry_column

// The sampler's last word on a GPU whose reads started failing: the series ends here.
struct TelemetryError {
  double t_s = 0;
  std::string message;
};

// A column table of samples of one GPU. Null cells are values the device could not give; the
// reason per column is in `unavailable`.
struct Telemetry {
  double interval_s = 0.1;  // the sampling interval
  // Every stored row stands for this many sampling intervals: 1 at full resolution; doubles each
  // time a long run fills the row budget (every other row is dropped, first and last are kept).
  int decimation = 1;
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<double>>> rows;
  std::map<std::string, std::string> unavailable;  // column -> why its cells are null
  std::optional<TelemetryError> error;

  // Index of a column, nullopt when the table has none of that name.
  std::optional<std::size_t> column(std::string_view name) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
      if (columns[i] == name) return i;
    return std::nullopt;
  }
};

std::string_view to_string(NvmlValueState state);

void to_json(nlohmann::json& j, const NvmlSystemFacts& facts);
void from_json(const nlohmann::json& j, NvmlSystemFacts& facts);
void to_json(nlohmann::json& j, const NvmlFacts& facts);
void from_json(const nlohmann::json& j, NvmlFacts& facts);
void to_json(nlohmann::json& j, const Telemetry& telemetry);
void from_json(const nlohmann::json& j, Telemetry& telemetry);

}  // namespace rigcheck
