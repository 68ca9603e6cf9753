#include "probes/nvml/nvml_probe.hpp"

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "probes/nvml/nvml_call.hpp"
#include "probes/nvml/nvml_errors.hpp"
#include "probes/nvml/nvml_facts_reader.hpp"

namespace rigcheck {
namespace {

using namespace nvml_api;

constexpr unsigned int kVersionBytes = 96;  // NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE is 80

NvmlValue<std::string> read_system_text(const NvmlFunctions& fn, SystemGetStringFn call, const char* symbol) {
  return nvml_call::read<std::string>(fn, call, symbol, [&](std::string& out) {
    char buffer[kVersionBytes] = {};
    auto code = call(buffer, kVersionBytes);
    buffer[kVersionBytes - 1] = '\0';
    out = buffer;
    return code;
  });
}

void read_system_versions(const NvmlLibrary& lib, NvmlSystemFacts& system) {
  const auto& fn = lib.fn();
  system.driver_version = read_system_text(fn, fn.system_get_driver_version, "nvmlSystemGetDriverVersion");
  system.nvml_version = read_system_text(fn, fn.system_get_nvml_version, "nvmlSystemGetNVMLVersion");
  auto cuda = nvml_call::read<int>(fn, fn.system_get_cuda_driver_version, "nvmlSystemGetCudaDriverVersion_v2",
                                   [&](int& out) { return fn.system_get_cuda_driver_version(&out); });
  // 12040 -> "12.4" (CUDA_VERSION_MAJOR = v / 1000, minor = v % 1000 / 10).
  system.cuda_driver_version =
      nvml_call::map<std::string>(cuda, [](int v) { return fmt::format("{}.{}", v / 1000, v % 1000 / 10); });
}

// NVML runs on this machine, so its devices are among this machine's PCI devices; without a
// readable /sys (a container) a generous bound. A count above it is a broken or hostile library,
// not a reason to loop four billion times.
constexpr unsigned int kMaxNvmlDevicesWithoutSysfs = 256;

unsigned int pci_devices_present() {
  std::error_code ec;
  unsigned int count = 0;
  for (std::filesystem::directory_iterator it("/sys/bus/pci/devices", ec), end; !ec && it != end; it.increment(ec))
    ++count;
  return count > 0 ? count : kMaxNvmlDevicesWithoutSysfs;
}

NvmlProbe probe_nvml_now(const std::string& library_path) {
  NvmlProbe probe;
  auto& system = probe.system;
  system.library = library_path.empty() ? "libnvidia-ml.so.1" : library_path;
  const std::string not_loaded = "NVML is not loaded";
  system.driver_version = NvmlValue<std::string>::not_available(not_loaded);
  system.nvml_version = system.driver_version;
  system.cuda_driver_version = system.driver_version;
  system.device_count = NvmlValue<int>::not_available(not_loaded);

  auto opened = NvmlLibrary::open(library_path);
  if (!opened) {
    system.load_error = opened.error();
    system.fix_hint = opened.error().starts_with("library not found")
                          ? std::string(nvml_library_missing_hint())
                          : "point --nvml-library (or RIGCHECK_NVML_LIBRARY) at the driver's libnvidia-ml.so.1";
    return probe;
  }
  std::unique_ptr<NvmlLibrary> lib = std::move(opened.value());
  system.loaded = true;
  system.library = lib->path();
  system.init_symbol = lib->init_symbol();
  system.missing_symbols = lib->missing_symbols();
  const auto& fn = lib->fn();

  auto init_code = fn.init();
  if (init_code != kSuccess) {
    system.init_error = nvml_error_text(fn, init_code);
    system.fix_hint = nvml_init_fix_hint(init_code);
    const std::string reason = "nvmlInit failed: " + *system.init_error;
    system.driver_version = NvmlValue<std::string>::not_available(reason);
    system.nvml_version = system.driver_version;
    system.cuda_driver_version = system.driver_version;
    system.device_count = NvmlValue<int>::not_available(reason);
    return probe;  // no nvmlShutdown after a failed init; the library unloads here
  }
  system.initialized = true;
  read_system_versions(*lib, system);

  unsigned int count = 0;
  auto count_code = fn.device_get_count(&count);
  system.device_count = nvml_call::from_code<int>(fn, count_code, static_cast<int>(count));
  if (auto limit = pci_devices_present(); count_code == kSuccess && count > limit) {
    auto reason = fmt::format("nvmlDeviceGetCount answered {}, more than the {} PCI devices present: NVML error", count,
                              limit);
    system.device_count = NvmlValue<int>::not_available(reason);
    system.problems.push_back(reason);
    count = 0;
  }
  std::vector<NvmlSession::Device> devices;
  if (count_code == kSuccess) {
    for (unsigned int i = 0; i < count; ++i) {
      Device handle = nullptr;
      auto code = fn.device_get_handle_by_index(i, &handle);
      if (code != kSuccess || !handle) {
        // Typical for a card the driver could not initialise (NVML_ERROR_INSUFFICIENT_POWER, ...).
        system.problems.push_back(fmt::format("device {}: nvmlDeviceGetHandleByIndex failed: {}", i,
                                              nvml_error_text(fn, code)));
        continue;
      }
      auto facts = read_nvml_facts(*lib, handle, static_cast<int>(i));
      if (facts.bdf.empty()) {
        system.problems.push_back(fmt::format("device {}: no PCI bus id ({}); it cannot be matched to sysfs", i,
                                              facts.pci_device_id.reason));
        facts.bdf = fmt::format("nvml:{}", i);
      }
      devices.push_back({facts.bdf, static_cast<int>(i), handle});
      probe.devices.emplace_back(facts.bdf, std::move(facts));
    }
  }
  probe.session = std::make_shared<NvmlSession>(std::move(lib), std::move(devices));
  return probe;
}

NvmlProbe timed_out(const std::string& library_path, std::chrono::milliseconds deadline) {
  NvmlProbe probe;
  auto& system = probe.system;
  system.library = library_path.empty() ? "libnvidia-ml.so.1" : library_path;
  system.loaded = true;
  const auto reason = fmt::format("NVML did not answer within {:.0f} s (nvmlInit or a device query is stuck in the "
                                  "driver: a hung GPU); NVML facts and telemetry are not available",
                                  std::chrono::duration<double>(deadline).count());
  system.init_error = reason;
  system.fix_hint = "look for Xid errors in the kernel log; a hung GPU needs a reboot";
  system.driver_version = NvmlValue<std::string>::not_available(reason);
  system.nvml_version = system.driver_version;
  system.cuda_driver_version = system.driver_version;
  system.device_count = NvmlValue<int>::not_available(reason);
  return probe;
}

}  // namespace

std::chrono::milliseconds nvml_probe_deadline() {
  const char* text = std::getenv("RIGCHECK_NVML_DEADLINE_S");
  if (text == nullptr) return kNvmlProbeDeadline;
  const double seconds = std::atof(text);
  return seconds > 0 ? std::chrono::milliseconds(static_cast<long long>(seconds * 1000)) : kNvmlProbeDeadline;
}

NvmlProbe probe_nvml(const std::string& library_path, std::chrono::milliseconds deadline) {
  // The probe runs in its own thread; a stuck one is left behind (detached, owning its state).
  struct Shared {
    std::mutex mutex;
    std::condition_variable done;
    std::optional<NvmlProbe> result;
  };
  auto shared = std::make_shared<Shared>();
  std::thread([shared, library_path] {
    auto probe = probe_nvml_now(library_path);
    std::lock_guard lock(shared->mutex);
    shared->result = std::move(probe);
    shared->done.notify_all();
  }).detach();
  std::unique_lock lock(shared->mutex);
  if (!shared->done.wait_for(lock, deadline, [&] { return shared->result.has_value(); }))
    return timed_out(library_path, deadline);
  return std::move(*shared->result);
}

}  // namespace rigcheck
