// A fake libnvidia-ml for tests: exports the NVML C functions rigcheck uses and answers from the
// JSON scenario named by RIGCHECK_FAKE_NVML_SCENARIO (format: tests/fakes/README.md). Built twice:
// fake_nvml (current symbol set, _v2/_v3 names and old names) and fake_nvml_old (FAKE_NVML_OLD:
// an old driver without any _v2/_v3 symbol, without remapped rows, field values, GPU-max link gen
// and the "clocks event" name).
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "probes/nvml/nvml_api.hpp"

namespace {

using nlohmann::json;
namespace api = rigcheck::nvml_api;
using api::Return;

struct FakeDevice {
  json config;
  std::map<std::string, std::size_t> calls;  // per-key call counts, for per-call traces
  std::size_t power_reads = 0;               // one per telemetry sample
  bool lost = false;
};

struct FakeState {
  std::mutex mutex;
  bool initialized = false;
  json scenario;
  std::vector<FakeDevice> devices;
  std::chrono::steady_clock::time_point t0;
  std::string last_error;
};

FakeState& state() {
  static FakeState s;
  return s;
}

const std::map<std::string, Return>& error_names() {
  static const std::map<std::string, Return> names = {
      {"SUCCESS", api::kSuccess},
      {"UNINITIALIZED", api::kErrorUninitialized},
      {"INVALID_ARGUMENT", api::kErrorInvalidArgument},
      {"NOT_SUPPORTED", api::kErrorNotSupported},
      {"NO_PERMISSION", api::kErrorNoPermission},
      {"NOT_FOUND", api::kErrorNotFound},
      {"INSUFFICIENT_POWER", api::kErrorInsufficientPower},
      {"DRIVER_NOT_LOADED", api::kErrorDriverNotLoaded},
      {"TIMEOUT", api::kErrorTimeout},
      {"GPU_IS_LOST", api::kErrorGpuIsLost},
      {"RESET_REQUIRED", api::kErrorResetRequired},
      {"LIB_RM_VERSION_MISMATCH", api::kErrorLibRmVersionMismatch},
      {"UNKNOWN", api::kErrorUnknown}};
  return names;
}

Return error_from_name(const std::string& name) {
  auto it = error_names().find(name);
  return it == error_names().end() ? api::kErrorUnknown : it->second;
}

FakeDevice* device_of(api::Device handle) { return reinterpret_cast<FakeDevice*>(handle); }

// Looks up `key` of a device: a constant, a per-call trace (array), a time trace
// ({"step_s": s, "values": [...]}) or an error ({"error": "NAME"}). Absent keys are NOT_SUPPORTED.
Return lookup(api::Device handle, const char* key, json& out) {
  auto& s = state();
  if (!s.initialized) return api::kErrorUninitialized;
  FakeDevice* d = device_of(handle);
  if (!d) return api::kErrorInvalidArgument;
  if (d->lost) return error_from_name(d->config.value("fail_error", "GPU_IS_LOST"));
  auto it = d->config.find(key);
  if (it == d->config.end() || it->is_null()) return api::kErrorNotSupported;
  const json& v = *it;
  if (v.is_object() && v.contains("error")) return error_from_name(v["error"].get<std::string>());
  if (v.is_array()) {
    if (v.empty()) return api::kErrorNotSupported;
    std::size_t index = d->calls[key]++;
    out = v[std::min(index, v.size() - 1)];
  } else if (v.is_object() && v.contains("values")) {
    const auto& values = v["values"];
    double step_s = v.value("step_s", 1.0);
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - s.t0).count();
    auto index = static_cast<std::size_t>(step_s > 0 ? elapsed / step_s : 0);
    out = values[std::min(index, values.size() - 1)];
  } else {
    out = v;
  }
  if (out.is_object() && out.contains("error")) return error_from_name(out["error"].get<std::string>());
  return api::kSuccess;
}

template <class T>
Return get_number(api::Device handle, const char* key, T* out) {
  if (!out) return api::kErrorInvalidArgument;
  std::lock_guard lock(state().mutex);
  json v;
  auto code = lookup(handle, key, v);
  if (code == api::kSuccess) *out = v.get<T>();
  return code;
}

Return get_text(api::Device handle, const char* key, char* buffer, unsigned int length) {
  if (!buffer || length == 0) return api::kErrorInvalidArgument;
  std::lock_guard lock(state().mutex);
  json v;
  auto code = lookup(handle, key, v);
  if (code != api::kSuccess) return code;
  auto text = v.get<std::string>();
  if (text.size() + 1 > length) return api::kErrorInsufficientSize;
  std::memcpy(buffer, text.c_str(), text.size() + 1);
  return api::kSuccess;
}

Return system_text(const char* key, char* buffer, unsigned int length) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  if (!s.initialized) return api::kErrorUninitialized;
  if (!s.scenario.contains(key)) return api::kErrorNotSupported;
  auto text = s.scenario[key].get<std::string>();
  if (!buffer || text.size() + 1 > length) return api::kErrorInsufficientSize;
  std::memcpy(buffer, text.c_str(), text.size() + 1);
  return api::kSuccess;
}

Return init_impl() {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  const char* path = std::getenv("RIGCHECK_FAKE_NVML_SCENARIO");
  if (!path) {
    s.last_error = "RIGCHECK_FAKE_NVML_SCENARIO is not set";
    return api::kErrorUnknown;
  }
  std::ifstream in(path);
  json scenario = json::parse(in, nullptr, false);
  if (!in || scenario.is_discarded() || !scenario.is_object()) {
    s.last_error = std::string("cannot read scenario ") + path;
    return api::kErrorUnknown;
  }
  // "HANG": a driver stuck inside nvmlInit (seen with a hung GPU); the call never returns.
  if (scenario.value("init", "SUCCESS") == "HANG")
    while (true) std::this_thread::sleep_for(std::chrono::hours(1));
  Return code = error_from_name(scenario.value("init", "SUCCESS"));
  if (code != api::kSuccess) return code;
  s.scenario = std::move(scenario);
  s.devices.clear();
  for (const auto& d : s.scenario.value("devices", json::array())) s.devices.push_back({d, {}, 0, false});
  s.t0 = std::chrono::steady_clock::now();
  s.initialized = true;
  return api::kSuccess;
}

Return count_impl(unsigned int* count) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  if (!s.initialized) return api::kErrorUninitialized;
  if (!count) return api::kErrorInvalidArgument;
  // "device_count": what a broken driver might answer instead of the devices listed.
  *count = s.scenario.contains("device_count") ? s.scenario["device_count"].get<unsigned int>()
                                                : static_cast<unsigned int>(s.devices.size());
  return api::kSuccess;
}

Return handle_impl(unsigned int index, api::Device* handle) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  if (!s.initialized) return api::kErrorUninitialized;
  if (!handle || index >= s.devices.size()) return api::kErrorInvalidArgument;
  auto& d = s.devices[index];
  if (d.config.contains("handle_error")) return error_from_name(d.config["handle_error"].get<std::string>());
  *handle = reinterpret_cast<api::Device>(&d);
  return api::kSuccess;
}

Return pci_impl(api::Device handle, api::PciInfo* info, bool v3) {
  if (!info) return api::kErrorInvalidArgument;
  std::lock_guard lock(state().mutex);
  json bus;
  auto code = lookup(handle, "pci_bus_id", bus);
  if (code != api::kSuccess) return code;
  // "00000000:13:00.0": domain, bus, device in hex.
  auto text = bus.get<std::string>();
  unsigned int domain = 0, bus_number = 0, device = 0, function = 0;
  std::sscanf(text.c_str(), "%x:%x:%x.%x", &domain, &bus_number, &device, &function);
  char legacy[16];
  std::snprintf(legacy, sizeof legacy, "%04x:%02x:%02x.%x", domain & 0xffff, bus_number, device, function);
  std::memcpy(info->bus_id_legacy, legacy, sizeof legacy);
  info->domain = domain;
  info->bus = bus_number;
  info->device = device;
  json id;
  info->pci_device_id = lookup(handle, "pci_device_id", id) == api::kSuccess ? id.get<unsigned int>() : 0;
  info->pci_subsystem_id = 0;
  // Older layouts end after 16 reserved bytes: only v3 may write the long bus id.
  if (v3) std::snprintf(info->bus_id, sizeof info->bus_id, "%08x:%02x:%02x.%x", domain, bus_number, device, function);
  return api::kSuccess;
}

Return clock_reasons_impl(api::Device handle, unsigned long long* mask) {
  return get_number(handle, "clock_event_reasons", mask);
}

}  // namespace

#define FAKE_EXPORT extern "C" __attribute__((visibility("default")))

FAKE_EXPORT Return nvmlInit() { return init_impl(); }
FAKE_EXPORT Return nvmlShutdown() {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  if (!s.initialized) return api::kErrorUninitialized;
  s.initialized = false;
  return api::kSuccess;
}
FAKE_EXPORT const char* nvmlErrorString(Return code) {
  switch (code) {
    case api::kSuccess: return "Success";
    case api::kErrorUninitialized: return "Uninitialized";
    case api::kErrorNotSupported: return "Not Supported";
    case api::kErrorInsufficientPower: return "Insufficient External Power";
    case api::kErrorDriverNotLoaded: return "Driver Not Loaded";
    case api::kErrorGpuIsLost: return "GPU is lost";
    case api::kErrorLibRmVersionMismatch: return "RM has detected an NVML/RM version mismatch.";
    case api::kErrorUnknown: return state().last_error.empty() ? "Unknown Error" : state().last_error.c_str();
    default: return "Unknown Error";
  }
}
FAKE_EXPORT Return nvmlSystemGetDriverVersion(char* b, unsigned int n) { return system_text("driver_version", b, n); }
FAKE_EXPORT Return nvmlSystemGetNVMLVersion(char* b, unsigned int n) { return system_text("nvml_version", b, n); }
FAKE_EXPORT Return nvmlSystemGetCudaDriverVersion(int* v) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  if (!s.initialized) return api::kErrorUninitialized;
  if (!v) return api::kErrorInvalidArgument;
  if (!s.scenario.contains("cuda_driver_version")) return api::kErrorNotSupported;
  *v = s.scenario["cuda_driver_version"].get<int>();
  return api::kSuccess;
}
FAKE_EXPORT Return nvmlDeviceGetCount(unsigned int* c) { return count_impl(c); }
FAKE_EXPORT Return nvmlDeviceGetHandleByIndex(unsigned int i, api::Device* h) { return handle_impl(i, h); }
FAKE_EXPORT Return nvmlDeviceGetPciInfo(api::Device h, api::PciInfo* p) { return pci_impl(h, p, false); }
FAKE_EXPORT Return nvmlDeviceGetName(api::Device h, char* b, unsigned int n) { return get_text(h, "name", b, n); }
FAKE_EXPORT Return nvmlDeviceGetUUID(api::Device h, char* b, unsigned int n) { return get_text(h, "uuid", b, n); }
FAKE_EXPORT Return nvmlDeviceGetSerial(api::Device h, char* b, unsigned int n) { return get_text(h, "serial", b, n); }
FAKE_EXPORT Return nvmlDeviceGetVbiosVersion(api::Device h, char* b, unsigned int n) {
  return get_text(h, "vbios", b, n);
}
FAKE_EXPORT Return nvmlDeviceGetMemoryInfo(api::Device h, api::Memory* m) {
  if (!m) return api::kErrorInvalidArgument;
  unsigned long long total = 0;
  auto code = get_number(h, "memory_total_bytes", &total);
  if (code == api::kSuccess) *m = {total, total, 0};
  return code;
}
FAKE_EXPORT Return nvmlDeviceGetBAR1MemoryInfo(api::Device h, api::Bar1Memory* m) {
  if (!m) return api::kErrorInvalidArgument;
  unsigned long long total = 0;
  auto code = get_number(h, "bar1_total_bytes", &total);
  if (code == api::kSuccess) *m = {total, total, 0};
  return code;
}
FAKE_EXPORT Return nvmlDeviceGetPowerManagementDefaultLimit(api::Device h, unsigned int* v) {
  return get_number(h, "power_default_limit_mw", v);
}
FAKE_EXPORT Return nvmlDeviceGetEnforcedPowerLimit(api::Device h, unsigned int* v) {
  return get_number(h, "power_enforced_limit_mw", v);
}
FAKE_EXPORT Return nvmlDeviceGetPowerManagementLimitConstraints(api::Device h, unsigned int* lo, unsigned int* hi) {
  auto code = get_number(h, "power_min_limit_mw", lo);
  return code == api::kSuccess ? get_number(h, "power_max_limit_mw", hi) : code;
}
FAKE_EXPORT Return nvmlDeviceGetPowerUsage(api::Device h, unsigned int* v) {
  {
    std::lock_guard lock(state().mutex);
    if (FakeDevice* d = device_of(h); d && state().initialized && !d->lost) {
      ++d->power_reads;
      if (d->config.contains("fail_after_samples") &&
          d->power_reads > d->config["fail_after_samples"].get<std::size_t>())
        d->lost = true;
      // A sampling call that never returns (held lock: every later call hangs too, like a driver).
      if (d->config.contains("hang_after_samples") &&
          d->power_reads > d->config["hang_after_samples"].get<std::size_t>())
        while (true) std::this_thread::sleep_for(std::chrono::hours(1));
    }
  }
  return get_number(h, "power_usage_mw", v);
}
FAKE_EXPORT Return nvmlDeviceGetTemperatureThreshold(api::Device h, int which, unsigned int* v) {
  const char* key = which == api::kThresholdShutdown ? "temp_shutdown_c"
                    : which == api::kThresholdSlowdown ? "temp_slowdown_c"
                    : which == api::kThresholdGpuMax   ? "temp_gpu_max_c"
                                                       : "temp_threshold_other";
  return get_number(h, key, v);
}
FAKE_EXPORT Return nvmlDeviceGetTemperature(api::Device h, int sensor, unsigned int* v) {
  return sensor == api::kTemperatureGpu ? get_number(h, "temp_gpu_c", v) : api::kErrorInvalidArgument;
}
FAKE_EXPORT Return nvmlDeviceGetMaxClockInfo(api::Device h, int type, unsigned int* v) {
  const char* key = type == api::kClockSm ? "max_sm_clock_mhz"
                    : type == api::kClockMem ? "max_mem_clock_mhz"
                                             : "max_graphics_clock_mhz";
  return get_number(h, key, v);
}
FAKE_EXPORT Return nvmlDeviceGetNumGpuCores(api::Device h, unsigned int* v) { return get_number(h, "gpu_core_count", v); }
FAKE_EXPORT Return nvmlDeviceGetMemoryBusWidth(api::Device h, unsigned int* v) {
  return get_number(h, "memory_bus_width_bits", v);
}
FAKE_EXPORT Return nvmlDeviceGetCudaComputeCapability(api::Device h, int* major, int* minor) {
  auto code = get_number(h, "cuda_cc_major", major);
  return code == api::kSuccess ? get_number(h, "cuda_cc_minor", minor) : code;
}
FAKE_EXPORT Return nvmlDeviceGetClockInfo(api::Device h, int type, unsigned int* v) {
  const char* key = type == api::kClockSm ? "sm_clock_mhz" : type == api::kClockMem ? "mem_clock_mhz" : "graphics_clock_mhz";
  return get_number(h, key, v);
}
FAKE_EXPORT Return nvmlDeviceGetEccMode(api::Device h, int* current, int* pending) {
  auto code = get_number(h, "ecc_current", current);
  return code == api::kSuccess ? get_number(h, "ecc_pending", pending) : code;
}
FAKE_EXPORT Return nvmlDeviceGetTotalEccErrors(api::Device h, int type, int counter, unsigned long long* v) {
  const char* key = type == api::kErrorCorrected
                        ? (counter == api::kCounterVolatile ? "ecc_volatile_corrected" : "ecc_aggregate_corrected")
                        : (counter == api::kCounterVolatile ? "ecc_volatile_uncorrected" : "ecc_aggregate_uncorrected");
  return get_number(h, key, v);
}
FAKE_EXPORT Return nvmlDeviceGetRetiredPages(api::Device h, int cause, unsigned int* count, unsigned long long* addr) {
  if (!count) return api::kErrorInvalidArgument;
  unsigned int pages = 0;
  auto code = get_number(h, cause == api::kRetireDoubleBit ? "retired_pages_double_bit" : "retired_pages_single_bit",
                         &pages);
  if (code != api::kSuccess) return code;
  const unsigned int room = *count;
  *count = pages;
  if (room < pages) return api::kErrorInsufficientSize;
  for (unsigned int i = 0; addr && i < pages; ++i) addr[i] = 0x1000ull * (i + 1);
  return api::kSuccess;
}
FAKE_EXPORT Return nvmlDeviceGetRetiredPagesPendingStatus(api::Device h, int* v) {
  return get_number(h, "retired_pages_pending", v);
}
FAKE_EXPORT Return nvmlDeviceGetCurrPcieLinkGeneration(api::Device h, unsigned int* v) { return get_number(h, "pcie_gen", v); }
FAKE_EXPORT Return nvmlDeviceGetMaxPcieLinkGeneration(api::Device h, unsigned int* v) {
  return get_number(h, "pcie_gen_max", v);
}
FAKE_EXPORT Return nvmlDeviceGetCurrPcieLinkWidth(api::Device h, unsigned int* v) { return get_number(h, "pcie_width", v); }
FAKE_EXPORT Return nvmlDeviceGetMaxPcieLinkWidth(api::Device h, unsigned int* v) {
  return get_number(h, "pcie_width_max", v);
}
FAKE_EXPORT Return nvmlDeviceGetPcieReplayCounter(api::Device h, unsigned int* v) {
  return get_number(h, "pcie_replay_count", v);
}
FAKE_EXPORT Return nvmlDeviceGetPersistenceMode(api::Device h, int* v) { return get_number(h, "persistence_mode", v); }
FAKE_EXPORT Return nvmlDeviceGetComputeMode(api::Device h, int* v) { return get_number(h, "compute_mode", v); }
FAKE_EXPORT Return nvmlDeviceGetPerformanceState(api::Device h, int* v) { return get_number(h, "performance_state", v); }
FAKE_EXPORT Return nvmlDeviceGetCurrentClocksThrottleReasons(api::Device h, unsigned long long* v) {
  return clock_reasons_impl(h, v);
}
FAKE_EXPORT Return nvmlDeviceGetUtilizationRates(api::Device h, api::Utilization* u) {
  if (!u) return api::kErrorInvalidArgument;
  auto code = get_number(h, "util_gpu_pct", &u->gpu);
  return code == api::kSuccess ? get_number(h, "util_mem_pct", &u->memory) : code;
}
FAKE_EXPORT Return nvmlDeviceGetFanSpeed(api::Device h, unsigned int* v) { return get_number(h, "fan_pct", v); }

#ifndef FAKE_NVML_OLD
FAKE_EXPORT Return nvmlInit_v2() { return init_impl(); }
FAKE_EXPORT Return nvmlSystemGetCudaDriverVersion_v2(int* v) { return nvmlSystemGetCudaDriverVersion(v); }
FAKE_EXPORT Return nvmlDeviceGetCount_v2(unsigned int* c) { return count_impl(c); }
FAKE_EXPORT Return nvmlDeviceGetHandleByIndex_v2(unsigned int i, api::Device* h) { return handle_impl(i, h); }
FAKE_EXPORT Return nvmlDeviceGetPciInfo_v2(api::Device h, api::PciInfo* p) { return pci_impl(h, p, false); }
FAKE_EXPORT Return nvmlDeviceGetPciInfo_v3(api::Device h, api::PciInfo* p) { return pci_impl(h, p, true); }
FAKE_EXPORT Return nvmlDeviceGetCurrentClocksEventReasons(api::Device h, unsigned long long* v) {
  return clock_reasons_impl(h, v);
}
FAKE_EXPORT Return nvmlDeviceGetGpuMaxPcieLinkGeneration(api::Device h, unsigned int* v) {
  return get_number(h, "pcie_gen_gpu_max", v);
}
FAKE_EXPORT Return nvmlDeviceGetRemappedRows(api::Device h, unsigned int* corrected, unsigned int* uncorrected,
                                             unsigned int* pending, unsigned int* failure) {
  auto code = get_number(h, "remapped_rows_corrected", corrected);
  if (code == api::kSuccess) code = get_number(h, "remapped_rows_uncorrected", uncorrected);
  if (code == api::kSuccess) code = get_number(h, "remapped_rows_pending", pending);
  if (code == api::kSuccess) code = get_number(h, "remapped_rows_failure", failure);
  return code;
}
FAKE_EXPORT Return nvmlDeviceGetFieldValues(api::Device h, int count, api::FieldValue* values) {
  if (count < 0 || (count > 0 && !values)) return api::kErrorInvalidArgument;
  for (int i = 0; i < count; ++i) {
    auto& f = values[i];
    if (f.field_id != api::kFieldMemoryTemp) {
      f.nvml_return = api::kErrorNotSupported;
      continue;
    }
    unsigned int celsius = 0;
    f.nvml_return = get_number(h, "temp_mem_c", &celsius);
    f.value_type = 1;
    f.value.ui = celsius;
  }
  std::lock_guard lock(state().mutex);
  if (FakeDevice* d = device_of(h); d && d->lost) return error_from_name(d->config.value("fail_error", "GPU_IS_LOST"));
  return api::kSuccess;
}
#endif
