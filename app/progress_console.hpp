#pragma once
// Where progress goes: on a terminal one live line per running step, redrawn in place every
// `redraw_s` (a ticker thread keeps the clock and the time left moving while a step is silent,
// e.g. inside one long GEMM); elsewhere (CI logs) a plain line every `plain_every_s`. Log lines
// (a step's start, a note, a failure) scroll above the live line. The line's text comes from
// render_progress_line (progress_state.hpp); this class only decides when and how to write it.
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/progress_state.hpp"

namespace rigcheck {

class ProgressConsole {
 public:
  struct Settings {
    bool terminal = false;
    double redraw_s = 1.0;       // a live line at least this often (the issue asks for <= 2 s)
    double plain_every_s = 10;   // a plain line at least this often
    std::size_t width = 100;     // the terminal's columns
  };
  using Clock = std::function<double()>;  // seconds on a monotonic clock

  ProgressConsole(std::FILE* out, Settings settings, Clock clock);
  ~ProgressConsole();
  ProgressConsole(const ProgressConsole&) = delete;
  ProgressConsole& operator=(const ProgressConsole&) = delete;

  // The plan, printed at once; steps are then numbered in this order.
  void set_plan(std::vector<PlannedStep> plan);
  void step_started(std::size_t plan_index);
  void status(const std::string& device, const StepProgress& progress);
  // A device finished the current step: its last line stays in the log.
  void device_finished(const std::string& device);
  void log(const std::string& line);
  // Writes the line when one is due; the ticker calls it, tests call it with a fake clock.
  void tick();
  // A thread calling tick() four times a second until the console is destroyed.
  void start_ticker();

 private:
  ProgressView view_locked() const;
  void draw_locked(bool force);
  void clear_live_locked();

  std::FILE* out_;
  Settings settings_;
  Clock clock_;
  std::mutex mutex_;
  std::vector<PlannedStep> plan_;
  std::optional<std::size_t> step_;
  double step_start_s_ = 0;
  std::string device_;
  StepProgress progress_;
  double status_at_s_ = 0;  // when progress_ came
  std::optional<double> last_draw_s_;
  bool live_shown_ = false;
  bool stopping_ = false;
  std::thread ticker_;
};

// The console for stderr: a terminal when stderr is one (its width from the terminal), a plain
// log otherwise; the steady clock.
std::unique_ptr<ProgressConsole> stderr_progress_console();

}  // namespace rigcheck
