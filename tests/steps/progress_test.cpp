// Live progress: the text of a progress line and of the plan (pure), units that follow the size
// of a value, and when the console writes (a fake clock): a plain line at least every 10 s in a
// log, a live line redrawn in place on a terminal.
#include <cstdio>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/progress_console.hpp"
#include "app/progress_state.hpp"
#include "app/step.hpp"
#include "kernels/vram_test.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ProgressUnits, FlopsFollowTheSizeOfTheValue) {
  EXPECT_EQ(format_rate(850e9, RateUnit::flops_per_s), "850 GFLOPS");
  EXPECT_EQ(format_rate(1.234e12, RateUnit::flops_per_s), "1.23 TFLOPS");
  EXPECT_EQ(format_rate(42.5e12, RateUnit::flops_per_s), "42.5 TFLOPS");
  EXPECT_EQ(format_rate(3.2e9, RateUnit::flops_per_s), "3.20 GFLOPS");  // a slow device is not "0.003 TFLOPS"
  EXPECT_EQ(format_rate(0, RateUnit::flops_per_s), "");
}

TEST(ProgressUnits, BytesPerSecondFollowTheSizeOfTheValue) {
  EXPECT_EQ(format_rate(512e6, RateUnit::bytes_per_s), "512 MB/s");
  EXPECT_EQ(format_rate(3.4e9, RateUnit::bytes_per_s), "3.40 GB/s");
  EXPECT_EQ(format_rate(12e3, RateUnit::bytes_per_s), "12.0 kB/s");
  EXPECT_EQ(format_rate(5e9, RateUnit::none), "");
}

TEST(ProgressUnits, TimeLeftInWholeSeconds) {
  EXPECT_EQ(format_seconds_left(44.6), "45 s");
  EXPECT_EQ(format_seconds_left(125), "2 min 05 s");
  EXPECT_EQ(format_seconds_left(3720), "1 h 02 min");
  EXPECT_EQ(format_seconds_left(-3), "0 s");
}

ProgressView compute_view() {
  ProgressView view;
  view.step_number = 3;
  view.step_count = 4;
  view.step_title = "GEMM and attention";
  view.device = "llvmpipe";
  view.progress.fraction_done = 0.5;
  view.progress.subtest = "fp16 GEMM gpt2.qkv 64x2304x768 (4/8)";
  view.progress.rate = 2.5e9;
  view.progress.rate_unit = RateUnit::flops_per_s;
  view.progress.errors = 0;
  view.step_elapsed_s = 20;
  view.step_planned_s = 30;
  view.later_steps_planned_s = 60;
  return view;
}

TEST(ProgressLine, ShowsStepBarSubTestRateErrorsAndTimeLeft) {
  const auto line = render_progress_line(compute_view(), 10);
  EXPECT_EQ(line,
            "[3/4] GEMM and attention [#####.....]  50%, step 20 s left, run 1 min 20 s left: fp16 GEMM gpt2.qkv "
            "64x2304x768 (4/8), 2.50 GFLOPS, 0 errors (llvmpipe)");
}

TEST(ProgressLine, WithoutABarForLogs) {
  const auto line = render_progress_line(compute_view(), 0);
  EXPECT_THAT(line, Not(HasSubstr("[#")));
  EXPECT_THAT(line, HasSubstr("[3/4] GEMM and attention  50%, step"));
}

TEST(ProgressLine, ErrorsOnlyWhereTheStepCountsThem) {
  auto view = compute_view();
  view.progress.errors.reset();
  EXPECT_THAT(render_progress_line(view, 0), Not(HasSubstr("error")));
  view.progress.errors = 1;
  EXPECT_THAT(render_progress_line(view, 0), HasSubstr(", 1 error (llvmpipe)"));
}

TEST(ProgressLine, TimeLeftFromTheStepThenTheFractionThenThePlan) {
  auto view = compute_view();
  view.progress.seconds_left = 7;
  EXPECT_DOUBLE_EQ(step_seconds_left(view), 7);
  view.progress.seconds_left.reset();
  EXPECT_DOUBLE_EQ(step_seconds_left(view), 20);  // half done in 20 s
  view.progress.fraction_done = 0.01;              // too early to extrapolate: the plan
  EXPECT_DOUBLE_EQ(step_seconds_left(view), 10);
  view.step_elapsed_s = 45;                        // over the plan: never below zero
  EXPECT_DOUBLE_EQ(step_seconds_left(view), 0);
}

TEST(ProgressLine, CutToTheTerminalsWidth) {
  const auto line = render_progress_line(compute_view(), 20, 60);
  EXPECT_EQ(line.size(), 60u);
  EXPECT_TRUE(line.ends_with("..."));
}

TEST(ProgressPlan, StepsWithExpectedTimesAndTheTotal) {
  const auto lines = render_plan({{"VRAM integrity and copy bandwidth", 40, "1 CPU Vulkan device"}, {"sustained load", 65, ""}});
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "plan: 2 steps, about 1 min 45 s");
  const auto quick_step = render_plan({{"host-device transfers", 0.2, ""}})[1];
  EXPECT_THAT(quick_step, HasSubstr(" under 1 s"));
  EXPECT_THAT(quick_step, Not(HasSubstr("~0 s")));
  EXPECT_THAT(lines[1], HasSubstr("1. VRAM integrity and copy bandwidth"));
  EXPECT_THAT(lines[1], HasSubstr("~40 s (1 CPU Vulkan device)"));
  EXPECT_THAT(lines[2], HasSubstr("2. sustained load"));
}

TEST(VramProgressLine, CountsTheBytesUnderTestNotTheTrafficOfEveryPattern) {
  VramProgress p;
  p.gib_done = 1.0;
  p.gib_total = 2.0;  // every pattern's passes over 0.25 GiB
  p.tested_bytes = 256ull << 20;
  p.pattern = "walking_ones";
  p.pass = 1;
  p.passes = 1;
  p.rate_gib_per_s = 0.05;
  const auto status = vram_status(p);
  EXPECT_DOUBLE_EQ(status.fraction_done, 0.5);
  EXPECT_THAT(status.subtest, HasSubstr("256 MiB under test"));
  EXPECT_THAT(status.subtest, HasSubstr("pass 1/1"));
  EXPECT_EQ(format_rate(status.rate, status.rate_unit), "53.7 MB/s");
}

// A console writing into a memory buffer, on a clock the test moves.
struct CapturedConsole {
  explicit CapturedConsole(bool terminal) {
    out = open_memstream(&buffer, &size);
    ProgressConsole::Settings settings;
    settings.terminal = terminal;
    console = std::make_unique<ProgressConsole>(out, settings, [this] { return now; });
    console->set_plan({{"sustained load", 60, ""}});
  }
  ~CapturedConsole() {
    console.reset();
    std::fclose(out);
    std::free(buffer);
  }
  std::string text() {
    std::fflush(out);
    return std::string(buffer, size);
  }
  int count(const std::string& needle) {
    const auto t = text();
    int n = 0;
    for (auto at = t.find(needle); at != std::string::npos; at = t.find(needle, at + 1)) ++n;
    return n;
  }
  double now = 0;
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* out = nullptr;
  std::unique_ptr<ProgressConsole> console;
};

TEST(ProgressConsole, PlainLogGetsALineAtLeastEveryTenSecondsEvenFromASilentStep) {
  CapturedConsole c(false);
  c.console->step_started(0);
  EXPECT_EQ(c.count("[1/1] sustained load"), 1);  // at the start of the step
  // A step that reports nothing for 35 s (one long GEMM): the ticker's calls still write.
  for (int t = 1; t <= 35; ++t) {
    c.now = t;
    c.console->tick();
  }
  EXPECT_EQ(c.count("[1/1] sustained load"), 4);  // 0, 10, 20, 30 s
  EXPECT_THAT(c.text(), HasSubstr("run 30 s left"));
  EXPECT_EQ(c.count("\r"), 0);  // no terminal control in a log
}

TEST(ProgressConsole, PlainLogIsNotFloodedByFrequentReports) {
  CapturedConsole c(false);
  c.console->step_started(0);
  StepProgress p;
  for (int i = 1; i <= 90; ++i) {  // ten reports a second for 9 s
    c.now = i * 0.1;
    p.fraction_done = i / 600.0;
    c.console->status("gpu0", p);
  }
  EXPECT_EQ(c.count("[1/1] sustained load"), 1);
}

TEST(ProgressConsole, TerminalRedrawsOneLineInPlaceEverySecond) {
  CapturedConsole c(true);
  c.console->step_started(0);
  for (int t = 1; t <= 4; ++t) {
    c.now = t;
    c.console->tick();
  }
  EXPECT_EQ(c.count("\r[1/1] sustained load"), 5);  // at the start and at 1, 2, 3, 4 s
  EXPECT_EQ(c.count("\n"), 3);  // the plan and the step's first line: the live line is redrawn, not scrolled
  c.console->log("a note");
  EXPECT_THAT(c.text(), HasSubstr("\r\x1b[Ka note\n"));  // the note scrolls above the live line
}

TEST(ProgressConsole, AStepsOwnTimeLeftCountsDownBetweenItsReports) {
  CapturedConsole c(false);
  c.console->step_started(0);
  StepProgress p;
  p.seconds_left = 50;
  c.now = 10;
  c.console->status("gpu0", p);  // printed: 10 s since the step's first line
  c.now = 20;
  c.console->tick();
  EXPECT_THAT(c.text(), HasSubstr("step 40 s left"));
}

}  // namespace
}  // namespace rigcheck
