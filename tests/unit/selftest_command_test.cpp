// `rigcheck selftest` end to end on the machine's devices (lavapipe in CI): every self-check
// passes, one line per device and self-check, exit 0, within the time the command promises on a
// CPU device (60 s on 2 cores).
#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/test_support.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::run_rigcheck;

TEST(SelftestCommand, ProvesEveryDetectorOnTheDeviceAndExits0) {
  const auto start = std::chrono::steady_clock::now();
  auto result = run_rigcheck({"selftest", "--sysroot", testing::machine_dir("no-gpu"), "-q"});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  for (const char* line : {"[PASS] VRAM own_address", "[PASS] VRAM moving_inversions_random", "[PASS] VRAM retention",
                           "[PASS] timer", "[PASS] GEMM fp32", "[PASS] GEMM fp16", "[PASS] GEMM int8",
                           "[PASS] burn comparison", "detectors verified on this device: VRAM"})
    EXPECT_THAT(result.stdout_text, HasSubstr(line));
  EXPECT_THAT(result.stdout_text, Not(HasSubstr("[FAIL]")));
  EXPECT_LT(seconds, 60.0) << "rigcheck selftest took " << seconds << " s";
  RecordProperty("selftest_seconds", std::to_string(seconds));
}

TEST(SelftestCommand, ABadGpuSelectionIsBadInput) {
  auto result = run_rigcheck({"selftest", "--gpu", "no-such-device", "-q"});
  EXPECT_EQ(result.exit_code, 2) << result.stdout_text << result.stderr_text;
}

}  // namespace
}  // namespace rigcheck
