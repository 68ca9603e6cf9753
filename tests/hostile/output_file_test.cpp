// -o never destroys what it names: links are followed, devices and FIFOs written straight,
// regular files replaced whole, directories refused.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <future>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/output.hpp"
#include "tests/hostile/hostile_support.hpp"

namespace rigcheck {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using namespace hostile;

TEST(OutputFile, SymlinkIsFollowedAndItsTargetReplaced) {
  auto dir = fresh_dir("output-symlink");
  write_text(dir / "target.txt", "old");
  fs::create_symlink("target.txt", dir / "link.txt");
  ASSERT_TRUE(write_file_atomically((dir / "link.txt").string(), "new").ok());
  EXPECT_TRUE(fs::is_symlink(dir / "link.txt"));
  EXPECT_EQ(slurp(dir / "target.txt"), "new");
}

TEST(OutputFile, DanglingSymlinkCreatesItsTarget) {
  auto dir = fresh_dir("output-dangling");
  fs::create_symlink("missing.txt", dir / "link.txt");
  ASSERT_TRUE(write_file_atomically((dir / "link.txt").string(), "made").ok());
  EXPECT_TRUE(fs::is_symlink(dir / "link.txt"));
  EXPECT_EQ(slurp(dir / "missing.txt"), "made");
}

TEST(OutputFile, CharacterDeviceIsWrittenStraight) {
  ASSERT_TRUE(write_file_atomically("/dev/null", "discarded").ok());
  struct stat info {};
  ASSERT_EQ(::stat("/dev/null", &info), 0);
  EXPECT_TRUE(S_ISCHR(info.st_mode));
}

TEST(OutputFile, FifoIsWrittenStraightAndStaysAFifo) {
  auto dir = fresh_dir("output-fifo");
  auto fifo = dir / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto reader = std::async(std::launch::async, [&] { return slurp(fifo); });
  ASSERT_TRUE(write_file_atomically(fifo.string(), "through the pipe").ok());
  EXPECT_EQ(reader.get(), "through the pipe");
  EXPECT_TRUE(fs::is_fifo(fifo));
}

TEST(OutputFile, DirectoryIsRefusedWithAReason) {
  auto dir = fresh_dir("output-directory");
  auto written = write_file_atomically(dir.string(), "x");
  ASSERT_FALSE(written.ok());
  EXPECT_THAT(written.error(), HasSubstr("is a directory"));
  EXPECT_TRUE(fs::is_directory(dir));
}

TEST(OutputFile, RegularFileIsReplacedWholeKeepingItsMode) {
  auto dir = fresh_dir("output-regular");
  auto file = dir / "report.txt";
  write_text(file, "a much longer old text than the new one");
  ASSERT_EQ(::chmod(file.c_str(), 0640), 0);
  ASSERT_TRUE(write_file_atomically(file.string(), "new").ok());
  EXPECT_EQ(slurp(file), "new");
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1) << "a temporary file was left";
}

}  // namespace
}  // namespace rigcheck
