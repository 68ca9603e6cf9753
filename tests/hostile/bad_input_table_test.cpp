// The bad-input table: each row is a command line a new user or an attacker might type, or a
// stored report altered in one place. Every row must end within 10 s with the expected exit code
// and exactly one line on stderr naming the problem, and change no file it was pointed at.
#include <sys/stat.h>

#include <algorithm>
#include <functional>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/hostile/hostile_support.hpp"

namespace rigcheck {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using namespace hostile;

// A stored report of the healthy P40 machine, altered at one JSON pointer.
struct Alteration {
  std::string pointer;     // "/gpus/1/pci/bars/0/size_bytes"
  std::string json_value;  // raw JSON text put there ("-1", "1e308")
};

struct Row {
  std::string name;
  std::vector<std::string> args;  // "@p40": the healthy P40 fixture machine; "@report": the altered report
  int exit_code;
  std::string stderr_has;
  std::function<void(const fs::path&)> setup = {};  // prepares files in the row's folder
  std::optional<Alteration> alteration = {};
  std::string raw_report = {};  // bytes written as report.json instead of an altered report
};

const std::string& healthy_report_text() {
  static const std::string text = [] {
    auto dir = fresh_dir("table-healthy");
    auto outcome = run_rigcheck_in(dir, {"probe", "--sysroot", machine_dir("p40-healthy"), "--format", "json"});
    return outcome.stdout_text;
  }();
  return text;
}

void write_report_for(const Row& row, const fs::path& dir) {
  if (!row.raw_report.empty()) return write_text(dir / "report.json", row.raw_report);
  auto report = nlohmann::json::parse(healthy_report_text());
  if (row.alteration) {
    auto pointer = nlohmann::json::json_pointer(row.alteration->pointer);
    // nlohmann cannot hold 1e400: such values are spliced into the text instead.
    report[pointer] = "@ALTERED@";
    auto text = report.dump(1);
    auto at = text.find("\"@ALTERED@\"");
    text.replace(at, std::string("\"@ALTERED@\"").size(), row.alteration->json_value);
    return write_text(dir / "report.json", text);
  }
  write_text(dir / "report.json", report.dump(1));
}

std::vector<std::string> expand(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const auto& a : args) out.push_back(a == "@p40" ? machine_dir("p40-healthy") : a == "@report" ? "report.json" : a);
  return out;
}

std::vector<Row> rows() {
  return {
      // Command lines.
      {"unknown global option", {"--bogus"}, 2, "rigcheck: unknown option --bogus; see rigcheck --help"},
      {"unknown command option", {"probe", "--bogus"}, 2, "unknown option --bogus; see rigcheck --help"},
      {"unknown option with value", {"report", "--bogus=3", "x.json"}, 2, "unknown option --bogus;"},
      {"unknown command", {"frobnicate"}, 2, "see rigcheck --help"},
      {"no command", {}, 2, "see rigcheck --help"},
      {"unknown format", {"probe", "--format", "pdf"}, 2, "see rigcheck --help"},
      {"duration of 1e9 hours", {"burn", "--duration", "1e9h"}, 2, "7-day maximum"},
      {"run duration of 8 days", {"run", "--duration", "192h", "--sysroot", "@p40"}, 2, "7-day maximum"},
      // -o and --out-dir.
      {"-o a directory", {"probe", "--sysroot", "@p40", "-o", "."}, 2, "is a directory"},
      {"-o in a missing folder", {"probe", "--sysroot", "@p40", "-o", "missing/out.txt"}, 2, "does not exist"},
      {"run --out-dir a file",
       {"run", "--sysroot", "@p40", "--out-dir", "file"},
       2,
       "is not a folder",
       [](const fs::path& dir) { write_text(dir / "file", "x"); }},
  };
}

class BadInputTable : public ::testing::TestWithParam<Row> {};

TEST_P(BadInputTable, ExitCodeOneLineNothingChangedWithinTenSeconds) {
  const Row& row = GetParam();
  auto name = row.name;
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '-');
  auto dir = fresh_dir("table-" + name);
  if (row.setup) row.setup(dir);
  if (std::find(row.args.begin(), row.args.end(), "@report") != row.args.end()) write_report_for(row, dir);
  auto fixtures_before = tree_fingerprint(RIGCHECK_FIXTURES_DIR);
  auto dir_before = tree_fingerprint(dir);

  auto outcome = run_rigcheck_in(dir, expand(row.args));

  EXPECT_FALSE(outcome.timed_out) << row.name;
  EXPECT_LT(outcome.elapsed.count(), 10000) << row.name;
  EXPECT_EQ(outcome.exit_code, row.exit_code) << row.name << "\n" << outcome.stderr_text;
  EXPECT_EQ(std::count(outcome.stderr_text.begin(), outcome.stderr_text.end(), '\n'), 1)
      << row.name << "\n" << outcome.stderr_text;
  EXPECT_THAT(outcome.stderr_text, HasSubstr(row.stderr_has)) << row.name;
  EXPECT_TRUE(outcome.stdout_text.empty()) << row.name;
  EXPECT_EQ(tree_fingerprint(RIGCHECK_FIXTURES_DIR), fixtures_before) << row.name;
  EXPECT_EQ(tree_fingerprint(dir), dir_before) << row.name << ": a file in the row's folder changed";
}

INSTANTIATE_TEST_SUITE_P(Rows, BadInputTable, ::testing::ValuesIn(rows()),
                         [](const ::testing::TestParamInfo<Row>& info) {
                           std::string name = info.param.name;
                           for (auto& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

}  // namespace
}  // namespace rigcheck
