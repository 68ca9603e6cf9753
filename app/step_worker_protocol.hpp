#pragma once
// The worker's side of the request (step_worker.hpp): which backend device, by backend name and
// its index in that backend's list, with the settings; and the message lines a worker writes.
#include <optional>
#include <string>
#include <string_view>

#include "app/step.hpp"
#include "reports/result.hpp"

namespace rigcheck {

struct WorkerDeviceRef {
  std::string backend;
  std::uint32_t index = 0;
};

struct WorkerRequest {
  std::string backend_choice = "auto";
  StepSettings settings;
  WorkerDeviceRef primary;
  std::optional<WorkerDeviceRef> fallback;
};

Result<WorkerRequest> step_request_from_json(std::string_view text);

// A StepProgress as the JSON object of a status message; nullopt for text that is not one.
std::string step_progress_json(const StepProgress& progress);
std::optional<StepProgress> step_progress_from_json(std::string_view text);

// One line each on the worker's stdout: {"alive":true}, {"progress":"..."}, {"status":{...}},
// {"outcome":{...}}.
inline constexpr std::string_view kWorkerAlive = "alive";
inline constexpr std::string_view kWorkerProgress = "progress";
inline constexpr std::string_view kWorkerStatus = "status";
inline constexpr std::string_view kWorkerOutcome = "outcome";

}  // namespace rigcheck
