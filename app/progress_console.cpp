#include "app/progress_console.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <memory>

#include <fmt/format.h>

namespace rigcheck {
namespace {

constexpr std::size_t kBarWidth = 20;

}  // namespace

ProgressConsole::ProgressConsole(std::FILE* out, Settings settings, Clock clock)
    : out_(out), settings_(settings), clock_(std::move(clock)) {}

ProgressConsole::~ProgressConsole() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  if (ticker_.joinable()) ticker_.join();
  std::lock_guard lock(mutex_);
  clear_live_locked();
}

void ProgressConsole::set_plan(std::vector<PlannedStep> plan) {
  std::lock_guard lock(mutex_);
  plan_ = std::move(plan);
  clear_live_locked();
  for (const auto& line : render_plan(plan_)) fmt::print(out_, "{}\n", line);
  std::fflush(out_);
}

void ProgressConsole::step_started(std::size_t plan_index) {
  std::lock_guard lock(mutex_);
  step_ = plan_index;
  step_start_s_ = clock_();
  device_.clear();
  progress_ = {};
  last_draw_s_.reset();
  clear_live_locked();
  if (plan_index < plan_.size())
    fmt::print(out_, "step {}/{}: {}\n", plan_index + 1, plan_.size(), plan_[plan_index].title);
  std::fflush(out_);
  draw_locked(true);
}

void ProgressConsole::status(const std::string& device, const StepProgress& progress) {
  std::lock_guard lock(mutex_);
  device_ = device;
  progress_ = progress;
  status_at_s_ = clock_();
  draw_locked(false);
}

void ProgressConsole::device_finished(const std::string& device) {
  std::lock_guard lock(mutex_);
  if (!step_) return;
  device_ = device;
  progress_.fraction_done = 1;
  progress_.seconds_left = 0;
  draw_locked(true);
  if (live_shown_) fmt::print(out_, "\n");  // the step's last line stays on the terminal
  live_shown_ = false;
  std::fflush(out_);
}

void ProgressConsole::log(const std::string& line) {
  std::lock_guard lock(mutex_);
  clear_live_locked();
  fmt::print(out_, "{}\n", line);
  std::fflush(out_);
  if (settings_.terminal) draw_locked(true);
}

void ProgressConsole::tick() {
  std::lock_guard lock(mutex_);
  draw_locked(false);
}

void ProgressConsole::start_ticker() {
  ticker_ = std::thread([this] {
    while (true) {
      {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        draw_locked(false);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  });
}

ProgressView ProgressConsole::view_locked() const {
  ProgressView view;
  const std::size_t index = step_.value_or(0);
  view.step_number = index + 1;
  view.step_count = plan_.size();
  if (index < plan_.size()) {
    view.step_title = plan_[index].title;
    view.step_planned_s = plan_[index].expected_s;
    for (std::size_t i = index + 1; i < plan_.size(); ++i) view.later_steps_planned_s += plan_[i].expected_s;
  }
  view.device = device_;
  view.progress = progress_;
  const double now = clock_();
  view.step_elapsed_s = now - step_start_s_;
  // A step's own estimate ages between its reports.
  if (view.progress.seconds_left) *view.progress.seconds_left -= now - status_at_s_;
  return view;
}

void ProgressConsole::draw_locked(bool force) {
  if (!step_) return;
  const double now = clock_();
  const double every = settings_.terminal ? settings_.redraw_s : settings_.plain_every_s;
  if (!force && last_draw_s_ && now - *last_draw_s_ < every) return;
  last_draw_s_ = now;
  if (settings_.terminal) {
    const auto line = render_progress_line(view_locked(), kBarWidth, settings_.width > 1 ? settings_.width - 1 : 0);
    fmt::print(out_, "\r{}\x1b[K", line);
    live_shown_ = true;
  } else {
    fmt::print(out_, "{}\n", render_progress_line(view_locked(), 0));
  }
  std::fflush(out_);
}

void ProgressConsole::clear_live_locked() {
  if (!live_shown_) return;
  fmt::print(out_, "\r\x1b[K");
  live_shown_ = false;
}

std::unique_ptr<ProgressConsole> stderr_progress_console() {
  ProgressConsole::Settings settings;
  settings.terminal = ::isatty(STDERR_FILENO) == 1;
  if (settings.terminal) {
    winsize size{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 20) settings.width = size.ws_col;
  }
  const auto origin = std::chrono::steady_clock::now();
  auto clock = [origin] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - origin).count(); };
  auto console = std::make_unique<ProgressConsole>(stderr, settings, clock);
  console->start_ticker();
  return console;
}

}  // namespace rigcheck
