#pragma once
// The compute-backend interface: the only way the command line reaches a workload. A Backend
// lists its devices and opens one; an opened BackendDevice runs each workload (VRAM test,
// host-device transfers, GEMM/attention, sustained load) or says why it cannot. The VRAM test's
// host logic (vram_test.hpp) drives any backend through VramDevice, so a pattern means the same
// thing on every backend. Backends are built by kernels/backend_factory.hpp.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/burn_options.hpp"
#include "kernels/compute_options.hpp"
#include "kernels/transfer_options.hpp"
#include "kernels/vram_device.hpp"
#include "reports/burn_result.hpp"
#include "reports/compute/compute_result.hpp"
#include "reports/result.hpp"
#include "reports/transfer_result.hpp"

namespace rigcheck {

enum class DeviceType { discrete, integrated, cpu, virtual_gpu, other };
std::string_view to_string(DeviceType type);

struct MemoryHeapInfo {
  std::uint32_t index = 0;
  std::uint64_t size_bytes = 0;
  bool device_local = false;
  bool host_visible = false;  // some memory type of this heap can be mapped by the host
  std::optional<std::uint64_t> budget_bytes;  // VK_EXT_memory_budget: what this process may use
  std::optional<std::uint64_t> usage_bytes;   // VK_EXT_memory_budget: what this process uses now
};

// Heaps that are device-local and host-visible and larger than this are a large (resizable) BAR.
inline constexpr std::uint64_t kLargeBarThresholdBytes = 256ull << 20;

struct BackendDeviceInfo {
  std::string backend;  // "vulkan" | "cuda"
  std::uint32_t index = 0;  // position in this backend's list
  std::string name;
  DeviceType type = DeviceType::other;
  std::string driver_name;
  std::string driver_version;  // decoded per vendor ("550.54.14.0", "22.3.6")
  std::string api_version;     // "1.3.230" (Vulkan) / runtime version (CUDA)
  std::uint32_t vendor_id = 0;
  std::uint32_t device_id = 0;
  std::optional<std::string> pci_bdf;  // "0000:13:00.0" (VK_EXT_pci_bus_info)
  std::vector<MemoryHeapInfo> heaps;
  std::uint64_t device_local_bytes = 0;  // largest device-local heap
  bool large_bar = false;  // a device-local + host-visible heap > 256 MiB
  // The architecture and the SM count where the API reports them (CUDA: cudaDeviceProp); they
  // bound the arithmetic peaks of a card the card table lacks.
  std::optional<std::string> compute_capability;  // "8.6"
  std::optional<int> sm_count;
  std::vector<std::string> notes;  // facts that could not be read and why
};

// One device of a backend. Each call is one workload; an error says why it could not run (or
// failed before its first result); a run stopped by `cancelled` is a result marked interrupted.
class BackendDevice {
 public:
  virtual ~BackendDevice() = default;
  virtual const BackendDeviceInfo& info() const = 0;
  virtual Result<std::unique_ptr<VramDevice>> open_vram() = 0;
  virtual Result<TransferResult> run_transfers(const TransferOptions& options) = 0;
  virtual Result<ComputeResult> run_compute(const ComputeOptions& options, const std::function<bool()>& cancelled) = 0;
  virtual Result<BurnResult> run_burn(const BurnOptions& options) = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string_view name() const = 0;
  // Every device the API reports, none skipped; an error when the API itself is unusable.
  virtual Result<std::vector<BackendDeviceInfo>> list_devices() = 0;
  // Opens device `index` (of list_devices) for the VRAM test.
  virtual Result<std::unique_ptr<VramDevice>> open_vram_device(std::uint32_t index) = 0;
  // Opens device `index` (of list_devices) for any workload.
  virtual Result<std::unique_ptr<BackendDevice>> open_device(std::uint32_t index) = 0;
};

// The Vulkan backend (kernels/vulkan/). Creating it loads nothing yet; errors come from calls.
std::unique_ptr<Backend> make_vulkan_backend();

}  // namespace rigcheck
