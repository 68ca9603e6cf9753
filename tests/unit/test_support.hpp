#pragma once
// Helpers for the core tests: run the rigcheck binary, find fixtures, validate reports against
// the JSON Schema, make scratch folders.
#include <filesystem>
#include <string>
#include <vector>

namespace rigcheck::testing {

struct CommandResult {
  int exit_code = -1;
  std::string stdout_text;
  std::string stderr_text;
};

// Runs the built rigcheck with `args` (no shell: arguments are passed as they are).
CommandResult run_rigcheck(const std::vector<std::string>& args, const std::vector<std::string>& environment = {});

std::string machine_dir(const std::string& name);  // tests/fixtures/machines/<name>
std::string fixture_path(const std::string& relative);

// Writes `json_text` under the test-reports folder as <name>.json and validates it with
// reports/schema/report.schema.json (python3-jsonschema). Returns "" or the validator's complaint.
std::string validate_report_json(const std::string& name, const std::string& json_text);

// A fresh empty folder under the build tree, removed at the start of each use.
std::filesystem::path scratch_dir(const std::string& name);

std::string read_file(const std::filesystem::path& path);

}  // namespace rigcheck::testing
