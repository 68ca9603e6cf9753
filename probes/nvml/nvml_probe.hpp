#pragma once
// probe_nvml: load NVML, initialise it and read the facts of every device once. Works on every
// machine: without a driver it says why in NvmlSystemFacts and returns no devices.
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "probes/nvml/nvml_session.hpp"
#include "reports/nvml_facts.hpp"

namespace rigcheck {

struct NvmlProbe {
  NvmlSystemFacts system;
  std::vector<std::pair<std::string /*bdf*/, NvmlFacts>> devices;
  // Open session for the telemetry sampler; null when NVML could not be loaded or initialised.
  // Dropping it (and every sampler holding it) shuts NVML down and unloads the library.
  std::shared_ptr<NvmlSession> session;
};

// How long NVML may take to initialise and describe every device. A driver stuck inside nvmlInit
// or a query (a hung GPU) must not hang `probe`, `run` or `list`: after this the NVML facts are
// "not available" with the reason and the caller goes on; the stuck call keeps its own thread.
inline constexpr std::chrono::milliseconds kNvmlProbeDeadline{30000};
// kNvmlProbeDeadline, or RIGCHECK_NVML_DEADLINE_S seconds when set (tests).
std::chrono::milliseconds nvml_probe_deadline();

// `library_path` empty: "libnvidia-ml.so.1", then "libnvidia-ml.so" (GlobalOptions::nvml_library).
NvmlProbe probe_nvml(const std::string& library_path, std::chrono::milliseconds deadline = nvml_probe_deadline());

}  // namespace rigcheck
