// `run --out-dir` is checked and locked before the first step: a bad folder is exit 2 at once,
// not after minutes of tests whose results are then thrown away.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/hostile/hostile_support.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;
using namespace hostile;

TEST(RunOutDir, AFileAsOutDirIsExit2BeforeAnyStep) {
  auto dir = fresh_dir("run-outdir-file");
  write_text(dir / "taken", "a file, not a folder");
  auto outcome = run_rigcheck_in(dir, {"run", "--out-dir", "taken", "--sysroot", machine_dir("p40-healthy")});
  EXPECT_FALSE(outcome.timed_out);
  EXPECT_EQ(outcome.exit_code, 2) << outcome.stderr_text;
  EXPECT_THAT(outcome.stderr_text, HasSubstr("--out-dir 'taken' exists and is not a folder"));
  EXPECT_LT(outcome.elapsed.count(), 3000);
  EXPECT_EQ(slurp(dir / "taken"), "a file, not a folder");
}

TEST(RunOutDir, ASecondRunIntoALockedFolderIsExit2NamingTheHolder) {
  auto dir = fresh_dir("run-outdir-locked");
  std::filesystem::create_directories(dir / "out");
  int fd = ::open((dir / "out" / ".rigcheck.lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  auto pid = std::to_string(::getpid()) + "\n";
  ASSERT_EQ(::write(fd, pid.data(), pid.size()), static_cast<ssize_t>(pid.size()));
  auto outcome = run_rigcheck_in(dir, {"run", "--out-dir", "out", "--sysroot", machine_dir("p40-healthy")});
  ::close(fd);
  EXPECT_EQ(outcome.exit_code, 2) << outcome.stderr_text;
  EXPECT_THAT(outcome.stderr_text, HasSubstr("in use by another rigcheck run (PID " + std::to_string(::getpid()) + ")"));
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "report.json"));
}

}  // namespace
}  // namespace rigcheck
