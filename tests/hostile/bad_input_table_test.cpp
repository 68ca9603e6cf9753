// The bad-input table: each row is a command line a new user or an attacker might type, or a
// stored report altered in one place. Every row must end within 10 s with the expected exit code
// and exactly one line on stderr naming the problem, and change no file it was pointed at.
#include <unistd.h>
#include <sys/stat.h>

#include <optional>

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
    // One folder per process: ctest runs the table's rows as parallel processes.
    auto dir = fresh_dir("table-healthy-" + std::to_string(::getpid()));
    auto outcome = run_rigcheck_in(dir, {"probe", "--sysroot", machine_dir("p40-healthy"), "--format", "json"});
    return outcome.stdout_text;
  }();
  return text;
}

void write_report_for(const Row& row, const fs::path& dir) {
  if (row.raw_report == "@INVALID-UTF8@") {  // the GPU's name with bytes that are not UTF-8
    auto text = healthy_report_text();
    text.replace(text.find("Tesla P40"), 9, "Tesla \xff\xfe\x1b[31m P40");
    return write_text(dir / "report.json", text);
  }
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

void make_fifo(const fs::path& dir) { ::mkfifo((dir / "fifo").c_str(), 0600); }
void make_huge_file(const fs::path& dir) {  // sparse: 300 MiB claimed, nothing stored
  fs::resize_file((write_text(dir / "huge.json", "{"), dir / "huge.json"), std::uintmax_t{300} << 20);
}
std::function<void(const fs::path&)> with_file(std::string name, std::string text) {
  return [name, text](const fs::path& dir) { write_text(dir / name, text); };
}

Row bad_policy(std::string name, std::string toml, std::string expected) {
  return {std::move(name), {"probe", "--sysroot", "@p40", "--policy", "p.toml"}, 2, std::move(expected),
          with_file("p.toml", std::move(toml))};
}

Row altered(std::string name, std::string pointer, std::string value, std::string expected,
            std::vector<std::string> args = {"report", "@report"}) {
  return {std::move(name), std::move(args), 2, std::move(expected), {}, Alteration{std::move(pointer), std::move(value)}};
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
      {"run --only an unknown check", {"run", "--only", "vram.integrity,bogus.check", "--sysroot", "@p40"}, 2,
       "unknown check id 'bogus.check' (valid: host.driver"},
      // -o and --out-dir.
      {"-o a directory", {"probe", "--sysroot", "@p40", "-o", "."}, 2, "is a directory"},
      {"-o in a missing folder", {"probe", "--sysroot", "@p40", "-o", "missing/out.txt"}, 2, "does not exist"},
      {"run --out-dir a file",
       {"run", "--sysroot", "@p40", "--out-dir", "file"},
       2,
       "is not a folder",
       [](const fs::path& dir) { write_text(dir / "file", "x"); }},
      // Inputs that would block or grow without bound.
      {"report is a FIFO", {"report", "fifo"}, 2, "cannot read report 'fifo': is not a regular file (a FIFO)", make_fifo},
      {"report is /dev/zero", {"report", "/dev/zero"}, 2, "is not a regular file (a character device)"},
      {"report is a directory", {"report", "."}, 2, "cannot read report '.': is a directory"},
      {"report over 256 MiB", {"report", "huge.json"}, 2, "is larger than 256 MiB", make_huge_file},
      {"kernel log is a FIFO", {"probe", "--sysroot", "@p40", "--kernel-log", "fifo"}, 2, "is not a regular file", make_fifo},
      {"kernel log is /dev/zero", {"probe", "--sysroot", "@p40", "--kernel-log", "/dev/zero"}, 2, "is not a regular file"},
      {"policy is a FIFO", {"probe", "--sysroot", "@p40", "--policy", "fifo"}, 2, "is not a regular file", make_fifo},
      {"policy is /dev/zero", {"probe", "--sysroot", "@p40", "--policy", "/dev/zero"}, 2, "is not a regular file"},
      // Policies: layered on a built-in, validated.
      bad_policy("empty policy file", "", "policy file 'p.toml' is empty"),
      bad_policy("comments-only policy file", "# nothing\n\n", "policy file 'p.toml' is empty"),
      {"policy is a directory", {"probe", "--sysroot", "@p40", "--policy", "."}, 2, "'.' is neither a built-in policy"},
      bad_policy("NaN threshold", "[pcie.bandwidth]\nwarn_below_fraction_of_link = nan\n",
                 "p.toml line 2: key 'pcie.bandwidth.warn_below_fraction_of_link' must be a finite number"),
      bad_policy("infinite threshold", "[thermal]\nslowdown_margin_warn_celsius = inf\n",
                 "p.toml line 2: key 'thermal.slowdown_margin_warn_celsius' must be a finite number"),
      bad_policy("negative threshold", "[power]\nmin_fraction_of_limit = -0.5\n",
                 "p.toml line 2: key 'power.min_fraction_of_limit' must not be negative"),
      bad_policy("fraction above 1", "[power]\nclock_drop_warn_fraction = 3\n", "must be 0 to 1"),
      bad_policy("fail above warn for a lower bound", "[pcie.bandwidth]\nfail_below_fraction_of_link = 0.7\n",
                 "p.toml line 2: key 'pcie.bandwidth.fail_below_fraction_of_link' (0.7) must not be above "
                 "'pcie.bandwidth.warn_below_fraction_of_link' (0.6)"),
      bad_policy("fail below warn for an upper bound", "[pcie.errors]\nreplay_fail_above = 2\n",
                 "key 'pcie.errors.replay_fail_above' (2) must not be below 'pcie.errors.replay_warn_above' (8)"),
      bad_policy("extends an unknown policy", "extends = \"gpt2-everything\"\n", "gpt2-everything"),
      {"policies extending each other", {"probe", "--sysroot", "@p40", "--policy", "a.toml"}, 2, "(a loop?)",
       [](const fs::path& dir) {
         write_text(dir / "a.toml", "extends = \"b.toml\"\n");
         write_text(dir / "b.toml", "extends = \"a.toml\"\n");
       }},
      // Stored reports altered in one number: exit 2 naming the field, never a wrapped value.
      altered("negative BAR size", "/gpus/1/pci/bars/0/size_bytes", "-1", "gpus[1].pci.bars[0].size_bytes: -1 is negative"),
      altered("BAR size 1e308", "/gpus/1/pci/bars/0/size_bytes", "1e308", "gpus[1].pci.bars[0].size_bytes: 1e+308 is not an integer"),
      altered("BAR size 1e400", "/gpus/1/pci/bars/0/size_bytes", "1e400", "gpus[1].pci.bars[0].size_bytes: number out of range"),
      altered("float in a count", "/host/kernel_log/lines_read", "2.5", "host.kernel_log.lines_read: 2.5 is not an integer"),
      altered("GPU index 1e308", "/gpus/1/index", "1e308", "gpus[1].index: 1e+308 is not an integer"),
      altered("GPU index 5000", "/gpus/1/index", "5000", "gpus[1].index: 5000 is out of range"),
      altered("link width 4294967295", "/gpus/1/pci/link/max_width", "4294967295", "gpus[1].pci.link.max_width: 4294967295 is out of range"),
      altered("link speed -8", "/gpus/1/pci/link/max_speed_gts", "-8", "gpus[1].pci.link.max_speed_gts: -8 is negative"),
      altered("link speed 1e308", "/gpus/1/pci/link/max_speed_gts", "1.5e308", "gpus[1].pci.link.max_speed_gts: 1.5e+308 is out of range"),
      altered("compare a report holding -1e400", "/gpus/0/index", "-1e400", "gpus[0].index: number out of range", {"compare", "@report", "@report"}),
      {"invalid UTF-8 in a report", {"report", "@report"}, 2, "invalid UTF-8 at byte", {}, std::nullopt, "@INVALID-UTF8@"},
      // Strings the schema gives a form: held to it on load, so a re-judged report still validates.
      altered("PCI address with a path", "/gpus/1/pci/bdf", "\"../../etc/passwd\"",
              "gpus[1].pci.bdf: '../../etc/passwd' is not a PCI address like '0000:13:00.0'"),
      altered("upper-case PCI address", "/gpus/1/pci/slot_bdf", "\"0000:00:1C.0\"",
              "gpus[1].pci.slot_bdf: '0000:00:1C.0' is not a PCI address like '0000:13:00.0'"),
      altered("compute capability not a version", "/gpus/1/compute_capability", "\"sm_61; rm -rf /\"",
              "gpus[1].compute_capability: 'sm_61; rm -rf /' is not a compute capability like '6.1'"),
      altered("creation time not UTC", "/created_utc", "\"yesterday\"",
              "created_utc: 'yesterday' is not a UTC time like '2026-12-01T12:00:00Z'"),
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
  // Printable: no escape sequence, no byte that is not UTF-8 (a terminal would act on it).
  for (char c : outcome.stderr_text.substr(0, outcome.stderr_text.size() - 1))
    EXPECT_TRUE(c >= 0x20 && c != 0x7f) << row.name << ": raw byte " << int(static_cast<unsigned char>(c));
  EXPECT_EQ(tree_fingerprint(RIGCHECK_FIXTURES_DIR), fixtures_before) << row.name;
  EXPECT_EQ(tree_fingerprint(dir), dir_before) << row.name << ": a file in the row's folder changed";
}

INSTANTIATE_TEST_SUITE_P(Rows, BadInputTable, ::testing::ValuesIn(rows()),
                         [](const ::testing::TestParamInfo<Row>& row_info) {
                           std::string name = row_info.param.name;
                           for (auto& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

}  // namespace
}  // namespace rigcheck
