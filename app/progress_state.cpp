#include "app/progress_state.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace rigcheck {

std::string format_seconds_left(double seconds) {
  const auto s = static_cast<long>(std::lround(std::max(0.0, seconds)));
  if (s >= 3600) return fmt::format("{} h {:02} min", s / 3600, (s % 3600) / 60);
  if (s >= 60) return fmt::format("{} min {:02} s", s / 60, s % 60);
  return fmt::format("{} s", s);
}

std::vector<std::string> render_plan(const std::vector<PlannedStep>& plan) {
  double total = 0;
  for (const auto& step : plan) total += step.expected_s;
  std::vector<std::string> lines;
  lines.push_back(fmt::format("plan: {} step{}, about {}", plan.size(), plan.size() == 1 ? "" : "s",
                              format_seconds_left(total)));
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const auto& step = plan[i];
    // A step of a fraction of a second is "under 1 s", not "~0 s".
    const std::string expected =
        step.expected_s > 0 && step.expected_s < 0.5 ? "under 1 s" : "~" + format_seconds_left(step.expected_s);
    lines.push_back(fmt::format("  {}. {:<36} {}{}", i + 1, step.title, expected,
                                step.basis.empty() ? "" : " (" + step.basis + ")"));
  }
  return lines;
}

double step_seconds_left(const ProgressView& view) {
  const auto& p = view.progress;
  if (p.seconds_left) return std::max(0.0, *p.seconds_left);
  if (p.fraction_done >= 0.05 && view.step_elapsed_s > 0)
    return view.step_elapsed_s * (1 - std::min(1.0, p.fraction_done)) / p.fraction_done;
  return std::max(0.0, view.step_planned_s - view.step_elapsed_s);
}

std::string render_progress_line(const ProgressView& view, std::size_t bar_width, std::size_t max_width) {
  const auto& p = view.progress;
  const double fraction = std::clamp(p.fraction_done, 0.0, 1.0);
  // What matters most first, so that a narrow terminal cuts the least useful part: the device,
  // which the step's first log line names too.
  std::string line = fmt::format("[{}/{}] {}", view.step_number, view.step_count, view.step_title);
  if (bar_width > 0) {
    const auto filled = static_cast<std::size_t>(fraction * static_cast<double>(bar_width) + 1e-9);
    line += fmt::format(" [{}{}]", std::string(filled, '#'), std::string(bar_width - filled, '.'));
  }
  const double step_left = step_seconds_left(view);
  line += fmt::format(" {:3.0f}%, step {} left, run {} left", fraction * 100, format_seconds_left(step_left),
                      format_seconds_left(step_left + view.later_steps_planned_s));
  std::string detail = p.subtest;
  auto add = [&detail](const std::string& part) { detail += (detail.empty() ? "" : ", ") + part; };
  if (auto rate = format_rate(p.rate, p.rate_unit); !rate.empty()) add(rate);
  if (p.errors) add(fmt::format("{} error{}", *p.errors, *p.errors == 1 ? "" : "s"));
  if (!detail.empty()) line += ": " + detail;
  if (!view.device.empty()) line += " (" + view.device + ")";
  if (max_width > 3 && line.size() > max_width) line = line.substr(0, max_width - 3) + "...";
  return line;
}

}  // namespace rigcheck
