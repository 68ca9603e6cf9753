// The worker process: one request in, one step run in this process, message lines out.
#include <sys/prctl.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <iostream>
#include <iterator>
#include <mutex>

#include <nlohmann/json.hpp>

#include "app/interrupt.hpp"
#include "app/step_worker.hpp"
#include "app/step_worker_protocol.hpp"

namespace rigcheck {
namespace {

class MessageWriter {
 public:
  explicit MessageWriter(std::FILE* out) : out_(out) {}
  void write(std::string_view key, const nlohmann::json& value) {
    std::lock_guard lock(mutex_);
    const auto line = nlohmann::json{{std::string(key), value}}.dump();
    std::fprintf(out_, "%s\n", line.c_str());
    std::fflush(out_);
    last_ = std::chrono::steady_clock::now();
  }
  // At most twice a second: the parent's silence limit is tens of seconds.
  void alive() {
    if (std::chrono::steady_clock::now() - last_ < std::chrono::milliseconds(500)) return;
    write(kWorkerAlive, true);
  }

 private:
  std::FILE* out_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point last_{};
};

Result<DeviceRef> find_device(const BackendSet& backends, const WorkerDeviceRef& ref) {
  for (const auto& backend : backends.backends) {
    if (backend->name() != ref.backend) continue;
    auto devices = backend->list_devices();
    if (!devices) return Error{devices.error()};
    if (ref.index >= devices->size()) return Error{ref.backend + " device " + std::to_string(ref.index) + " is gone"};
    return DeviceRef{backend, (*devices)[ref.index]};
  }
  return Error{"backend " + ref.backend + " is not in this worker"};
}

}  // namespace

int worker_main(std::istream& in, std::FILE* out, const BackendMaker& make) {
  // The parent's death ends the worker too (no orphan keeps loading a GPU).
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  install_worker_interrupt_handler();
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  MessageWriter writer(out);
  StepOutcome outcome;
  auto request = step_request_from_json(text);
  if (!request) {
    outcome.error = request.error();
    writer.write(kWorkerOutcome, nlohmann::json::parse(step_outcome_json(outcome)));
    return 2;
  }
  auto backends = make(request->backend_choice);
  if (!backends) {
    outcome.error = backends.error();
  } else if (auto primary = find_device(*backends, request->primary); !primary) {
    outcome.error = primary.error();
  } else {
    StepDevice device;
    device.primary = *primary;
    if (request->fallback)
      if (auto fallback = find_device(*backends, *request->fallback)) device.fallback = *fallback;
    StepHooks hooks;
    hooks.cancelled = [&writer] {
      writer.alive();
      return interrupt_requested();
    };
    hooks.progress = [&writer](const std::string& line) { writer.write(kWorkerProgress, line); };
    hooks.status = [&writer](const StepProgress& status) {
      writer.write(kWorkerStatus, nlohmann::json::parse(step_progress_json(status)));
    };
    outcome = run_step_in_process(request->settings, device, hooks);
  }
  writer.write(kWorkerOutcome, nlohmann::json::parse(step_outcome_json(outcome)));
  return 0;
}

}  // namespace rigcheck
