#pragma once
// Writing results: the chosen format to stdout or -o FILE (atomically), the exit code from the
// verdict, and messages on stderr.
#include <optional>
#include <string>
#include <string_view>

#include "app/options.hpp"
#include "reports/model.hpp"
#include "reports/policy.hpp"
#include "reports/result.hpp"

namespace rigcheck {

// Writes `text` to `path` (app/output_file.cpp) without destroying what the user pointed at: a
// regular file or a new path through a temporary file, fsync and a rename (readers such as
// node_exporter's textfile collector, CI or the next gate run never see half a file, not even
// after a crash); a character device, a FIFO or
// /dev/stdout straight; a symbolic link's target, never the link; a directory is an error.
Result<bool> write_file_atomically(const std::string& path, std::string_view text);
// Why -o PATH cannot be written (a directory, a socket, a missing folder), checked before any
// work starts; nullopt when it can.
std::optional<std::string> output_path_problem(const std::string& path);

// Renders `report` in options.format to -o or stdout. Returns an exit code: 0/1/3 from the
// verdict (1 for warnings under --strict), 2 when the format is unknown, 3 when writing fails.
int emit_report(const Report& report, const GlobalOptions& options);

int exit_code_for(const Report& report, bool strict);

// The policy named by --policy (empty: `fallback`); a bad policy prints one line and returns nullopt.
std::optional<Policy> resolve_policy(const GlobalOptions& options, std::string_view fallback = "gpt2-finetune");

// "rigcheck: <message>" on stderr (always, also with --quiet: errors are never silenced).
void print_error(std::string_view message);
// Progress and notes on stderr unless --quiet.
void print_note(const GlobalOptions& options, std::string_view message);

// A fresh report: tool version, creation time (UTC), profile.
Report new_report(std::string profile);

}  // namespace rigcheck
