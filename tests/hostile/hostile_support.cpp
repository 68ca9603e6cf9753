#include "tests/hostile/hostile_support.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace rigcheck::hostile {
namespace fs = std::filesystem;

Running start_rigcheck_in(const fs::path& working_dir, const std::vector<std::string>& args) {
  Running running;
  running.working_dir = working_dir;
  auto out_path = working_dir / ".captured-stdout";
  auto err_path = working_dir / ".captured-stderr";
  std::vector<std::string> strings{RIGCHECK_BINARY};
  strings.insert(strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  running.started = std::chrono::steady_clock::now();
  running.pid = ::fork();
  if (running.pid == 0) {
    if (::chdir(working_dir.c_str()) != 0) ::_exit(126);
    int in = ::open("/dev/null", O_RDONLY);
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return running;
}

std::string stderr_so_far(const Running& running) { return slurp(running.working_dir / ".captured-stderr"); }

Outcome finish(const Running& running, std::chrono::seconds limit) {
  Outcome outcome;
  int status = 0;
  for (;;) {
    if (::waitpid(running.pid, &status, WNOHANG) == running.pid) break;
    if (std::chrono::steady_clock::now() - running.started > limit) {
      outcome.timed_out = true;
      ::kill(running.pid, SIGKILL);
      ::waitpid(running.pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  outcome.elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - running.started);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  outcome.stdout_text = slurp(running.working_dir / ".captured-stdout");
  outcome.stderr_text = slurp(running.working_dir / ".captured-stderr");
  fs::remove(running.working_dir / ".captured-stdout");
  fs::remove(running.working_dir / ".captured-stderr");
  return outcome;
}

Outcome run_rigcheck_in(const fs::path& working_dir, const std::vector<std::string>& args, std::chrono::seconds limit) {
  return finish(start_rigcheck_in(working_dir, args), limit);
}

fs::path fresh_dir(const std::string& name) {
  auto dir = fs::path(RIGCHECK_TEST_REPORTS_DIR) / "hostile" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string machine_dir(const std::string& name) { return std::string(RIGCHECK_FIXTURES_DIR) + "/machines/" + name; }

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::map<std::string, std::string> tree_fingerprint(const fs::path& root) {
  std::map<std::string, std::string> print;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
       it != end; it.increment(ec)) {
    struct stat info {};
    if (::lstat(it->path().c_str(), &info) != 0) continue;
    print[it->path().string()] = std::to_string(info.st_mode) + " " + std::to_string(info.st_size) + " " +
                                 std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec);
  }
  return print;
}

}  // namespace rigcheck::hostile
