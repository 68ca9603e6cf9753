#include "kernels/timer_check.hpp"

#include <cmath>

#include <fmt/format.h>

namespace rigcheck {

SelfCheck judge_timer_window(const TimerWindow& window) {
  SelfCheck check;
  check.kind = SelfCheckKind::timer;
  const auto numbers = fmt::format("device timer {:.1f} ms, host clock {:.1f} ms", window.device_s * 1e3, window.host_s * 1e3);
  if (!(window.host_s >= kTimerWindowMinSeconds)) {
    check.outcome = SelfCheckOutcome::not_run;
    check.detail = fmt::format("window too short to judge ({}; needs {:.0f} ms)", numbers, kTimerWindowMinSeconds * 1e3);
    return check;
  }
  const double ratio = window.device_s / window.host_s;
  const bool agree = std::isfinite(ratio) && std::abs(ratio - 1.0) <= kTimerTolerance;
  check.outcome = agree ? SelfCheckOutcome::passed : SelfCheckOutcome::failed;
  check.detail = fmt::format("{} ({:+.1f}%; within {:.0f}% needed)", numbers, (ratio - 1.0) * 100, kTimerTolerance * 100);
  return check;
}

}  // namespace rigcheck
