#include "probes/text/kernel_log_read.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "test_files.hpp"

namespace rigcheck {
namespace {

using testing::kernel_log_fixture;
using testing::read_whole;
using testing::TempTree;

TEST(KernelLogRead, ExplicitFileWins) {
  TempTree tree("rigcheck-klog");
  tree.write("/kernel-log.txt", "nvidia: probe of 0000:99:00.0 failed with error -1\n");
  auto path = kernel_log_fixture("above4g.journalctl.txt").string();
  auto read = read_kernel_log(FileSource(tree.root()), path);
  EXPECT_TRUE(read.facts.available);
  EXPECT_EQ(read.facts.source, path);
  EXPECT_EQ(read.facts.events.size(), 7u);
  EXPECT_EQ(read.raw_text, read_whole(path));
  EXPECT_FALSE(read.input_error);
  EXPECT_TRUE(read.notes.empty());
}

TEST(KernelLogRead, MissingExplicitFileIsABadInput) {
  auto read = read_kernel_log(FileSource("/"), "/nonexistent/kernel.log");
  EXPECT_FALSE(read.facts.available);
  ASSERT_TRUE(read.input_error);
  EXPECT_EQ(*read.input_error, "cannot read --kernel-log /nonexistent/kernel.log: no such file");
  EXPECT_EQ(read.facts.unavailable_reason, *read.input_error);
}

TEST(KernelLogRead, ADirectoryIsNotALog) {
  TempTree tree("rigcheck-klog-dir");
  auto read = read_kernel_log(FileSource("/"), tree.root().string());
  EXPECT_FALSE(read.facts.available);
  EXPECT_TRUE(read.input_error);
}

TEST(KernelLogRead, SysrootReplayReadsKernelLogTxt) {
  TempTree tree("rigcheck-klog-sysroot");
  auto host = tree.write("/kernel-log.txt", read_whole(kernel_log_fixture("power-cables.dmesg.txt")));
  auto read = read_kernel_log(FileSource(tree.root()), "");
  EXPECT_TRUE(read.facts.available);
  EXPECT_EQ(read.facts.source, host.string());
  EXPECT_EQ(read.facts.events.size(), 4u);
}

TEST(KernelLogRead, SysrootWithoutLogIsUnavailable) {
  TempTree tree("rigcheck-klog-empty");
  auto read = read_kernel_log(FileSource(tree.root()), "");
  EXPECT_FALSE(read.facts.available);
  EXPECT_EQ(read.facts.source, "none");
  EXPECT_EQ(read.facts.unavailable_reason, "no kernel-log.txt in the sysroot");
  EXPECT_FALSE(read.input_error);
}

TEST(KernelLogRead, GarbageOnlyFileHoldsNoMessages) {
  TempTree tree("rigcheck-klog-garbage");
  auto path = tree.write("/garbage.bin", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\n\x01\x02\x03\n", 16)).string();
  auto read = read_kernel_log(FileSource("/"), path);
  EXPECT_FALSE(read.facts.available);
  EXPECT_EQ(read.facts.unavailable_reason, path + " holds no kernel messages");
  EXPECT_EQ(read.facts.lines_read, 2u);
  ASSERT_EQ(read.notes.size(), 1u);
  EXPECT_NE(read.notes[0].find("2 unreadable line(s) skipped"), std::string::npos);
}

TEST(KernelLogRead, NotesEarlierBootsAndAWrappedBuffer) {
  auto read = read_kernel_log(FileSource("/"), kernel_log_fixture("two-boots.journalctl.txt").string());
  ASSERT_EQ(read.notes.size(), 1u);
  EXPECT_NE(read.notes[0].find("1 earlier boot(s)"), std::string::npos);

  TempTree tree("rigcheck-klog-wrapped");
  auto path = tree.write("/wrapped.txt", "[ 8123.000001] NVRM: Xid (PCI:0000:13:00): 31, pid=1, name=x\n").string();
  auto wrapped = read_kernel_log(FileSource("/"), path);
  ASSERT_EQ(wrapped.notes.size(), 1u);
  EXPECT_NE(wrapped.notes[0].find("does not reach back to boot"), std::string::npos);
}

TEST(KernelLogRead, PermissionDeniedFileSaysSo) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads a mode-000 file anyway";
  TempTree tree("rigcheck-klog-perm");
  auto path = tree.write("/kernel.log", "NVRM: x\n");
  std::filesystem::permissions(path, std::filesystem::perms::none);
  auto read = read_kernel_log(FileSource("/"), path.string());
  EXPECT_FALSE(read.facts.available);
  EXPECT_EQ(read.facts.unavailable_reason, "cannot read --kernel-log " + path.string() + ": permission denied");
}

TEST(KernelLogRead, FileTailKeepsTheEndAtALineStart) {
  TempTree tree("rigcheck-klog-tail");
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "line " + std::to_string(i) + "\n";
  auto path = tree.write("/big.txt", text).string();
  auto tail = read_file_tail(path, 100);
  ASSERT_TRUE(tail);
  EXPECT_TRUE(tail->truncated);
  EXPECT_LE(tail->text.size(), 100u);
  EXPECT_EQ(tail->text.rfind("line 999\n"), tail->text.size() - 9);
  EXPECT_EQ(tail->text.substr(0, 5), "line ");
  auto whole = read_file_tail(path);
  ASSERT_TRUE(whole);
  EXPECT_FALSE(whole->truncated);
  EXPECT_EQ(whole->text, text);
}

TEST(KernelLogRead, KmsgRecordsFromARegularFile) {
  TempTree tree("rigcheck-kmsg");
  std::string content;
  for (int i = 0; i < 20; ++i) content += read_whole(kernel_log_fixture("above4g.kmsg.txt"));  // > one 16 KiB read
  auto path = tree.write("/kmsg", content).string();
  auto records = read_kmsg_records(path);
  ASSERT_TRUE(records);
  EXPECT_EQ(*records, content);
  auto capped = read_kmsg_records(path, 100);
  ASSERT_TRUE(capped);
  EXPECT_GE(capped->size(), 100u);
  EXPECT_LT(capped->size(), content.size());
  EXPECT_EQ(read_kmsg_records("/nonexistent/kmsg").error(), "no such file");
}

// The running machine: /dev/kmsg is read without blocking, or the reason says why not.
TEST(KernelLogRead, HostKmsgNeverHangs) {
  auto read = read_kernel_log(FileSource("/"), "");
  if (read.facts.available) {
    EXPECT_EQ(read.facts.source, "/dev/kmsg");
    EXPECT_GT(read.facts.lines_read, 0u);
  } else {
    EXPECT_FALSE(read.facts.unavailable_reason.empty());
  }
  EXPECT_FALSE(read.input_error);
}

}  // namespace
}  // namespace rigcheck
