#include "tests/unit/test_support.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

extern char** environ;

namespace rigcheck::testing {
namespace {

CommandResult run_program(const std::vector<std::string>& argv_strings, const std::vector<std::string>& extra_env) {
  CommandResult result;
  auto dir = std::filesystem::temp_directory_path();
  auto out_path = dir / ("rigcheck-test-out-" + std::to_string(::getpid()));
  auto err_path = dir / ("rigcheck-test-err-" + std::to_string(::getpid()));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  for (const auto& e : extra_env) env_strings.push_back(e);
  std::vector<char*> argv, envp;
  std::vector<std::string> args = argv_strings;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()) == 0) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  posix_spawn_file_actions_destroy(&actions);
  result.stdout_text = read_file(out_path);
  result.stderr_text = read_file(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return result;
}

}  // namespace

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

CommandResult run_rigcheck(const std::vector<std::string>& args, const std::vector<std::string>& environment) {
  std::vector<std::string> argv{RIGCHECK_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, environment);
}

std::string machine_dir(const std::string& name) { return std::string(RIGCHECK_FIXTURES_DIR) + "/machines/" + name; }
std::string fixture_path(const std::string& relative) { return std::string(RIGCHECK_FIXTURES_DIR) + "/" + relative; }

std::string validate_report_json(const std::string& name, const std::string& json_text) {
  std::filesystem::path dir(RIGCHECK_TEST_REPORTS_DIR);
  std::filesystem::create_directories(dir);
  auto path = dir / (name + ".json");
  std::ofstream(path, std::ios::binary) << json_text;
  auto result = run_program({"/usr/bin/python3", std::string(RIGCHECK_SOURCE_DIR) + "/tests/validate_report.py",
                             std::string(RIGCHECK_SOURCE_DIR) + "/reports/schema/report.schema.json", path.string()},
                            {});
  if (result.exit_code == 0) return "";
  return "schema validation of " + path.string() + " failed (" + std::to_string(result.exit_code) +
         "): " + result.stdout_text + result.stderr_text;
}

std::filesystem::path scratch_dir(const std::string& name) {
  auto dir = std::filesystem::path(RIGCHECK_TEST_REPORTS_DIR).parent_path() / "test-scratch" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace rigcheck::testing
