#pragma once
// Raw measurements of one GPU: VRAM integrity, device copy bandwidth, transfers, compute, burn.
// Data only: the judges decide pass/fail. JSON keys carry their units.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "reports/burn_result.hpp"
#include "reports/compute/compute_result.hpp"
#include "reports/transfer_result.hpp"

namespace rigcheck {

// One mismatch found by the VRAM test. The address is the byte offset in the tested range
// (all chunks laid end to end); `chunk` names the allocation that holds it.
struct VramErrorRecord {
  std::uint32_t chunk = 0;
  std::uint64_t address_bytes = 0;
  std::uint32_t expected = 0;
  std::uint32_t actual = 0;
  std::uint32_t reread = 0;  // read again from memory in a pass after the region's verify
  std::string pattern;
  std::uint32_t pass = 0;  // 1-based
  double time_s = 0;       // since the test started (end of the step that found it)
  // Stored by reports from before the judge read it from the NVML series (vram/record_temperature.hpp).
  std::optional<double> temperature_celsius;
};

// A bit flipped on purpose by --inject-faults (self-test of the detector).
struct VramInjectedFault {
  std::uint64_t address_bytes = 0;
  std::uint32_t bit = 0;  // 0..31 within the 32-bit word
};

// Time and errors of one pattern over all passes.
struct VramPatternStats {
  std::string pattern;
  std::uint64_t errors = 0;
  std::uint64_t traffic_bytes = 0;  // bytes read + written by its steps
  double gpu_seconds = 0;
};

struct VramTestResult {
  std::string backend;  // "vulkan" | "cuda"
  std::string device_name;
  std::uint64_t total_memory_bytes = 0;  // device-local heap size
  std::uint64_t requested_bytes = 0;
  std::uint64_t tested_bytes = 0;
  double coverage_fraction = 0;  // tested / total
  std::uint32_t chunk_count = 0;
  std::uint64_t largest_chunk_bytes = 0;
  std::uint64_t retention_window_bytes = 0;
  std::vector<std::string> patterns;
  std::uint32_t passes_requested = 0;
  std::uint32_t passes_completed = 0;
  bool interrupted = false;
  double duration_s = 0;     // wall time of the whole test
  std::optional<double> telemetry_start_s;  // when it started on the NVML series' clock (records' t = 0)
  double gpu_seconds = 0;    // GPU time of all test steps (timestamps)
  double tested_bytes_per_s = 0;   // bytes each written once and verified once, per GPU second
  double traffic_bytes_per_s = 0;  // bytes read + written per GPU second
  std::optional<double> copy_bandwidth_bytes_per_s;  // same run, read + written
  std::optional<double> ratio_to_copy_bandwidth;     // traffic / copy
  std::vector<VramPatternStats> pattern_stats;

  // Raw errors as found; what they mean (stuck, transient, a data line) is judged from them
  // (reports/vram/vram_classify.hpp).
  std::uint64_t error_count = 0;
  std::vector<VramErrorRecord> records;  // the first ones, up to record_capacity
  std::uint32_t record_capacity = 0;
  std::array<std::uint64_t, 32> bit_histogram{};       // errors per failing bit position
  std::array<std::uint64_t, 33> popcount_histogram{};  // errors per number of wrong bits
  std::optional<std::uint64_t> lowest_failing_address_bytes;
  std::optional<std::uint64_t> highest_failing_address_bytes;
  std::vector<VramInjectedFault> injected_faults;
  std::vector<std::string> notes;  // what was reduced or skipped and why
  // Set when the device failed mid-test (a fault, a time-out): the result holds what was found
  // before that, and no other backend re-ran the test.
  std::optional<std::string> device_error;
};

// Device-to-device copy speed, counting bytes read plus bytes written.
struct DeviceCopyBandwidth {
  std::string method;  // "shader_copy" | "api_copy" (vkCmdCopyBuffer / cudaMemcpy D2D)
  std::uint64_t copy_bytes = 0;  // size of one copy
  std::uint32_t repeats = 0;
  double median_bytes_per_s = 0;
  double min_bytes_per_s = 0;
  double max_bytes_per_s = 0;
};

struct BandwidthResult {
  std::string backend;
  std::vector<DeviceCopyBandwidth> device_copies;
};

// A test step that ended without a result on this GPU: it could not start, or its worker process
// crashed, exited without a result or gave no answer in time. Judged as check run.<step>: error.
struct StepFailure {
  std::string step;  // vram | transfers | compute | burn
  std::string what;  // "the worker was killed by SIGSEGV in the VRAM test"
};

struct Measurements {
  std::vector<StepFailure> step_failures;
  std::optional<VramTestResult> vram;
  std::optional<BandwidthResult> bandwidth;
  std::optional<TransferResult> transfers;  // host<->device and peer (reports/transfer_result.hpp)
  std::optional<ComputeResult> compute;  // GEMM and attention (reports/compute/)
  std::optional<BurnResult> burn;        // sustained load (reports/burn/)
};

void to_json(nlohmann::json& j, const Measurements& measurements);
// Throws json_fields::FieldError naming the path ("measurements.vram.records[2].expected").
void from_json(const nlohmann::json& j, Measurements& measurements);

}  // namespace rigcheck
