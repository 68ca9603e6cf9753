#pragma once
// Live progress as data: what a running step reports (StepProgress, also sent by a worker
// process as JSON), the plan of a run, and the pure functions that turn them into the text of a
// progress line. The terminal/log choice and the redraw live in progress_console.hpp.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reports/units.hpp"  // RateUnit, format_rate

namespace rigcheck {

// What one step on one device reports while it runs.
struct StepProgress {
  double fraction_done = 0;          // 0..1 of this step on this device
  std::string subtest;               // "pattern walking_ones, pass 1/2", "fp16 GEMM gpt2.qkv 64x2304x768"
  double rate = 0;                   // in rate_unit; 0: not measured yet
  RateUnit rate_unit = RateUnit::none;
  std::optional<std::uint64_t> errors;  // found so far (memory errors, mismatching results); none: not counted
  std::optional<double> seconds_left;  // the step's own estimate; none: from the fraction or the plan
};

// "45 s", "2 min 05 s", "1 h 02 min": a time left, rounded to whole seconds.
std::string format_seconds_left(double seconds);

// One step of a run's plan, as printed before the first step.
struct PlannedStep {
  std::string title;        // "VRAM integrity and copy bandwidth"
  double expected_s = 0;    // what the step is expected to take on this machine's devices
  std::string basis;        // how the figure was reached ("1 device, CPU Vulkan device")
};

// The plan lines: "plan: 4 steps, about 2 min 10 s" then one line per step.
std::vector<std::string> render_plan(const std::vector<PlannedStep>& plan);

// Everything one progress line shows.
struct ProgressView {
  std::size_t step_number = 1;  // 1-based
  std::size_t step_count = 1;
  std::string step_title;
  std::string device;           // empty: none named (a step on every device at once names the first)
  StepProgress progress;
  double step_elapsed_s = 0;
  double step_planned_s = 0;
  double later_steps_planned_s = 0;  // the plan's time for the steps after this one
};

// Time left in the step: the step's own estimate, else from the fraction done (once 5% is
// done), else the plan's time minus the time spent (never below 0).
double step_seconds_left(const ProgressView& view);

// The line: "[2/4] GEMM and attention [#####.....]  45%, step 1 min 10 s left, run 3 min 20 s left:
// fp16 GEMM gpt2.qkv (5/20), 1.23 TFLOPS, 0 errors (Tesla P40)". `bar_width` 0 leaves the bar out (logs);
// `max_width` > 0 cuts the line to a terminal's width.
std::string render_progress_line(const ProgressView& view, std::size_t bar_width, std::size_t max_width = 0);

}  // namespace rigcheck
