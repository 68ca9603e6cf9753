#pragma once
// The `rigcheck run` profiles in one table: their names and how long the sustained load lasts.
// The help text, the suite plan and the README (checked by a test) all take the durations from here.
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace rigcheck
