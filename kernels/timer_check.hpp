#pragma once
// The timer self-check: every figure per second rests on the device's timer, and a timer that runs
// 10x fast would make a slow card look healthy. Over a window of more than 100 ms of host time the
// device timer must agree with the host's monotonic clock within 5%.
#include <cstdint>
#include <optional>
#include <string>

#include "reports/self_check.hpp"

namespace rigcheck {

inline constexpr double kTimerWindowMinSeconds = 0.1;  // shorter windows are not judged
inline constexpr double kTimerTolerance = 0.05;        // |device / host - 1|

struct TimerWindow {
  double device_s = 0;  // what the device's timestamps say the work took
  double host_s = 0;    // steady_clock around the same work (submission and wait included)
};

// passed / failed with both numbers; not_run for a window shorter than kTimerWindowMinSeconds.
SelfCheck judge_timer_window(const TimerWindow& window);

}  // namespace rigcheck
