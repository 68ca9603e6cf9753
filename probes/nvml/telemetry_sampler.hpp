#pragma once
// TelemetrySampler: a background thread that samples every GPU of an NVML session at a fixed
// interval (default 100 ms) between start() and stop(). Timestamps come from the monotonic
// clock. A GPU whose reads start failing (fell off the bus) ends its series with an error record;
// the others go on. stop() never waits more than `stop_timeout` for a hung NVML call.
// Not thread-safe itself: one owner calls start/stop.
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "probes/nvml/nvml_session.hpp"
#include "reports/nvml_facts.hpp"

namespace rigcheck {

struct TelemetrySamplerOptions {
  std::chrono::milliseconds interval{100};
  double full_resolution_seconds = 3600;  // rows held at full resolution before decimating
  std::chrono::milliseconds stop_timeout{5000};
};

class TelemetrySampler {
 public:
  explicit TelemetrySampler(std::shared_ptr<const NvmlSession> session);
  ~TelemetrySampler();  // stops a running sampler
  TelemetrySampler(const TelemetrySampler&) = delete;
  TelemetrySampler& operator=(const TelemetrySampler&) = delete;

  // Starts sampling; false when already running, without a session, or the thread cannot start.
  bool start(std::chrono::milliseconds interval = std::chrono::milliseconds(100));
  bool start(const TelemetrySamplerOptions& options);
  bool running() const { return state_ != nullptr; }

  // Stops and returns one series per device (by bdf, in NVML order); empty when not running.
  std::vector<std::pair<std::string, Telemetry>> stop();

  struct State;  // shared with the thread (defined in the .cpp)

 private:
  std::shared_ptr<const NvmlSession> session_;
  std::shared_ptr<State> state_;
  std::thread thread_;  // joined when it finishes in time, else detached (it owns what it uses)
};

}  // namespace rigcheck
