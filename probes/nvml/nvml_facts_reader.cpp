#include "probes/nvml/nvml_facts_reader.hpp"

#include <cstring>
#include <string>

#include <fmt/format.h>

#include "probes/nvml/bus_id.hpp"
#include "probes/nvml/nvml_call.hpp"

namespace rigcheck {
namespace {

using namespace nvml_api;
using nvml_call::map;
using nvml_call::read;

// NVML's string buffers are at most 96 bytes (NVML_DEVICE_NAME_V2_BUFFER_SIZE); 128 is ample.
constexpr unsigned int kTextBytes = 128;

NvmlValue<std::string> read_text(const NvmlFunctions& fn, DeviceGetStringFn call, const char* symbol, Device d) {
  return read<std::string>(fn, call, symbol, [&](std::string& out) {
    char buffer[kTextBytes] = {};
    auto code = call(d, buffer, kTextBytes);
    buffer[kTextBytes - 1] = '\0';
    out = buffer;
    return code;
  });
}

NvmlValue<unsigned int> read_uint(const NvmlFunctions& fn, DeviceGetUintFn call, const char* symbol, Device d) {
  return read<unsigned int>(fn, call, symbol, [&](unsigned int& out) { return call(d, &out); });
}

NvmlValue<int> read_uint_as_int(const NvmlFunctions& fn, DeviceGetUintFn call, const char* symbol, Device d) {
  return map<int>(read_uint(fn, call, symbol, d), [](unsigned int v) { return static_cast<int>(v); });
}

NvmlValue<double> milliwatts_to_watts(const NvmlValue<unsigned int>& mw) {
  return map<double>(mw, [](unsigned int v) { return static_cast<double>(v) / 1000.0; });
}

NvmlValue<int> read_by_enum(const NvmlFunctions& fn, DeviceGetUintByEnumFn call, const char* symbol, Device d,
                            int which) {
  auto v = read<unsigned int>(fn, call, symbol, [&](unsigned int& out) { return call(d, which, &out); });
  return map<int>(v, [](unsigned int x) { return static_cast<int>(x); });
}

NvmlValue<bool> read_enable_state(const NvmlFunctions& fn, DeviceGetIntEnumFn call, const char* symbol, Device d) {
  auto v = read<int>(fn, call, symbol, [&](int& out) { return call(d, &out); });
  return map<bool>(v, [](int x) { return x != 0; });
}

NvmlValue<std::uint64_t> read_ecc_count(const NvmlFunctions& fn, Device d, int error_type, int counter) {
  return read<std::uint64_t>(fn, fn.device_get_total_ecc_errors, "nvmlDeviceGetTotalEccErrors",
                             [&](std::uint64_t& out) {
                               unsigned long long count = 0;
                               auto code = fn.device_get_total_ecc_errors(d, error_type, counter, &count);
                               out = count;
                               return code;
                             });
}

// Asks for the count only (a zero-sized buffer); NVML answers SUCCESS or INSUFFICIENT_SIZE with
// the count filled in, depending on the driver.
NvmlValue<std::uint64_t> read_retired_page_count(const NvmlFunctions& fn, Device d, int cause) {
  return read<std::uint64_t>(fn, fn.device_get_retired_pages, "nvmlDeviceGetRetiredPages",
                             [&](std::uint64_t& out) {
                               unsigned int count = 0;
                               auto code = fn.device_get_retired_pages(d, cause, &count, nullptr);
                               if (code == kErrorInsufficientSize) code = kSuccess;
                               out = count;
                               return code;
                             });
}

std::string compute_mode_name(int mode) {
  switch (mode) {
    case kComputeDefault: return "default";
    case kComputeExclusiveThread: return "exclusive_thread";
    case kComputeProhibited: return "prohibited";
    case kComputeExclusiveProcess: return "exclusive_process";
    default: return fmt::format("unknown ({})", mode);
  }
}

void read_pci(const NvmlLibrary& lib, Device d, NvmlFacts& facts) {
  const auto& fn = lib.fn();
  if (!fn.device_get_pci_info) {
    facts.pci_device_id = NvmlValue<std::string>::not_available(NvmlLibrary::lacks("nvmlDeviceGetPciInfo_v3"));
    return;
  }
  PciInfo info;
  std::memset(&info, 0, sizeof info);
  auto code = fn.device_get_pci_info(d, &info);
  if (code != kSuccess) {
    facts.pci_device_id = nvml_call::from_code<std::string>(fn, code, {});
    return;
  }
  facts.pci_device_id = NvmlValue<std::string>::measured(fmt::format("{:08x}", info.pci_device_id));
  // v3 fills the 32-byte busId ("00000000:13:00.0"); older versions only the legacy 16 bytes.
  std::string text;
  if (lib.pci_info_symbol() == "nvmlDeviceGetPciInfo_v3") text.assign(info.bus_id, strnlen(info.bus_id, sizeof info.bus_id));
  if (text.empty()) text.assign(info.bus_id_legacy, strnlen(info.bus_id_legacy, sizeof info.bus_id_legacy));
  auto bdf = normalize_nvml_bus_id(text);
  facts.bdf = bdf ? *bdf : bdf_from_numbers(info.domain, info.bus, info.device);
}

}  // namespace

NvmlFacts read_nvml_facts(const NvmlLibrary& lib, Device d, int nvml_index) {
  const auto& fn = lib.fn();
  NvmlFacts facts;
  facts.nvml_index = nvml_index;
  facts.name = read_text(fn, fn.device_get_name, "nvmlDeviceGetName", d);
  facts.uuid = read_text(fn, fn.device_get_uuid, "nvmlDeviceGetUUID", d);
  facts.serial = read_text(fn, fn.device_get_serial, "nvmlDeviceGetSerial", d);
  facts.vbios = read_text(fn, fn.device_get_vbios_version, "nvmlDeviceGetVbiosVersion", d);
  read_pci(lib, d, facts);

  auto memory = read<Memory>(fn, fn.device_get_memory_info, "nvmlDeviceGetMemoryInfo",
                             [&](Memory& out) { return fn.device_get_memory_info(d, &out); });
  facts.memory_total_bytes = map<std::uint64_t>(memory, [](const Memory& m) { return std::uint64_t{m.total_bytes}; });
  auto bar1 = read<Bar1Memory>(fn, fn.device_get_bar1_memory_info, "nvmlDeviceGetBAR1MemoryInfo",
                               [&](Bar1Memory& out) { return fn.device_get_bar1_memory_info(d, &out); });
  facts.bar1_total_bytes =
      map<std::uint64_t>(bar1, [](const Bar1Memory& m) { return std::uint64_t{m.bar1_total_bytes}; });

  // NVML reports power in milliwatts.
  facts.power_limit_default_watts = milliwatts_to_watts(
      read_uint(fn, fn.device_get_power_default_limit, "nvmlDeviceGetPowerManagementDefaultLimit", d));
  facts.power_limit_enforced_watts =
      milliwatts_to_watts(read_uint(fn, fn.device_get_enforced_power_limit, "nvmlDeviceGetEnforcedPowerLimit", d));
  struct MinMax {
    unsigned int min_mw = 0, max_mw = 0;
  };
  auto constraints = read<MinMax>(fn, fn.device_get_power_limit_constraints,
                                  "nvmlDeviceGetPowerManagementLimitConstraints", [&](MinMax& out) {
                                    return fn.device_get_power_limit_constraints(d, &out.min_mw, &out.max_mw);
                                  });
  facts.power_limit_min_watts = map<double>(constraints, [](const MinMax& m) { return m.min_mw / 1000.0; });
  facts.power_limit_max_watts = map<double>(constraints, [](const MinMax& m) { return m.max_mw / 1000.0; });

  const char* threshold = "nvmlDeviceGetTemperatureThreshold";
  facts.temp_slowdown_celsius = read_by_enum(fn, fn.device_get_temperature_threshold, threshold, d, kThresholdSlowdown);
  facts.temp_shutdown_celsius = read_by_enum(fn, fn.device_get_temperature_threshold, threshold, d, kThresholdShutdown);
  facts.temp_gpu_max_celsius = read_by_enum(fn, fn.device_get_temperature_threshold, threshold, d, kThresholdGpuMax);
  const char* max_clock = "nvmlDeviceGetMaxClockInfo";
  facts.max_sm_clock_mhz = read_by_enum(fn, fn.device_get_max_clock_info, max_clock, d, kClockSm);
  facts.max_mem_clock_mhz = read_by_enum(fn, fn.device_get_max_clock_info, max_clock, d, kClockMem);
  facts.max_graphics_clock_mhz = read_by_enum(fn, fn.device_get_max_clock_info, max_clock, d, kClockGraphics);
  facts.gpu_core_count = read_uint_as_int(fn, fn.device_get_num_gpu_cores, "nvmlDeviceGetNumGpuCores", d);
  facts.memory_bus_width_bits =
      read_uint_as_int(fn, fn.device_get_memory_bus_width, "nvmlDeviceGetMemoryBusWidth", d);
  struct Capability {
    int major = 0, minor = 0;
  };
  auto capability = read<Capability>(fn, fn.device_get_cuda_compute_capability, "nvmlDeviceGetCudaComputeCapability",
                                     [&](Capability& out) {
                                       return fn.device_get_cuda_compute_capability(d, &out.major, &out.minor);
                                     });
  facts.cuda_compute_capability =
      map<std::string>(capability, [](const Capability& c) { return fmt::format("{}.{}", c.major, c.minor); });

  struct EccMode {
    int current = 0, pending = 0;
  };
  auto ecc = read<EccMode>(fn, fn.device_get_ecc_mode, "nvmlDeviceGetEccMode",
                           [&](EccMode& out) { return fn.device_get_ecc_mode(d, &out.current, &out.pending); });
  facts.ecc_enabled_current = map<bool>(ecc, [](const EccMode& m) { return m.current != 0; });
  facts.ecc_enabled_pending = map<bool>(ecc, [](const EccMode& m) { return m.pending != 0; });
  facts.ecc_volatile_corrected = read_ecc_count(fn, d, kErrorCorrected, kCounterVolatile);
  facts.ecc_volatile_uncorrected = read_ecc_count(fn, d, kErrorUncorrected, kCounterVolatile);
  facts.ecc_aggregate_corrected = read_ecc_count(fn, d, kErrorCorrected, kCounterAggregate);
  facts.ecc_aggregate_uncorrected = read_ecc_count(fn, d, kErrorUncorrected, kCounterAggregate);
  facts.retired_pages_single_bit = read_retired_page_count(fn, d, kRetireMultipleSingleBit);
  facts.retired_pages_double_bit = read_retired_page_count(fn, d, kRetireDoubleBit);
  facts.retired_pages_pending = read_enable_state(fn, fn.device_get_retired_pages_pending_status,
                                                  "nvmlDeviceGetRetiredPagesPendingStatus", d);

  struct Remapped {
    unsigned int corrected = 0, uncorrected = 0, pending = 0, failure = 0;
  };
  auto rows = read<Remapped>(fn, fn.device_get_remapped_rows, "nvmlDeviceGetRemappedRows", [&](Remapped& out) {
    return fn.device_get_remapped_rows(d, &out.corrected, &out.uncorrected, &out.pending, &out.failure);
  });
  facts.remapped_rows_corrected = map<std::uint64_t>(rows, [](const Remapped& r) { return std::uint64_t{r.corrected}; });
  facts.remapped_rows_uncorrected =
      map<std::uint64_t>(rows, [](const Remapped& r) { return std::uint64_t{r.uncorrected}; });
  facts.remapped_rows_pending = map<bool>(rows, [](const Remapped& r) { return r.pending != 0; });
  facts.remapped_rows_failure = map<bool>(rows, [](const Remapped& r) { return r.failure != 0; });

  facts.pcie_gen_current =
      read_uint_as_int(fn, fn.device_get_curr_pcie_link_generation, "nvmlDeviceGetCurrPcieLinkGeneration", d);
  facts.pcie_gen_max =
      read_uint_as_int(fn, fn.device_get_max_pcie_link_generation, "nvmlDeviceGetMaxPcieLinkGeneration", d);
  facts.pcie_gen_device_max =
      read_uint_as_int(fn, fn.device_get_gpu_max_pcie_link_generation, "nvmlDeviceGetGpuMaxPcieLinkGeneration", d);
  facts.pcie_width_current =
      read_uint_as_int(fn, fn.device_get_curr_pcie_link_width, "nvmlDeviceGetCurrPcieLinkWidth", d);
  facts.pcie_width_max = read_uint_as_int(fn, fn.device_get_max_pcie_link_width, "nvmlDeviceGetMaxPcieLinkWidth", d);
  facts.pcie_replay_count = map<std::uint64_t>(
      read_uint(fn, fn.device_get_pcie_replay_counter, "nvmlDeviceGetPcieReplayCounter", d),
      [](unsigned int v) { return std::uint64_t{v}; });

  facts.persistence_mode =
      read_enable_state(fn, fn.device_get_persistence_mode, "nvmlDeviceGetPersistenceMode", d);
  facts.compute_mode = map<std::string>(
      read<int>(fn, fn.device_get_compute_mode, "nvmlDeviceGetComputeMode",
                [&](int& out) { return fn.device_get_compute_mode(d, &out); }),
      compute_mode_name);
  auto pstate = read<int>(fn, fn.device_get_performance_state, "nvmlDeviceGetPerformanceState",
                          [&](int& out) { return fn.device_get_performance_state(d, &out); });
  // NVML_PSTATE_UNKNOWN (32) is a sentinel, not a state.
  if (pstate.value && (*pstate.value < 0 || *pstate.value > 15))
    pstate = NvmlValue<int>::not_available("the driver reports an unknown performance state");
  facts.performance_state = pstate;
  return facts;
}

}  // namespace rigcheck
