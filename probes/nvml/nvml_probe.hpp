#pragma once
// probe_nvml: load NVML, initialise it and read the facts of every device once. Works on every
// machine: without a driver it says why in NvmlSystemFacts and returns no devices.
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

// `library_path` empty: "libnvidia-ml.so.1", then "libnvidia-ml.so" (GlobalOptions::nvml_library).
NvmlProbe probe_nvml(const std::string& library_path);

}  // namespace rigcheck
