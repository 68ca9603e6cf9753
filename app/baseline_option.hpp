#pragma once
// `--baseline KNOWN_GOOD.json` on `run` and `report` (reports/compare/baseline.hpp).
#include <string>

#include <CLI/CLI.hpp>

#include "app/options.hpp"
#include "reports/model.hpp"

namespace rigcheck {

void add_baseline_option(CLI::App& sub, std::string& path);

// Checks early (before a long run) that the file is a report; false with one line on stderr.
bool baseline_file_loads(const std::string& path);

// Adds the baseline checks to `report` (nothing when `path` is empty). False, with one line on
// stderr, when the file is bad or is another card model: the caller exits 2.
bool apply_baseline_option(const std::string& path, Report& report, const GlobalOptions& options);

}  // namespace rigcheck
