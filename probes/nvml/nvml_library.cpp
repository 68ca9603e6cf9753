#include "probes/nvml/nvml_library.hpp"

#include <dlfcn.h>

#include <initializer_list>

#include <fmt/format.h>

namespace rigcheck {
namespace {

const char* dl_message() {
  const char* text = dlerror();
  return text ? text : "unknown dlopen error";
}

// dlsym returns void*; POSIX guarantees function pointers round-trip through it.
template <class Fn>
Fn as_function(void* symbol) {
  return reinterpret_cast<Fn>(symbol);
}

}  // namespace

std::string NvmlLibrary::lacks(const char* symbol) { return fmt::format("driver lacks {}", symbol); }

Result<std::unique_ptr<NvmlLibrary>> NvmlLibrary::open(const std::string& path) {
  std::vector<std::string> names;
  if (path.empty()) {
    names = {"libnvidia-ml.so.1", "libnvidia-ml.so"};
  } else {
    names = {path};
  }
  std::string errors;
  void* handle = nullptr;
  std::string opened;
  for (const auto& name : names) {
    dlerror();
    // RTLD_LOCAL: two libraries exporting the same names (tests load two fakes) never mix.
    handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle) {
      opened = name;
      break;
    }
    if (!errors.empty()) errors += "; ";
    errors += dl_message();
  }
  if (!handle) return Error{fmt::format("library not found: {}", errors)};

  std::unique_ptr<NvmlLibrary> lib(new NvmlLibrary(handle, opened));
  auto& f = lib->fn_;
  std::string unused;
  f.init = as_function<nvml_api::InitFn>(lib->resolve({"nvmlInit_v2", "nvmlInit"}, &lib->init_symbol_, true));
  f.shutdown = as_function<nvml_api::ShutdownFn>(lib->resolve({"nvmlShutdown"}, &unused, true));
  f.device_get_count = as_function<nvml_api::DeviceGetCountFn>(
      lib->resolve({"nvmlDeviceGetCount_v2", "nvmlDeviceGetCount"}, &unused, true));
  f.device_get_handle_by_index = as_function<nvml_api::DeviceGetHandleByIndexFn>(
      lib->resolve({"nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetHandleByIndex"}, &unused, true));
  if (!lib->missing_required_.empty()) {
    std::string list;
    for (const auto& s : lib->missing_required_) list += (list.empty() ? "" : ", ") + s;
    return Error{fmt::format("{} is not a usable NVML library: it lacks {}", opened, list)};
  }

  auto opt = [&](std::initializer_list<const char*> symbol_names, std::string* which = nullptr) {
    std::string ignored;
    return lib->resolve(symbol_names, which ? which : &ignored, false);
  };
  using namespace nvml_api;
  f.error_string = as_function<ErrorStringFn>(opt({"nvmlErrorString"}));
  f.system_get_driver_version = as_function<SystemGetStringFn>(opt({"nvmlSystemGetDriverVersion"}));
  f.system_get_nvml_version = as_function<SystemGetStringFn>(opt({"nvmlSystemGetNVMLVersion"}));
  f.system_get_cuda_driver_version = as_function<SystemGetCudaDriverVersionFn>(
      opt({"nvmlSystemGetCudaDriverVersion_v2", "nvmlSystemGetCudaDriverVersion"}));
  f.device_get_name = as_function<DeviceGetStringFn>(opt({"nvmlDeviceGetName"}));
  f.device_get_uuid = as_function<DeviceGetStringFn>(opt({"nvmlDeviceGetUUID"}));
  f.device_get_serial = as_function<DeviceGetStringFn>(opt({"nvmlDeviceGetSerial"}));
  f.device_get_vbios_version = as_function<DeviceGetStringFn>(opt({"nvmlDeviceGetVbiosVersion"}));
  f.device_get_pci_info = as_function<DeviceGetPciInfoFn>(
      opt({"nvmlDeviceGetPciInfo_v3", "nvmlDeviceGetPciInfo_v2", "nvmlDeviceGetPciInfo"}, &lib->pci_info_symbol_));
  f.device_get_memory_info = as_function<DeviceGetMemoryInfoFn>(opt({"nvmlDeviceGetMemoryInfo"}));
  f.device_get_bar1_memory_info = as_function<DeviceGetBar1MemoryInfoFn>(opt({"nvmlDeviceGetBAR1MemoryInfo"}));
  f.device_get_power_default_limit =
      as_function<DeviceGetUintFn>(opt({"nvmlDeviceGetPowerManagementDefaultLimit"}));
  f.device_get_enforced_power_limit = as_function<DeviceGetUintFn>(opt({"nvmlDeviceGetEnforcedPowerLimit"}));
  f.device_get_power_limit_constraints =
      as_function<DeviceGetMinMaxFn>(opt({"nvmlDeviceGetPowerManagementLimitConstraints"}));
  f.device_get_power_usage = as_function<DeviceGetUintFn>(opt({"nvmlDeviceGetPowerUsage"}));
  f.device_get_temperature_threshold =
      as_function<DeviceGetUintByEnumFn>(opt({"nvmlDeviceGetTemperatureThreshold"}));
  f.device_get_temperature = as_function<DeviceGetUintByEnumFn>(opt({"nvmlDeviceGetTemperature"}));
  f.device_get_max_clock_info = as_function<DeviceGetUintByEnumFn>(opt({"nvmlDeviceGetMaxClockInfo"}));
  f.device_get_clock_info = as_function<DeviceGetUintByEnumFn>(opt({"nvmlDeviceGetClockInfo"}));
  f.device_get_num_gpu_cores = as_function<DeviceGetUintFn>(opt({"nvmlDeviceGetNumGpuCores"}));
  f.device_get_memory_bus_width = as_function<DeviceGetUintFn>(opt({"nvmlDeviceGetMemoryBusWidth"}));
  f.device_get_cuda_compute_capability =
      as_function<DeviceGetCudaComputeCapabilityFn>(opt({"nvmlDeviceGetCudaComputeCapability"}));
  f.device_get_ecc_mode = as_function<DeviceGetEccModeFn>(opt({"nvmlDeviceGetEccMode"}));
  f.device_get_total_ecc_errors = as_function<DeviceGetTotalEccErrorsFn>(opt({"nvmlDeviceGetTotalEccErrors"}));
  f.device_get_retired_pages = as_function<DeviceGetRetiredPagesFn>(opt({"nvmlDeviceGetRetiredPages"}));
  f.device_get_retired_pages_pending_status =
      as_function<DeviceGetIntEnumFn>(opt({"nvmlDeviceGetRetiredPagesPendingStatus"}));
  f.device_get_remapped_rows = as_function<DeviceGetRemappedRowsFn>(opt({"nvmlDeviceGetRemappedRows"}));
  f.device_get_curr_pcie_link_generation =
      as_function<DeviceGetUintFn>(opt({"nvmlDeviceGetCurrPcieLinkGeneration"}));
  f.device_get_max_pcie_link_generation = as_function<DeviceGetUintFn>(opt({"nvmlDeviceGetMaxPcieLinkGeneration"}));
  f.device_get_gpu_max_pcie_link_generation =
      as_function<DeviceGetUintFn>(opt({"nvmlDeviceGetGpuMaxPcieLinkGeneration"}));
  f.device_get_curr_pcie_link_width = as_function<DeviceGetUintFn>(opt({"nvmlDeviceGetCurrPcieLinkWidth"}));
  f.device_get_max_pcie_link_width = as_function<DeviceGetUintFn>(opt({"nvmlDeviceGetMaxPcieLinkWidth"}));
  f.device_get_pcie_replay_counter = as_function<DeviceGetUintFn>(opt({"nvmlDeviceGetPcieReplayCounter"}));
  f.device_get_persistence_mode = as_function<DeviceGetIntEnumFn>(opt({"nvmlDeviceGetPersistenceMode"}));
  f.device_get_compute_mode = as_function<DeviceGetIntEnumFn>(opt({"nvmlDeviceGetComputeMode"}));
  f.device_get_performance_state = as_function<DeviceGetIntEnumFn>(opt({"nvmlDeviceGetPerformanceState"}));
  // Renamed in R535 ("throttle" became "clocks event"); same bit mask.
  f.device_get_clock_event_reasons = as_function<DeviceGetUllFn>(
      opt({"nvmlDeviceGetCurrentClocksEventReasons", "nvmlDeviceGetCurrentClocksThrottleReasons"},
          &lib->clock_event_reasons_symbol_));
  f.device_get_utilization_rates = as_function<DeviceGetUtilizationFn>(opt({"nvmlDeviceGetUtilizationRates"}));
  f.device_get_fan_speed = as_function<DeviceGetUintFn>(opt({"nvmlDeviceGetFanSpeed"}));
  f.device_get_field_values = as_function<DeviceGetFieldValuesFn>(opt({"nvmlDeviceGetFieldValues"}));
  return lib;
}

void* NvmlLibrary::resolve(std::initializer_list<const char*> names, std::string* which, bool required) {
  for (const char* name : names) {
    dlerror();
    if (void* symbol = dlsym(handle_, name)) {
      *which = name;
      return symbol;
    }
  }
  (required ? missing_required_ : missing_).emplace_back(*names.begin());
  return nullptr;
}

NvmlLibrary::~NvmlLibrary() {
  if (handle_) dlclose(handle_);
}

}  // namespace rigcheck
