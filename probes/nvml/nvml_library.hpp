#pragma once
// The NVML shared library, opened with dlopen and resolved symbol by symbol. Versioned symbols
// fall back to older names (nvmlInit_v2 -> nvmlInit, ...); optional symbols may be missing and are
// then null here, which the readers turn into "not available: driver lacks <symbol>".
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "probes/nvml/nvml_api.hpp"
#include "reports/result.hpp"

namespace rigcheck {

struct NvmlFunctions {
  // Required: without these nothing can be read.
  nvml_api::InitFn init = nullptr;
  nvml_api::ShutdownFn shutdown = nullptr;
  nvml_api::DeviceGetCountFn device_get_count = nullptr;
  nvml_api::DeviceGetHandleByIndexFn device_get_handle_by_index = nullptr;
  // Optional.
  nvml_api::ErrorStringFn error_string = nullptr;
  nvml_api::SystemGetStringFn system_get_driver_version = nullptr;
  nvml_api::SystemGetStringFn system_get_nvml_version = nullptr;
  nvml_api::SystemGetCudaDriverVersionFn system_get_cuda_driver_version = nullptr;
  nvml_api::DeviceGetStringFn device_get_name = nullptr;
  nvml_api::DeviceGetStringFn device_get_uuid = nullptr;
  nvml_api::DeviceGetStringFn device_get_serial = nullptr;
  nvml_api::DeviceGetStringFn device_get_vbios_version = nullptr;
  nvml_api::DeviceGetPciInfoFn device_get_pci_info = nullptr;
  nvml_api::DeviceGetMemoryInfoFn device_get_memory_info = nullptr;
  nvml_api::DeviceGetBar1MemoryInfoFn device_get_bar1_memory_info = nullptr;
  nvml_api::DeviceGetUintFn device_get_power_default_limit = nullptr;
  nvml_api::DeviceGetUintFn device_get_enforced_power_limit = nullptr;
  nvml_api::DeviceGetMinMaxFn device_get_power_limit_constraints = nullptr;
  nvml_api::DeviceGetUintFn device_get_power_usage = nullptr;
  nvml_api::DeviceGetUintByEnumFn device_get_temperature_threshold = nullptr;
  nvml_api::DeviceGetUintByEnumFn device_get_temperature = nullptr;
  nvml_api::DeviceGetUintByEnumFn device_get_max_clock_info = nullptr;
  nvml_api::DeviceGetUintByEnumFn device_get_clock_info = nullptr;
  nvml_api::DeviceGetUintFn device_get_num_gpu_cores = nullptr;
  nvml_api::DeviceGetUintFn device_get_memory_bus_width = nullptr;
  nvml_api::DeviceGetCudaComputeCapabilityFn device_get_cuda_compute_capability = nullptr;
  nvml_api::DeviceGetEccModeFn device_get_ecc_mode = nullptr;
  nvml_api::DeviceGetTotalEccErrorsFn device_get_total_ecc_errors = nullptr;
  nvml_api::DeviceGetRetiredPagesFn device_get_retired_pages = nullptr;
  nvml_api::DeviceGetIntEnumFn device_get_retired_pages_pending_status = nullptr;
  nvml_api::DeviceGetRemappedRowsFn device_get_remapped_rows = nullptr;
  nvml_api::DeviceGetUintFn device_get_curr_pcie_link_generation = nullptr;
  nvml_api::DeviceGetUintFn device_get_max_pcie_link_generation = nullptr;
  nvml_api::DeviceGetUintFn device_get_gpu_max_pcie_link_generation = nullptr;
  nvml_api::DeviceGetUintFn device_get_curr_pcie_link_width = nullptr;
  nvml_api::DeviceGetUintFn device_get_max_pcie_link_width = nullptr;
  nvml_api::DeviceGetUintFn device_get_pcie_replay_counter = nullptr;
  nvml_api::DeviceGetIntEnumFn device_get_persistence_mode = nullptr;
  nvml_api::DeviceGetIntEnumFn device_get_compute_mode = nullptr;
  nvml_api::DeviceGetIntEnumFn device_get_performance_state = nullptr;
  nvml_api::DeviceGetUllFn device_get_clock_event_reasons = nullptr;
  nvml_api::DeviceGetUtilizationFn device_get_utilization_rates = nullptr;
  nvml_api::DeviceGetUintFn device_get_fan_speed = nullptr;
  nvml_api::DeviceGetFieldValuesFn device_get_field_values = nullptr;
};

class NvmlLibrary {
 public:
  // Opens `path`, or when empty "libnvidia-ml.so.1" then "libnvidia-ml.so". The error names
  // every name tried and dlopen's message.
  static Result<std::unique_ptr<NvmlLibrary>> open(const std::string& path);
  ~NvmlLibrary();
  NvmlLibrary(const NvmlLibrary&) = delete;
  NvmlLibrary& operator=(const NvmlLibrary&) = delete;

  const NvmlFunctions& fn() const { return fn_; }
  const std::string& path() const { return path_; }  // the name dlopen accepted
  // Which symbol provided each versioned entry point, e.g. "nvmlInit_v2" or "nvmlInit".
  const std::string& init_symbol() const { return init_symbol_; }
  const std::string& pci_info_symbol() const { return pci_info_symbol_; }
  const std::string& clock_event_reasons_symbol() const { return clock_event_reasons_symbol_; }
  // Optional entry points this library lacks (by their newest name).
  const std::vector<std::string>& missing_symbols() const { return missing_; }
  // Reason text for a call whose symbol is missing: "driver lacks <symbol>".
  static std::string lacks(const char* symbol);

 private:
  NvmlLibrary(void* handle, std::string path) : handle_(handle), path_(std::move(path)) {}
  // The first of `names` the library exports, recording which one; null when none.
  void* resolve(std::initializer_list<const char*> names, std::string* which, bool required);

  void* handle_ = nullptr;
  std::string path_;
  NvmlFunctions fn_;
  std::string init_symbol_;
  std::string pci_info_symbol_;
  std::string clock_event_reasons_symbol_;
  std::vector<std::string> missing_;
  std::vector<std::string> missing_required_;
};

}  // namespace rigcheck
