#pragma once
// The steps `rigcheck run` can perform after the probes; each adds measurements or notes.
#include <string>

#include "app/options.hpp"
#include "reports/model.hpp"

namespace rigcheck {

void run_vram_step(Report& report, const GlobalOptions& options, const std::string& profile);

}  // namespace rigcheck
