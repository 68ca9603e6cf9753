#pragma once
// At most one progress line a second (and always the last one), so a fast loop does not flood
// stderr or a worker's pipe.
#include <chrono>

namespace rigcheck {

class ProgressThrottle {
 public:
  bool due(bool last_line) {
    const auto now = std::chrono::steady_clock::now();
    if (!last_line && now - last_ < std::chrono::seconds(1)) return false;
    last_ = now;
    return true;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now() - std::chrono::seconds(10);
};

}  // namespace rigcheck
