#pragma once
// What the sustained load (`rigcheck burn`, issue 7) records for one GPU. Data only: the judges in
// reports/burn/ decide. JSON keys carry their units; see docs/burn.md.
//
// Time base: every `*_t_s` field is in seconds on the telemetry clock (Telemetry "t_s", seconds
// since the sampler started), so intervals and mismatches line up with the power, temperature and
// clock series. The load anchors its device timestamps to that clock. When no sampler runs (no
// NVML), the clock starts at 0 when the load starts.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "reports/self_check.hpp"

namespace rigcheck {

// Work done in one interval (e.g. 5 s), timed by device events, never by enqueue counts.
struct BurnInterval {
  double t_start_s = 0;
  double t_end_s = 0;
  double tflops = 0;  // TFLOPS (TOPS for int8) over the interval
};

// One result that differed from the first result of the same inputs.
struct BurnMismatch {
  double t_s = 0;                 // when the differing result was read back
  std::uint64_t iteration = 0;    // which recomputation (0-based; 0 is the reference)
  std::uint64_t element_index = 0;  // row-major index into the output matrix
  double expected = 0;            // the first result's value, converted to double
  double actual = 0;
};

// Results recomputed from the same inputs and compared to the first result.
struct BurnStability {
  std::string comparison = "bitwise";  // what "equal" meant: "bitwise" (same kernel, same inputs)
  std::uint64_t checks_done = 0;       // result matrices compared
  std::uint64_t mismatches = 0;        // result matrices that differed
  std::uint64_t mismatched_elements = 0;
  std::vector<BurnMismatch> first_mismatches;  // the first ones, up to record_capacity
  std::uint32_t record_capacity = 0;
};

struct BurnResult {
  std::string backend;      // "cuda" | "vulkan"
  std::string device_name;
  std::string load = "gemm";
  std::string precision;    // fp32 | fp16 | bf16 | tf32 | int8 (inputs)
  std::string implementation;  // "cublas", "vulkan-tiled", ...
  std::uint64_t matrix_size = 0;  // m = n = k of the square GEMM
  double flops_per_run = 0;       // 2·n³
  double duration_requested_s = 0;
  double duration_achieved_s = 0;
  double load_start_t_s = 0;  // first kernel start, telemetry clock
  double load_end_t_s = 0;    // last kernel end, telemetry clock
  bool interrupted = false;   // Ctrl-C or a device error ended the load early
  // Set when the device failed under load (a kernel fault, a lost device, a timeout): that is a
  // finding about the card, not an interruption.
  std::optional<std::string> device_error;
  std::vector<BurnInterval> intervals;
  BurnStability stability;
  std::vector<std::string> notes;  // what was reduced or skipped and why
  // The burn canary's self-check (kernels/burn_compare.hpp). Not part of the measurement's JSON:
  // the step moves it into the GPU's self-checks.
  SelfChecks self_checks;
};

// JSON form of `measurements.burn`. Loading is strict: burn_result_from_json throws
// json_fields::FieldError naming the field path ("measurements.burn.intervals[3].tflops").
void to_json(nlohmann::json& j, const BurnResult& burn);
BurnResult burn_result_from_json(const nlohmann::json& json, const std::string& path);
void from_json(const nlohmann::json& j, BurnResult& burn);  // path "measurements.burn"

}  // namespace rigcheck
