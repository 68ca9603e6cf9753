// The parent's side of a worker process: start it, feed it the request, read its messages under
// the deadlines, pass Ctrl-C on, and turn whatever happened into the step's outcome.
#include "app/step_worker.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/step_worker_protocol.hpp"

extern char** environ;

namespace rigcheck {
namespace {

using Clock = std::chrono::steady_clock;

std::string signal_name(int signal_number) {
  if (const char* abbrev = sigabbrev_np(signal_number)) return std::string("SIG") + abbrev;
  return fmt::format("signal {}", signal_number);
}

struct Pipe {
  int read_end = -1;
  int write_end = -1;
  bool open() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return false;
    read_end = fds[0];
    write_end = fds[1];
    return true;
  }
  static void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  ~Pipe() {
    close_fd(read_end);
    close_fd(write_end);
  }
};

// Started in its own process group: the terminal's Ctrl-C reaches the parent only, which passes
// exactly one SIGTERM on (a second signal would make the worker quit without its outcome).
Result<pid_t> spawn_worker(const WorkerLaunch& launch, Pipe& request, Pipe& answer) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, request.read_end, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, answer.write_end, STDOUT_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  std::vector<std::string> args{launch.executable};
  args.insert(args.end(), launch.arguments.begin(), launch.arguments.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, launch.executable.c_str(), &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) return Error{fmt::format("could not start the worker {}: {}", launch.executable, std::strerror(rc))};
  return pid;
}

bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const auto n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Waits up to `limit` for the worker to be reaped; false when it is still there.
bool reap(pid_t pid, int& status, std::chrono::milliseconds limit) {
  const auto until = Clock::now() + limit;
  while (true) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return true;
    if (done < 0 && errno != EINTR) return true;  // already reaped or not our child
    if (Clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

class WorkerSession {
 public:
  WorkerSession(const WorkerLaunch& launch, const StepSettings& settings, const StepDevice& device,
                const StepHooks& hooks)
      : launch_(launch), settings_(settings), device_(device), hooks_(hooks) {}

  StepOutcome run() {
    Pipe request, answer;
    if (!request.open() || !answer.open()) return failed(fmt::format("no pipe for the worker: {}", std::strerror(errno)));
    auto pid = spawn_worker(launch_, request, answer);
    if (!pid) return failed(pid.error());
    pid_ = *pid;
    Pipe::close_fd(request.read_end);
    Pipe::close_fd(answer.write_end);
    // A request larger than the pipe would block: write it from its own thread.
    // The worker reads to the end of its stdin: the feeder closes it when done.
    std::thread feeder([fd = request.write_end, text = step_request_json(settings_, device_, launch_.backend_choice)] {
      write_all(fd, text);
      ::close(fd);
    });
    request.write_end = -1;
    read_messages(answer.read_end);
    feeder.join();
    return finish();
  }

 private:
  StepOutcome failed(std::string what) {
    StepOutcome outcome;
    outcome.error = std::move(what);
    return outcome;
  }

  std::string where() const {
    return fmt::format("in the {} step on {}", step_info(settings_.kind).name, device_.primary.info.name);
  }

  std::optional<Clock::time_point> deadline() const {
    if (settings_.kind != StepKind::burn) return std::nullopt;
    return start_ + std::chrono::duration_cast<Clock::duration>(
                        std::chrono::duration<double>(settings_.burn_duration_s + launch_.burn_margin_s));
  }

  void kill_worker(std::string why) {
    if (!problem_) problem_ = std::move(why);
    ::kill(pid_, SIGKILL);
    killed_ = true;
  }

  void handle_line(const std::string& line) {
    last_heard_ = Clock::now();
    nlohmann::json message = nlohmann::json::parse(line, nullptr, false);
    if (!message.is_object() || message.empty()) return;  // not ours: ignored
    // The message's one member; read through an iterator that outlives the line (items() is a
    // temporary whose elements must not be bound by reference).
    const auto member = message.begin();
    const std::string& key = member.key();
    const nlohmann::json& value = member.value();
    if (key == kWorkerProgress && value.is_string() && hooks_.progress) hooks_.progress(value.get<std::string>());
    if (key == kWorkerStatus && hooks_.status)
      if (auto status = step_progress_from_json(value.dump())) hooks_.status(*status);
    if (key == kWorkerOutcome) outcome_text_ = value.dump();
  }

  void read_messages(int fd) {
    std::string buffer;
    char chunk[4096];
    while (true) {
      pollfd p{fd, POLLIN, 0};
      const int ready = poll(&p, 1, 50);
      const auto now = Clock::now();
      if (ready > 0) {
        const auto n = ::read(fd, chunk, sizeof chunk);
        if (n == 0) break;  // the worker closed its end: it exited
        if (n < 0 && errno != EINTR && errno != EAGAIN) break;
        if (n > 0) buffer.append(chunk, static_cast<std::size_t>(n));
        for (auto nl = buffer.find('\n'); nl != std::string::npos; nl = buffer.find('\n')) {
          handle_line(buffer.substr(0, nl));
          buffer.erase(0, nl + 1);
        }
      }
      if (killed_) {
        if (now - killed_at_ > std::chrono::milliseconds(200)) break;  // a worker stuck in the kernel keeps the pipe
        continue;
      }
      if (hooks_.cancelled && hooks_.cancelled() && !cancel_sent_) {
        ::kill(pid_, SIGTERM);
        cancel_sent_ = true;
        cancelled_at_ = now;
      }
      const auto silent = std::chrono::duration<double>(now - last_heard_).count();
      if (cancel_sent_ && std::chrono::duration<double>(now - cancelled_at_).count() > launch_.interrupt_grace_s) {
        mark_killed(now, fmt::format("interrupted: the worker did not stop within {:.1f} s {}", launch_.interrupt_grace_s,
                                     where()));
      } else if (silent > launch_.silence_limit_s) {
        mark_killed(now, fmt::format("no answer for {:.0f} s {}: the device may have fallen off the bus — see "
                                     "pcie.errors",
                                     silent, where()));
      } else if (auto until = deadline(); until && now > *until) {
        mark_killed(now, fmt::format("the worker ran past its deadline ({:.0f} s planned + {:.0f} s) {}",
                                     settings_.burn_duration_s, launch_.burn_margin_s, where()));
      }
    }
  }

  void mark_killed(Clock::time_point now, std::string why) {
    kill_worker(std::move(why));
    killed_at_ = now;
  }

  StepOutcome finish() {
    int status = 0;
    if (!reap(pid_, status, killed_ ? std::chrono::milliseconds(300) : std::chrono::milliseconds(2000))) {
      ::kill(pid_, SIGKILL);
      if (!reap(pid_, status, std::chrono::milliseconds(300)))
        return failed(fmt::format("{}; the worker (pid {}) did not exit after SIGKILL: it is stuck in the kernel "
                                  "and was left behind",
                                  problem_.value_or("no outcome " + where()), pid_));
    }
    if (problem_ && !outcome_text_) return failed(*problem_);
    if (WIFSIGNALED(status) && !outcome_text_)
      return failed(fmt::format("the worker was killed by {} {}", signal_name(WTERMSIG(status)), where()));
    if (!outcome_text_)
      return failed(fmt::format("the worker exited with status {} without a result {}",
                                WIFEXITED(status) ? WEXITSTATUS(status) : -1, where()));
    auto outcome = step_outcome_from_json(*outcome_text_);
    if (!outcome) return failed(outcome.error());
    return std::move(*outcome);
  }

  const WorkerLaunch& launch_;
  const StepSettings& settings_;
  const StepDevice& device_;
  const StepHooks& hooks_;
  pid_t pid_ = -1;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_heard_ = Clock::now();
  Clock::time_point killed_at_{};
  Clock::time_point cancelled_at_{};
  bool killed_ = false;
  bool cancel_sent_ = false;
  std::optional<std::string> problem_;
  std::optional<std::string> outcome_text_;
};

}  // namespace

WorkerLaunch worker_launch_for(const GlobalOptions& options) {
  WorkerLaunch launch;
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  launch.executable = ec ? "/proc/self/exe" : self.string();
  launch.arguments = {std::string(kWorkerCommand)};
  launch.backend_choice = options.backend;
  if (const char* silence = std::getenv("RIGCHECK_WORKER_SILENCE_S")) launch.silence_limit_s = std::atof(silence);
  return launch;
}

StepOutcome WorkerExecutor::run(const StepSettings& settings, const StepDevice& device, const StepHooks& hooks) {
  signal(SIGPIPE, SIG_IGN);  // a worker that died before reading its request must not kill rigcheck
  return WorkerSession(launch_, settings, device, hooks).run();
}

}  // namespace rigcheck
