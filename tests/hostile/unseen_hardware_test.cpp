// Never "sound" when something was not seen: a P40 machine with one sysfs file broken at a time.
#include <sys/stat.h>

#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/hostile/hostile_support.hpp"

namespace rigcheck {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using namespace hostile;

constexpr const char* kP40 = "sys/devices/pci0000:00/0000:00:03.0/0000:13:00.0";

// The healthy P40 machine copied into a scratch folder, for one file to be broken.
fs::path copy_of_healthy_machine(const std::string& name) {
  auto dir = fresh_dir(name) / "machine";
  fs::copy(machine_dir("p40-healthy"), dir, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  return dir;
}

struct Probed {
  int exit_code;
  nlohmann::json report;
};

Probed probe(const fs::path& machine) {
  auto outcome = run_rigcheck_in(machine.parent_path(), {"probe", "--sysroot", machine.string(), "--format", "json"});
  return {outcome.exit_code, nlohmann::json::parse(outcome.stdout_text, nullptr, false)};
}

std::string check_of(const nlohmann::json& report, int gpu, const std::string& id, const std::string& field) {
  for (const auto& check : report["gpus"][gpu]["checks"])
    if (check["id"] == id) return check[field].get<std::string>();
  return "";
}

TEST(UnseenHardware, HealthyMachineIsSound) { EXPECT_EQ(probe(copy_of_healthy_machine("unseen-healthy")).exit_code, 0); }

TEST(UnseenHardware, EmptyClassFileHidesTheGpuAndMakesTheVerdictUntested) {
  auto machine = copy_of_healthy_machine("unseen-empty-class");
  write_text(machine / kP40 / "class", "");
  auto probed = probe(machine);
  EXPECT_EQ(probed.exit_code, 3);
  EXPECT_EQ(probed.report["verdict"]["status"], "untested");
  EXPECT_THAT(probed.report["verdict"]["reasons"].dump(), HasSubstr("0000:13:00.0/class"));
}

TEST(UnseenHardware, DanglingDeviceLinkMakesTheVerdictUntested) {
  auto machine = copy_of_healthy_machine("unseen-dangling");
  auto link = machine / "sys/bus/pci/devices/0000:13:00.0";
  fs::remove(link);
  fs::create_symlink("../../../devices/pci0000:00/0000:00:03.0/gone", link);
  auto probed = probe(machine);
  EXPECT_EQ(probed.exit_code, 3);
  EXPECT_EQ(probed.report["verdict"]["status"], "untested");
}

TEST(UnseenHardware, UnreadableResourceIsBarErrorAndUntested) {
  auto machine = copy_of_healthy_machine("unseen-resource");
  write_text(machine / kP40 / "resource", "garbage\n");
  auto probed = probe(machine);
  EXPECT_EQ(check_of(probed.report, 1, "pcie.bar", "status"), "error");
  EXPECT_EQ(probed.exit_code, 3);
  EXPECT_EQ(probed.report["verdict"]["status"], "untested");
}

TEST(UnseenHardware, UnreadableLinkWidthIsAnErrorNamingFileAndContent) {
  for (const std::string width : {"abc", "-1", "0", "4294967295"}) {
    auto machine = copy_of_healthy_machine("unseen-width");
    write_text(machine / kP40 / "max_link_width", width + "\n");
    auto probed = probe(machine);
    EXPECT_EQ(check_of(probed.report, 1, "pcie.link", "status"), "error") << width;
    auto summary = check_of(probed.report, 1, "pcie.link", "summary");
    EXPECT_THAT(summary, HasSubstr("max_link_width")) << width;
    EXPECT_THAT(summary, HasSubstr("'" + width + "'")) << width;
    EXPECT_EQ(probed.exit_code, 3) << width;
  }
}

TEST(UnseenHardware, FifoInTheSysrootNeitherHangsNorPasses) {
  auto machine = copy_of_healthy_machine("unseen-fifo");
  auto vendor = machine / kP40 / "vendor";
  fs::remove(vendor);
  ASSERT_EQ(::mkfifo(vendor.c_str(), 0600), 0);
  auto outcome = run_rigcheck_in(machine.parent_path(), {"probe", "--sysroot", machine.string(), "--format", "json"},
                                 std::chrono::seconds(10));
  EXPECT_FALSE(outcome.timed_out);
  EXPECT_EQ(outcome.exit_code, 3) << outcome.stderr_text;
  EXPECT_THAT(outcome.stdout_text, HasSubstr("is not a regular file (a FIFO)"));
}

}  // namespace
}  // namespace rigcheck
