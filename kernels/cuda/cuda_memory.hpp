#pragma once
// Owners of the CUDA objects the transfer measurements use (cuda_transfer.cpp,
// cuda_peer_transfer.cpp): the current device for a scope, device and pinned host buffers, two
// streams with three events. Buffers and queues can be abandoned: after a timeout the GPU may
// still use them, and freeing them would wait for the GPU forever.
#include <cstdint>

#include <cuda_runtime.h>

#include "kernels/cuda/cuda_check.hpp"
#include "reports/result.hpp"

namespace rigcheck::cuda_transfer_detail {

// Sets the current device for a scope and restores the one before (the current device is per
// host thread, and callers may have chosen another).
class DeviceScope {
 public:
  explicit DeviceScope(int device) {
    if (cudaGetDevice(&previous_) != cudaSuccess) previous_ = -1;
    rc_ = cudaSetDevice(device);
  }
  ~DeviceScope() {
    if (previous_ >= 0) cudaSetDevice(previous_);
  }
  DeviceScope(const DeviceScope&) = delete;
  DeviceScope& operator=(const DeviceScope&) = delete;
  cudaError_t status() const { return rc_; }

 private:
  int previous_ = -1;
  cudaError_t rc_ = cudaSuccess;
};

// Owners of CUDA objects. abandon() forgets the object without freeing it: after a timeout the
// GPU may still use it, and cudaFree would wait for the GPU forever.
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  ~DeviceBuffer() { release(); }
  // On `device`, which must be current.
  cudaError_t allocate(int device, std::uint64_t bytes) {
    device_ = device;
    const cudaError_t rc = cudaMalloc(&ptr_, bytes);
    if (rc != cudaSuccess) {
      ptr_ = nullptr;
      cudaGetLastError();  // an out-of-memory here is an answer, not a pending error
    }
    return rc;
  }
  void release() {
    if (ptr_ == nullptr) return;
    DeviceScope scope(device_);
    cudaFree(ptr_);
    ptr_ = nullptr;
  }
  unsigned char* get() const { return static_cast<unsigned char*>(ptr_); }
  void abandon() { ptr_ = nullptr; }

 private:
  int device_ = 0;
  void* ptr_ = nullptr;
};

class PinnedBuffer {
 public:
  PinnedBuffer() = default;
  PinnedBuffer(const PinnedBuffer&) = delete;
  PinnedBuffer& operator=(const PinnedBuffer&) = delete;
  ~PinnedBuffer() {
    if (ptr_ != nullptr) cudaFreeHost(ptr_);
  }
  cudaError_t allocate(std::uint64_t bytes) {
    const cudaError_t rc = cudaMallocHost(&ptr_, bytes);
    if (rc != cudaSuccess) {
      ptr_ = nullptr;
      cudaGetLastError();
    }
    return rc;
  }
  void release() {
    if (ptr_ != nullptr) cudaFreeHost(ptr_);
    ptr_ = nullptr;
  }
  unsigned char* get() const { return static_cast<unsigned char*>(ptr_); }
  void abandon() { ptr_ = nullptr; }

 private:
  void* ptr_ = nullptr;
};

// Two non-blocking streams and three events on the tested device.
struct Queues {
  cudaStream_t first = nullptr, second = nullptr;
  cudaEvent_t start = nullptr, stop = nullptr, other = nullptr;
  int device = 0;
  bool abandoned = false;

  Queues() = default;
  Queues(const Queues&) = delete;
  Queues& operator=(const Queues&) = delete;
  ~Queues() {
    if (abandoned) return;
    DeviceScope scope(device);
    for (cudaEvent_t e : {start, stop, other})
      if (e != nullptr) cudaEventDestroy(e);
    for (cudaStream_t s : {first, second})
      if (s != nullptr) cudaStreamDestroy(s);
  }

  Result<bool> create(int on_device) {
    device = on_device;
    for (cudaStream_t* s : {&first, &second})
      if (auto rc = cudaStreamCreateWithFlags(s, cudaStreamNonBlocking); rc != cudaSuccess)
        return cuda_error("cudaStreamCreateWithFlags", rc);
    for (cudaEvent_t* e : {&start, &stop, &other})
      if (auto rc = cudaEventCreate(e); rc != cudaSuccess) return cuda_error("cudaEventCreate", rc);
    return true;
  }
};

}  // namespace rigcheck::cuda_transfer_detail
