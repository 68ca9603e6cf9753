#include "kernels/cuda/cuda_check.hpp"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "kernels/cuda/cublas_loader.hpp"

namespace rigcheck {

std::string_view cublas_status_name(cublasStatus_t status) {
  switch (status) {
    case CUBLAS_STATUS_SUCCESS: return "CUBLAS_STATUS_SUCCESS";
    case CUBLAS_STATUS_NOT_INITIALIZED: return "CUBLAS_STATUS_NOT_INITIALIZED";
    case CUBLAS_STATUS_ALLOC_FAILED: return "CUBLAS_STATUS_ALLOC_FAILED";
    case CUBLAS_STATUS_INVALID_VALUE: return "CUBLAS_STATUS_INVALID_VALUE";
    case CUBLAS_STATUS_ARCH_MISMATCH: return "CUBLAS_STATUS_ARCH_MISMATCH";
    case CUBLAS_STATUS_MAPPING_ERROR: return "CUBLAS_STATUS_MAPPING_ERROR";
    case CUBLAS_STATUS_EXECUTION_FAILED: return "CUBLAS_STATUS_EXECUTION_FAILED";
    case CUBLAS_STATUS_INTERNAL_ERROR: return "CUBLAS_STATUS_INTERNAL_ERROR";
    case CUBLAS_STATUS_NOT_SUPPORTED: return "CUBLAS_STATUS_NOT_SUPPORTED";
    case CUBLAS_STATUS_LICENSE_ERROR: return "CUBLAS_STATUS_LICENSE_ERROR";
    default: return "CUBLAS_STATUS_(unknown)";
  }
}

Error cuda_error(std::string_view call, cudaError_t code) {
  return Error{fmt::format("{}: {} ({})", call, cudaGetErrorName(code), cudaGetErrorString(code))};
}

Error cublas_error(std::string_view call, cublasStatus_t status) {
  if (auto why = cublas_load_failure()) return Error{fmt::format("{}: {}", call, *why)};
  return Error{fmt::format("{}: {}", call, cublas_status_name(status))};
}

bool is_sticky_cuda_error(cudaError_t code) {
  switch (code) {
    case cudaErrorIllegalAddress: case cudaErrorLaunchFailure: case cudaErrorLaunchTimeout:
    case cudaErrorHardwareStackError: case cudaErrorIllegalInstruction: case cudaErrorMisalignedAddress:
    case cudaErrorInvalidAddressSpace: case cudaErrorInvalidPc: case cudaErrorECCUncorrectable:
    case cudaErrorAssert: case cudaErrorUnknown:
      return true;
    default:
      return false;
  }
}

PollEnd poll_until(const std::function<bool()>& done, std::chrono::steady_clock::duration timeout,
                   const std::function<bool()>& cancelled) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::chrono::microseconds pause{50};
  for (;;) {
    if (done()) return PollEnd::done;
    if (cancelled && cancelled()) return PollEnd::cancelled;
    if (std::chrono::steady_clock::now() >= deadline) return PollEnd::timed_out;
    std::this_thread::sleep_for(pause);
    pause = std::min<std::chrono::microseconds>(pause * 2, std::chrono::milliseconds(1));
  }
}

Result<bool> wait_for_event(cudaEvent_t event, std::chrono::seconds timeout, const std::function<bool()>& cancelled) {
  cudaError_t rc = cudaSuccess;
  auto finished = [&] {
    rc = cudaEventQuery(event);
    return rc != cudaErrorNotReady;
  };
  PollEnd end = poll_until(finished, timeout, cancelled);
  if (end == PollEnd::cancelled) {
    // Ctrl-C: the work in flight (a sample, a batch) normally ends within a second.
    end = poll_until(finished, kCancelGrace, {});
    if (end == PollEnd::timed_out) return false;
  }
  if (end == PollEnd::timed_out)
    return Error{fmt::format("cudaEventQuery: the GPU did not finish within {} s (hung, or far slower than expected)",
                             timeout.count())};
  if (rc != cudaSuccess) return cuda_error("cudaEventQuery", rc);
  return true;
}

Result<cudaDeviceProp> select_cuda_device(int index) {
  int count = 0;
  if (auto rc = cudaGetDeviceCount(&count); rc != cudaSuccess) return cuda_error("cudaGetDeviceCount", rc);
  if (index < 0 || index >= count) return Error{fmt::format("no CUDA device {} ({} found)", index, count)};
  if (auto rc = cudaSetDevice(index); rc != cudaSuccess) return cuda_error("cudaSetDevice", rc);
  cudaDeviceProp prop{};
  if (auto rc = cudaGetDeviceProperties(&prop, index); rc != cudaSuccess) return cuda_error("cudaGetDeviceProperties", rc);
  return prop;
}

Result<bool> check_kernel_image(int probe_rc, int cc) {
  if (probe_rc == 0) return true;
  const auto rc = static_cast<cudaError_t>(probe_rc);
  if (rc != cudaErrorNoKernelImageForDevice && rc != cudaErrorInvalidDeviceFunction)
    return cuda_error("cudaFuncGetAttributes", rc);
  return Error{fmt::format("this build has no GPU code for sm_{} (built with CUDA {}.{}; {}): {}", cc,
                           CUDART_VERSION / 1000, CUDART_VERSION % 1000 / 10,
                           CUDART_VERSION >= 13000 && cc < 75
                               ? "Maxwell, Pascal and Volta cards need a CUDA 11.8-12.9 build"
                               : fmt::format("build with RIGCHECK_CUDA_ARCHITECTURES including {}", cc),
                           cuda_error("cudaFuncGetAttributes", rc).message)};
}

}  // namespace rigcheck
