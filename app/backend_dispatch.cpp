#include "app/backend_dispatch.hpp"

#include "kernels/vulkan/vk_transfer.hpp"

#ifdef RIGCHECK_HAVE_CUDA
#include "kernels/cuda/cuda_backend.hpp"
#include "kernels/cuda/cuda_burn.hpp"
#include "kernels/cuda/cuda_transfer.hpp"
#include "kernels/cuda/run_cuda_compute.hpp"
#endif

namespace rigcheck {
namespace {

bool is_cuda(const BackendDeviceInfo& device) { return device.backend == "cuda"; }

[[maybe_unused]] int cuda_index(const BackendDeviceInfo& device) { return static_cast<int>(device.index); }

[[maybe_unused]] Error no_cuda() { return Error{"this rigcheck was built without CUDA"}; }

}  // namespace

Result<TransferResult> run_transfers_on(const BackendDeviceInfo& device, const TransferOptions& options) {
#ifdef RIGCHECK_HAVE_CUDA
  if (is_cuda(device)) return run_cuda_transfers(cuda_index(device), options);
#else
  if (is_cuda(device)) return no_cuda();
#endif
  return run_vulkan_transfers(device.index, options);
}

Result<ComputeResult> run_compute_on(const BackendDeviceInfo& device, const ComputeOptions& options,
                                     const std::function<bool()>& cancelled) {
#ifdef RIGCHECK_HAVE_CUDA
  if (is_cuda(device)) return run_cuda_compute(cuda_index(device), options, cancelled);
#else
  if (is_cuda(device)) return no_cuda();
#endif
  return run_vulkan_compute(device.index, options, cancelled);
}

Result<BurnResult> run_burn_on(const BackendDeviceInfo& device, const BurnOptions& options) {
#ifdef RIGCHECK_HAVE_CUDA
  if (is_cuda(device)) return run_cuda_burn(cuda_index(device), options);
#else
  if (is_cuda(device)) return no_cuda();
#endif
  return run_vulkan_burn(device.index, options);
}

Result<std::unique_ptr<VramDevice>> open_vram_on(const BackendDeviceInfo& device) {
#ifdef RIGCHECK_HAVE_CUDA
  if (is_cuda(device)) return make_cuda_backend()->open_vram_device(device.index);
#else
  if (is_cuda(device)) return no_cuda();
#endif
  return make_vulkan_backend()->open_vram_device(device.index);
}

}  // namespace rigcheck
