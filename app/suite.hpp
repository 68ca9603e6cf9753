#pragma once
// The suite runner: the tests `rigcheck run` performs after the probes, per profile, in order.
// Each step adds measurements to the report; a step that cannot run adds a note saying why.
#include <string>

#include "app/options.hpp"
#include "probes/file_source.hpp"
#include "reports/model.hpp"

namespace rigcheck {

// Runs the steps of `profile`; stops between steps when Ctrl-C was pressed.
void run_suite(Report& report, const FileSource& files, const GlobalOptions& options, const std::string& profile);

}  // namespace rigcheck
