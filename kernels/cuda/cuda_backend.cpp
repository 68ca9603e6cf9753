// The CUDA backend: lists the CUDA devices and opens one for the VRAM test, the transfers,
// GEMM/attention and the sustained load.
#include "kernels/cuda/cuda_backend.hpp"

#include <cctype>
#include <optional>

#include <cuda_runtime.h>
#include <fmt/format.h>

#include "kernels/cuda/cuda_burn.hpp"
#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/cuda_transfer.hpp"
#include "kernels/cuda/cuda_vram_device.hpp"
#include "kernels/cuda/run_cuda_compute.hpp"

namespace rigcheck {
namespace {

constexpr std::uint32_t kNvidiaVendorId = 0x10de;

bool all_hex(std::string_view s) {
  for (char c : s)
    if (std::isxdigit(static_cast<unsigned char>(c)) == 0) return false;
  return !s.empty();
}

// Why the runtime cannot be used, in words a person can act on.
Error driver_error(cudaError_t rc) {
  int driver = 0, runtime = 0;
  cudaDriverGetVersion(&driver);
  cudaRuntimeGetVersion(&runtime);
  if (rc == cudaErrorInsufficientDriver) {
    if (driver == 0)
      return Error{fmt::format("no NVIDIA driver is loaded (libcuda.so.1 missing or the nvidia kernel module not "
                               "loaded): {}",
                               cuda_error("cudaGetDeviceCount", rc).message)};
    return Error{fmt::format("the NVIDIA driver supports CUDA {} but this rigcheck was built with CUDA {}: update the "
                             "driver (Maxwell and Pascal cards: branch R580 is the last) or use a build for an older "
                             "CUDA ({})",
                             cuda_version_string(driver), cuda_version_string(runtime),
                             cuda_error("cudaGetDeviceCount", rc).message)};
  }
  return cuda_error("cudaGetDeviceCount", rc);
}

// The number of CUDA devices; 0 when the driver works but sees none.
Result<int> device_count() {
  int count = 0;
  const cudaError_t rc = cudaGetDeviceCount(&count);
  if (rc == cudaSuccess) return count;
  cudaGetLastError();  // keep it out of later calls' checks
  if (rc == cudaErrorNoDevice) return 0;
  return driver_error(rc);
}

class CudaDevice final : public BackendDevice {
 public:
  CudaDevice(Backend& backend, BackendDeviceInfo info) : backend_(backend), info_(std::move(info)) {}
  const BackendDeviceInfo& info() const override { return info_; }
  Result<std::unique_ptr<VramDevice>> open_vram() override { return backend_.open_vram_device(info_.index); }
  Result<TransferResult> run_transfers(const TransferOptions& options) override {
    return run_cuda_transfers(ordinal(), options);
  }
  Result<ComputeResult> run_compute(const ComputeOptions& options, const std::function<bool()>& cancelled) override {
    return run_cuda_compute(ordinal(), options, cancelled);
  }
  Result<BurnResult> run_burn(const BurnOptions& options) override { return run_cuda_burn(ordinal(), options); }

 private:
  int ordinal() const { return static_cast<int>(info_.index); }
  Backend& backend_;
  BackendDeviceInfo info_;
};

class CudaBackend final : public Backend {
 public:
  std::string_view name() const override { return "cuda"; }

  Result<std::vector<BackendDeviceInfo>> list_devices() override {
    auto count = device_count();
    if (!count) return Error{count.error()};
    std::vector<BackendDeviceInfo> out;
    for (int i = 0; i < *count; ++i) {
      auto info = describe_cuda_device(i);
      if (info) {
        out.push_back(std::move(*info));
        continue;
      }
      // Listed anyway (none skipped): a card the driver counts but cannot describe is a finding.
      BackendDeviceInfo unreadable;
      unreadable.backend = "cuda";
      unreadable.index = static_cast<std::uint32_t>(i);
      unreadable.name = fmt::format("CUDA device {}", i);
      unreadable.vendor_id = kNvidiaVendorId;
      unreadable.notes.push_back("not described: " + info.error());
      out.push_back(std::move(unreadable));
    }
    return out;
  }

  Result<std::unique_ptr<VramDevice>> open_vram_device(std::uint32_t index) override {
    auto info = existing_device(index);
    if (!info) return Error{info.error()};
    return open_cuda_vram_device(static_cast<int>(index), std::move(*info));
  }

  Result<std::unique_ptr<BackendDevice>> open_device(std::uint32_t index) override {
    auto info = existing_device(index);
    if (!info) return Error{info.error()};
    return std::unique_ptr<BackendDevice>(std::make_unique<CudaDevice>(*this, std::move(*info)));
  }

 private:
  static Result<BackendDeviceInfo> existing_device(std::uint32_t index) {
    auto count = device_count();
    if (!count) return Error{count.error()};
    if (index >= static_cast<std::uint32_t>(*count))
      return Error{fmt::format("no CUDA device {} ({} found)", index, *count)};
    return describe_cuda_device(static_cast<int>(index));
  }
};

}  // namespace

std::unique_ptr<Backend> make_cuda_backend() { return std::make_unique<CudaBackend>(); }

std::optional<std::string> normalize_pci_bus_id(std::string_view bus_id) {
  // domain:bus:device.function, hex; the domain may carry leading zeros beyond four digits.
  const auto colon1 = bus_id.find(':');
  const auto colon2 = colon1 == std::string_view::npos ? colon1 : bus_id.find(':', colon1 + 1);
  const auto dot = colon2 == std::string_view::npos ? colon2 : bus_id.find('.', colon2 + 1);
  if (dot == std::string_view::npos) return std::nullopt;
  std::string_view domain = bus_id.substr(0, colon1);
  const std::string_view bus = bus_id.substr(colon1 + 1, colon2 - colon1 - 1);
  const std::string_view device = bus_id.substr(colon2 + 1, dot - colon2 - 1);
  const std::string_view function = bus_id.substr(dot + 1);
  if (!all_hex(domain) || !all_hex(bus) || !all_hex(device) || !all_hex(function)) return std::nullopt;
  while (domain.size() > 4 && domain.front() == '0') domain.remove_prefix(1);
  if (domain.size() > 4 || bus.size() > 2 || device.size() > 2 || function.size() > 1) return std::nullopt;
  const auto number = [](std::string_view hex) { return std::stoul(std::string(hex), nullptr, 16); };
  return fmt::format("{:04x}:{:02x}:{:02x}.{:x}", number(domain), number(bus), number(device), number(function));
}

std::string cuda_version_string(int version) { return fmt::format("{}.{}", version / 1000, version % 1000 / 10); }

Result<BackendDeviceInfo> describe_cuda_device(int index) {
  cudaDeviceProp prop{};
  if (auto rc = cudaGetDeviceProperties(&prop, index); rc != cudaSuccess) {
    cudaGetLastError();
    return cuda_error(fmt::format("cudaGetDeviceProperties({})", index), rc);
  }
  BackendDeviceInfo info;
  info.backend = "cuda";
  info.index = static_cast<std::uint32_t>(index);
  info.name = prop.name;
  info.type = prop.integrated != 0 ? DeviceType::integrated : DeviceType::discrete;
  info.driver_name = "NVIDIA";
  int driver = 0, runtime = 0;
  if (auto rc = cudaDriverGetVersion(&driver); rc == cudaSuccess)
    info.driver_version = cuda_version_string(driver);
  else
    info.notes.push_back("driver version not read: " + cuda_error("cudaDriverGetVersion", rc).message);
  if (auto rc = cudaRuntimeGetVersion(&runtime); rc == cudaSuccess)
    info.api_version = cuda_version_string(runtime);
  else
    info.notes.push_back("runtime version not read: " + cuda_error("cudaRuntimeGetVersion", rc).message);
  info.vendor_id = kNvidiaVendorId;
  char bus_id[32] = {};
  if (auto rc = cudaDeviceGetPCIBusId(bus_id, static_cast<int>(sizeof bus_id), index); rc != cudaSuccess) {
    info.notes.push_back("PCI address not read: " + cuda_error("cudaDeviceGetPCIBusId", rc).message);
  } else if (auto bdf = normalize_pci_bus_id(bus_id)) {
    info.pci_bdf = *bdf;
  } else {
    info.notes.push_back(fmt::format("PCI address \"{}\" from cudaDeviceGetPCIBusId not understood", bus_id));
  }
  MemoryHeapInfo heap;
  heap.index = 0;
  heap.size_bytes = prop.totalGlobalMem;
  heap.device_local = true;
  info.heaps.push_back(heap);
  info.device_local_bytes = prop.totalGlobalMem;
  info.compute_capability = fmt::format("{}.{}", prop.major, prop.minor);
  if (prop.multiProcessorCount > 0) info.sm_count = prop.multiProcessorCount;
  info.notes.push_back(fmt::format("compute capability {}.{}, {} SMs", prop.major, prop.minor,
                                   prop.multiProcessorCount));
  info.notes.push_back(
      "driver_version is the newest CUDA version the driver supports (cudaDriverGetVersion); the driver release, "
      "PCI device id and BAR1 size are not exposed by the CUDA runtime (NVML and sysfs report them)");
  return info;
}

}  // namespace rigcheck
