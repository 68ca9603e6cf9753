// Ctrl-C: the run stops within 2 s, checks that did not run say "interrupted", and a second
// Ctrl-C after the partial report is on disk exits 3, not 130.
#include <signal.h>

#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/interrupt.hpp"
#include "reports/judge/judge.hpp"
#include "reports/policy.hpp"
#include "reports/report_json.hpp"
#include "tests/hostile/hostile_support.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace hostile;
using namespace std::chrono_literals;

std::string summary_of(const Report& report, int gpu, const std::string& id) {
  for (const auto& check : report.gpus[gpu].checks)
    if (check.id == id) return check.summary;
  return "";
}

TEST(Interrupt, ChecksThatDidNotRunSayInterrupted) {
  auto dir = fresh_dir("interrupt-labels");
  auto probe = run_rigcheck_in(dir, {"probe", "--sysroot", machine_dir("p40-healthy"), "--format", "json"});
  auto report = parse_report(probe.stdout_text);
  ASSERT_TRUE(report.ok()) << report.error();
  report->interrupted = true;
  auto judged = judge(*report, *load_policy("gpt2-finetune"));
  EXPECT_THAT(summary_of(judged, 1, "vram.integrity"), HasSubstr("interrupted"));
  EXPECT_THAT(summary_of(judged, 1, "pcie.bandwidth"), HasSubstr("interrupted"));
  EXPECT_THAT(summary_of(judged, 1, "pcie.link"), Not(HasSubstr("interrupted")));
}

TEST(InterruptDeathTest, SecondCtrlCExits3OnceTheReportIsOnDisk) {
  EXPECT_EXIT(
      {
        install_interrupt_handler();
        note_report_on_disk();
        ::raise(SIGINT);
        ::raise(SIGINT);
      },
      ::testing::ExitedWithCode(3), "the partial report is on disk");
}

TEST(InterruptDeathTest, SecondCtrlCWithoutAReportExits130) {
  EXPECT_EXIT(
      {
        install_interrupt_handler();
        ::raise(SIGINT);
        ::raise(SIGINT);
      },
      ::testing::ExitedWithCode(130), "exiting without a report");
}

// Waits until `needle` appears on the child's stderr (or `limit` passes).
bool wait_for_stderr(const Running& running, const std::string& needle, std::chrono::milliseconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (stderr_so_far(running).find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

// The VRAM test on whatever Vulkan device there is (lavapipe in CI): Ctrl-C mid-pattern must
// end the command within 2 s with a partial result (exit 3).
TEST(Interrupt, VramStopsWithinTwoSecondsOfCtrlC) {
  auto dir = fresh_dir("interrupt-vram");
  auto running = start_rigcheck_in(dir, {"vram", "--backend", "vulkan", "--size", "2GiB", "--passes", "4",
                                         "--no-transfers", "--format", "json", "-o", "vram.json"});
  // Progress lines show the test is under way; give it time to be deep inside a pattern.
  bool started = wait_for_stderr(running, "GiB", 60s);
  if (!started) {
    auto outcome = finish(running, 1s);
    GTEST_SKIP() << "no Vulkan device ran the VRAM test: " << outcome.stderr_text;
  }
  std::this_thread::sleep_for(1500ms);
  auto signalled = std::chrono::steady_clock::now();
  ASSERT_EQ(::kill(running.pid, SIGINT), 0);
  auto outcome = finish(running, 30s);
  auto stop_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - signalled);
  std::printf("rigcheck vram stopped %lld ms after Ctrl-C\n", static_cast<long long>(stop_ms.count()));
  EXPECT_LT(stop_ms.count(), 2000) << outcome.stderr_text;
  EXPECT_EQ(outcome.exit_code, 3) << outcome.stderr_text;
}

}  // namespace
}  // namespace rigcheck
