#include "app/run_profiles.hpp"

#include <fmt/format.h>

namespace rigcheck {
namespace {

// "60 s", "10 min", "1 h": whole units, as people say them.
std::string duration_words(double seconds) {
  const auto s = static_cast<long>(seconds);
  if (s >= 3600 && s % 3600 == 0) return fmt::format("{} h", s / 3600);
  if (s >= 120 && s % 60 == 0) return fmt::format("{} min", s / 60);
  return fmt::format("{} s", s);
}

}  // namespace

const std::vector<RunProfile>& run_profiles() {
  // Used cards fail under time: a passive card reaches slowdown within minutes, so even the quick
  // profile loads the card for a minute; burn-in is for a card just bought.
  static const std::vector<RunProfile> table{
      {"quick", 60},
      {"standard", 600},
      {"burn-in", 3600},
  };
  return table;
}

double sustained_load_seconds(std::string_view profile) {
  for (const auto& p : run_profiles())
    if (p.name == profile) return p.sustained_load_seconds;
  return 0;
}

std::string profile_durations_text() {
  std::string text;
  for (const auto& p : run_profiles())
    text += fmt::format("{}{} {}", text.empty() ? "" : ", ", p.name, duration_words(p.sustained_load_seconds));
  return text;
}

std::vector<std::string> profile_names() {
  std::vector<std::string> names;
  for (const auto& p : run_profiles()) names.emplace_back(p.name);
  return names;
}

}  // namespace rigcheck
