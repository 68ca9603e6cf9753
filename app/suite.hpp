#pragma once
// The suite runner: the tests `rigcheck run` performs after the probes, per profile, in order.
// Each step adds measurements to the report; a step that cannot run adds a note saying why.
#include <memory>
#include <string>

#include "app/options.hpp"
#include "probes/file_source.hpp"
#include "probes/nvml/nvml_session.hpp"
#include "reports/model.hpp"

namespace rigcheck {

// Runs the steps of `profile` with the NVML telemetry sampler running around them (when NVML is
// up), and stores each GPU's series in the report; stops between steps when Ctrl-C was pressed.
void run_suite(Report& report, const FileSource& files, const GlobalOptions& options, const std::string& profile,
               std::shared_ptr<NvmlSession> nvml);

}  // namespace rigcheck
