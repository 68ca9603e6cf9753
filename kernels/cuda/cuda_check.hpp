#pragma once
// CUDA runtime and cuBLAS status codes as the one-line Error every failed call becomes; what the
// CUDA paths share around them: sticky errors, waits with a deadline, device selection.
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include <cublas_v2.h>
#include <cuda_runtime.h>

#include "reports/result.hpp"

namespace rigcheck {

std::string_view cublas_status_name(cublasStatus_t status);
Error cuda_error(std::string_view call, cudaError_t code);        // "cudaMalloc: cudaErrorMemoryAllocation (out of memory)"
Error cublas_error(std::string_view call, cublasStatus_t status);  // "cublasGemmEx: CUBLAS_STATUS_NOT_SUPPORTED"

// Whether `code` leaves the CUDA context unusable (a fault in a kernel: illegal address, launch
// failure or timeout, uncorrectable ECC, ...): every later call in the process fails with it, so
// nothing more can be measured on that device.
bool is_sticky_cuda_error(cudaError_t code);

// How poll_until ended.
enum class PollEnd { done, timed_out, cancelled };

// Calls `done` until it returns true, sleeping between calls (50 us, doubling up to 1 ms);
// `cancelled` (may be empty) is asked between calls. `done` is asked first, so work that has
// finished is `done` even past the deadline or after a cancel. Host only: no CUDA in here.
PollEnd poll_until(const std::function<bool()>& done, std::chrono::steady_clock::duration timeout,
                   const std::function<bool()>& cancelled);

// How long the work before an event may still run after a cancel before wait_for_event gives up.
inline constexpr std::chrono::seconds kCancelGrace{5};
// The deadline of every wait of the compute and burn paths, as the Vulkan fence waits: a sample or a
// batch lasts well under a second, so a GPU that has not finished after this hangs.
inline constexpr std::chrono::seconds kCudaWaitTimeout{120};

// Waits for `event` by polling cudaEventQuery (cudaEventSynchronize waits forever on a hung GPU and
// never sees Ctrl-C). true: the work before the event is done. false: `cancelled` said stop and
// the work was still running kCancelGrace later. An error: the work failed (the event's error; see
// is_sticky_cuda_error) or was not done within `timeout`. After false or an error the caller must
// not wait on, synchronise or free anything of that device again: leak rather than hang.
Result<bool> wait_for_event(cudaEvent_t event, std::chrono::seconds timeout, const std::function<bool()>& cancelled);

// The device-selection prologue of the CUDA measurements: `index` in range (an error naming how
// many were found), made the current device, its properties (prop.major/minor: capability).
Result<cudaDeviceProp> select_cuda_device(int index);

// The error for a build without GPU code for a card of capability `cc` (major*10 + minor):
// `probe_rc` is what cudaFuncGetAttributes of one of our kernels returned (0: code present, true).
// "this build has no GPU code for sm_52 (built with CUDA 13.0; Maxwell, Pascal and Volta cards
// need a CUDA 11.8-12.9 build)" from a CUDA 13 build; otherwise which architecture to build.
Result<bool> check_kernel_image(int probe_rc, int cc);

}  // namespace rigcheck
