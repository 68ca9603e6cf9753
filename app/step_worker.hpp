#pragma once
// GPU work in a worker process: a driver that segfaults or a card that fell off the bus (a call
// that never returns) costs one step, never the report. The parent starts rigcheck again with the
// internal subcommand `__worker`, writes one request (report-model JSON) on its stdin and reads
// lines of JSON from its stdout: heartbeats, progress, and at the end the step's outcome. The
// parent keeps the telemetry sampler, the deadlines and the report.
//
// A worker that is killed by a signal, exits without an outcome, stays silent for
// `silence_limit_s` or runs past the step's planned time plus a margin ends the step as an error
// saying what happened. Ctrl-C/SIGTERM in the parent are passed on (SIGTERM); a worker that has
// not finished `interrupt_grace_s` later is killed, so the partial report is written at once.
#include <cstdio>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "app/options.hpp"
#include "app/step_runner.hpp"
#include "kernels/backend_factory.hpp"

namespace rigcheck {

inline constexpr std::string_view kWorkerCommand = "__worker";

struct WorkerLaunch {
  std::string executable;               // rigcheck itself (/proc/self/exe), or a test's worker
  std::vector<std::string> arguments;   // after the executable, e.g. {"__worker"}
  std::string backend_choice = "auto";  // --backend, for the worker's own factory call
  double silence_limit_s = 60;          // no heartbeat for this long: the device may be gone
  double burn_margin_s = 120;           // the sustained load's deadline: its duration plus this
  double interrupt_grace_s = 1.0;       // after Ctrl-C: then SIGKILL (the report is due within 2 s)
};

// rigcheck re-executed with `__worker` and --backend; RIGCHECK_WORKER_SILENCE_S overrides the
// silence limit (tests).
WorkerLaunch worker_launch_for(const GlobalOptions& options);

class WorkerExecutor final : public StepExecutor {
 public:
  explicit WorkerExecutor(WorkerLaunch launch) : launch_(std::move(launch)) {}
  StepOutcome run(const StepSettings& settings, const StepDevice& device, const StepHooks& hooks) override;

 private:
  WorkerLaunch launch_;
};

// The worker side: reads one request from `in`, opens the device through the backends `make`
// gives, runs the step in this process and writes the messages to `out`. Returns the exit code.
using BackendMaker = std::function<Result<BackendSet>(std::string_view choice)>;
int worker_main(std::istream& in, std::FILE* out, const BackendMaker& make);

// The JSON forms (also what bench/ and tests round-trip).
std::string step_request_json(const StepSettings& settings, const StepDevice& device, std::string_view backend_choice);
std::string step_outcome_json(const StepOutcome& outcome);
Result<StepOutcome> step_outcome_from_json(std::string_view text);

}  // namespace rigcheck
