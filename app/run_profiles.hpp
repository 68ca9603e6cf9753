#pragma once
// The `rigcheck run` profiles in one table: their names and how long the sustained load lasts.
// The help text, the suite plan and the README (checked by a test) all take the durations from here.
#include <string>
#include <string_view>
#include <vector>

#include "app/step.hpp"

namespace rigcheck {

struct RunProfile {
  std::string_view name;
  double sustained_load_seconds;
};

const std::vector<RunProfile>& run_profiles();

// The profile's sustained-load time; 0 for a name that is not a profile.
double sustained_load_seconds(std::string_view profile);

// "quick 60 s, standard 10 min, burn-in 1 h": as help and README state the durations.
std::string profile_durations_text();

// "quick", "standard", "burn-in": what --profile accepts.
std::vector<std::string> profile_names();

// What one step is expected to take on one device, for the plan printed before the first step:
// measured figures for the CPU Vulkan device, an estimate (said so in `basis`) for a GPU.
struct StepTimeEstimate {
  double seconds = 0;
  std::string basis;  // "measured on the CPU Vulkan device, 2 cores" / "estimate for a GPU"
};
StepTimeEstimate expected_step_seconds(StepKind step, const StepSettings& settings, const BackendDeviceInfo& device);

}  // namespace rigcheck
