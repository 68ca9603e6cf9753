#pragma once
// What a backend must do for the VRAM test: allocate device-local chunks and run one step
// (write / verify / verify-then-write-complement / inject faults) over a region of one chunk,
// timed on the GPU. The sequencing of patterns lives in vram_test.cpp, the same for every backend.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernels/vram_patterns.hpp"
#include "reports/measurements.hpp"
#include "reports/result.hpp"

namespace rigcheck {

struct BackendDeviceInfo;

// One allocation. Addresses in the tested range: chunk base_bytes + offset in the chunk.
struct VramChunk {
  std::uint32_t id = 0;
  std::uint64_t base_bytes = 0;
  std::uint64_t size_bytes = 0;  // multiple of kVramBlockBytes
};

struct VramAllocationRequest {
  std::uint64_t target_bytes = 0;       // already capped to what the caller wants tested
  std::uint32_t record_capacity = 4096; // error records kept per step
  std::uint32_t max_faults = 65536;     // fault sites one inject step may carry
};

struct VramAllocation {
  std::vector<VramChunk> chunks;
  std::uint64_t total_bytes = 0;
  std::uint64_t heap_bytes = 0;    // size of the device-local heap the chunks came from
  std::vector<std::string> notes;  // budget used, step-downs, limits met
};

enum class VramOp {
  write,                    // store the pattern
  verify,                   // check the pattern, record mismatches
  verify_write_complement,  // check, record, then store the complement (moving inversions)
  inject,                   // flip the given bits (self-test)
};

struct VramFaultSite {
  std::uint64_t chunk_offset_bytes = 0;  // word-aligned
  std::uint32_t bit = 0;
};

struct VramStep {
  VramOp op = VramOp::write;
  VramPattern pattern = VramPattern::own_address;
  std::uint32_t pass = 0;  // 0-based
  std::uint32_t seed = 0;
  bool complement = false;
  std::uint32_t chunk = 0;
  std::uint64_t first_byte = 0;  // region within the chunk (multiples of kVramBlockBytes)
  std::uint64_t size_bytes = 0;
  VramBlockOrder order;
  std::vector<VramFaultSite> faults;  // inject only
  std::uint32_t repeats = 1;          // write only: run the write this many times between the timestamps
  std::uint32_t record_capacity = 0;  // records wanted from this step (<= the allocation's)
};

struct VramRawRecord {
  std::uint64_t chunk_offset_bytes = 0;
  std::uint32_t expected = 0;
  std::uint32_t actual = 0;
  std::uint32_t reread = 0;
};

struct VramStepResult {
  double gpu_seconds = 0;
  std::uint64_t errors = 0;  // all mismatches, also those beyond the records
  std::array<std::uint64_t, 32> bit_histogram{};
  std::array<std::uint64_t, 33> popcount_histogram{};
  std::optional<std::uint64_t> lowest_chunk_offset_bytes;
  std::optional<std::uint64_t> highest_chunk_offset_bytes;
  std::vector<VramRawRecord> records;
};

class VramDevice {
 public:
  virtual ~VramDevice() = default;
  virtual const BackendDeviceInfo& info() const = 0;
  // Allocates up to target_bytes in chunks within the memory budget, stepping down on failure.
  // Replaces any earlier allocation.
  virtual Result<VramAllocation> allocate(const VramAllocationRequest& request) = 0;
  virtual Result<VramStepResult> run(const VramStep& step) = 0;
  // Device-to-device copies inside the allocation (shader copy and the API's copy), bytes
  // read + written per second, median of `repeats` after a warm-up. Needs allocate() first.
  virtual Result<std::vector<DeviceCopyBandwidth>> measure_copy_bandwidth(std::uint64_t max_copy_bytes,
                                                                          std::uint32_t repeats) = 0;
};

}  // namespace rigcheck
