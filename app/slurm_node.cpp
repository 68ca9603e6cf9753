#include "app/slurm_node.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

extern char** environ;

namespace rigcheck {
namespace {

// The value of "Key=" up to the next " Key=" field or the end of the line (Reason holds spaces).
std::optional<std::string> field(std::string_view text, std::string_view key) {
  std::string needle = std::string(key) + "=";
  std::size_t at = 0;
  while ((at = text.find(needle, at)) != std::string_view::npos) {
    if (at == 0 || text[at - 1] == ' ' || text[at - 1] == '\n') break;
    at += needle.size();
  }
  if (at == std::string_view::npos) return std::nullopt;
  auto start = at + needle.size();
  auto end = text.find('\n', start);
  auto value = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (key != "Reason") {
    auto space = value.find(' ');
    if (space != std::string_view::npos) value = value.substr(0, space);
  }
  return std::string(value);
}

}  // namespace

std::optional<SlurmNodeState> parse_scontrol_show_node(std::string_view text) {
  auto state = field(text, "State");
  if (!state) return std::nullopt;
  SlurmNodeState node;
  node.state = *state;
  if (auto reason = field(text, "Reason")) {
    // Slurm appends who set it and when: "rigcheck: ... [root@2026-12-01T11:02:03]".
    auto bracket = reason->rfind(" [");
    if (bracket != std::string::npos && reason->back() == ']') reason->resize(bracket);
    if (*reason != "(null)") node.reason = *reason;
  }
  return node;
}

std::string slurm_node_name(const std::string& explicit_name) {
  if (!explicit_name.empty()) return explicit_name;
  if (const char* name = std::getenv("SLURMD_NODENAME"); name != nullptr && *name != '\0') return name;
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0) return "";
  std::string name = host;
  return name.substr(0, name.find('.'));
}

Result<CommandOutput> run_scontrol(const std::vector<std::string>& args) {
  const char* program = std::getenv("RIGCHECK_SCONTROL");
  std::string path = program != nullptr && *program != '\0' ? program : "scontrol";
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return Error{fmt::format("cannot run scontrol: {}", std::strerror(errno))};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  std::vector<char*> argv{path.data()};
  std::vector<std::string> copies = args;
  for (auto& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (rc != 0) {
    ::close(pipe_fds[0]);
    return Error{fmt::format("cannot run {}: {}", path, std::strerror(rc))};
  }
  CommandOutput out;
  char buffer[4096];
  for (;;) {
    auto n = ::read(pipe_fds[0], buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.output.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return out;
}

}  // namespace rigcheck
