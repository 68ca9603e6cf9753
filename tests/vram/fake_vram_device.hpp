#pragma once
// A VramDevice without memory: it allocates what it is asked (up to its total, in 1 GiB chunks),
// "verifies" clean memory, and can be told to find errors at one step or fail at another, as a
// real card that faults or stops answering mid-test would. Enough to drive run_vram_test and the
// judge with the totals of real cards no CI machine has.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "kernels/backend.hpp"
#include "kernels/vram_device.hpp"

namespace rigcheck::testing {

class FakeVramDevice final : public VramDevice {
 public:
  explicit FakeVramDevice(std::uint64_t total_bytes, std::string name = "fake card") {
    info_.backend = "cuda";
    info_.name = std::move(name);
    info_.type = DeviceType::discrete;
    info_.device_local_bytes = total_bytes;
  }

  std::optional<std::uint32_t> fail_at_step;          // this step (0-based, of run() calls) fails
  std::optional<std::uint32_t> errors_at_step;        // this verify step finds one wrong word
  std::string failure = "verify kernel: cudaErrorIllegalAddress (an illegal memory access was encountered)";
  std::uint32_t steps = 0;

  const BackendDeviceInfo& info() const override { return info_; }

  Result<VramAllocation> allocate(const VramAllocationRequest& request) override {
    VramAllocation out;
    out.heap_bytes = info_.device_local_bytes;
    std::uint64_t left = std::min(request.target_bytes, info_.device_local_bytes) / kVramBlockBytes * kVramBlockBytes;
    while (left > 0) {
      const std::uint64_t size = std::min<std::uint64_t>(left, 1ull << 30);
      out.chunks.push_back({static_cast<std::uint32_t>(out.chunks.size()), out.total_bytes, size});
      out.total_bytes += size;
      left -= size;
    }
    return out;
  }

  Result<VramStepResult> run(const VramStep& step) override {
    const std::uint32_t index = steps++;
    if (fail_at_step && index >= *fail_at_step) return Error{failure};
    VramStepResult out;
    out.gpu_seconds = static_cast<double>(step.size_bytes) / 300e9;
    const bool reads = step.op == VramOp::verify || step.op == VramOp::verify_write_complement;
    if (reads && errors_at_step && index == *errors_at_step) {
      out.errors = 1;
      out.bit_histogram[3] = 1;
      out.popcount_histogram[1] = 1;
      out.lowest_chunk_offset_bytes = out.highest_chunk_offset_bytes = step.first_byte;
      out.records.push_back({step.first_byte, 0xffffffffu, 0xfffffff7u, 0xfffffff7u});
    }
    return out;
  }

  Result<std::vector<DeviceCopyBandwidth>> measure_copy_bandwidth(std::uint64_t, std::uint32_t) override {
    return Error{"not measured by the fake device"};
  }

 private:
  BackendDeviceInfo info_;
};

}  // namespace rigcheck::testing
