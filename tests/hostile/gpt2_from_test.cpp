// `gpt2 --from REPORT` sizes GPT-2 for the GPU `judge` sizes it for (the first compute GPU), not
// for gpus[0], which is the display card on a typical used-Tesla build, and says which.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/hostile/hostile_support.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;
using namespace hostile;

TEST(Gpt2From, SizesForTheFirstComputeGpuAndSaysWhich) {
  auto dir = fresh_dir("gpt2-from");
  auto probe = run_rigcheck_in(dir, {"probe", "--sysroot", machine_dir("p40-healthy"), "-o", "report.json",
                                     "--format", "json"});
  ASSERT_EQ(probe.exit_code, 0) << probe.stderr_text;
  auto table = run_rigcheck_in(dir, {"gpt2", "--from", "report.json"});
  EXPECT_EQ(table.exit_code, 0) << table.stderr_text;
  EXPECT_THAT(table.stdout_text + table.stderr_text, HasSubstr("sized for GPU 1 (0000:13:00.0, Tesla P40)"));
}

}  // namespace
}  // namespace rigcheck
