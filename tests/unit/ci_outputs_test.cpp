// Outputs CI tools read, checked by those tools: JUnit against the Jenkins/Ant XSD in
// tests/cluster/junit.xsd (xmllint), the Prometheus textfile with `promtool check metrics`, and
// the telemetry CSV. Reports come from fixture machines (probe) and from a P40 burn built in code.
#include <cstdlib>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "reports/render/render.hpp"
#include "tests/render/render_fixtures.hpp"
#include "tests/unit/test_support.hpp"

namespace rigcheck {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

bool have_tool(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// Runs a shell command; returns its exit status (its output goes to the test log).
int shell(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Report burn_with_warning() {
  auto report = render_fixtures::burn_report();
  auto warn = render_fixtures::check("thermal.sustained", CheckStatus::warn, "reached slowdown at minute 4");
  report.gpus[0].checks.push_back(warn);
  report.gpus[0].checks.push_back(render_fixtures::check("compute.gemm.fp8", CheckStatus::skip, "sm_61 has no fp8"));
  report.gpus[0].checks.push_back(render_fixtures::check("pcie.errors", CheckStatus::error, "AER counters unreadable"));
  return report;
}

// Every fixture machine probed in `format`, plus the burn report, as files.
std::vector<std::filesystem::path> outputs(const std::string& format, const std::string& extension) {
  auto dir = testing::scratch_dir("ci-outputs-" + format);
  std::vector<std::filesystem::path> files;
  for (const char* machine : {"p40-healthy", "p40-above4g-off", "m40-riser-x4", "two-p40-one-x1-slot", "no-gpu",
                              "p40-fell-off-bus"}) {
    auto path = dir / (std::string(machine) + extension);
    auto run = testing::run_rigcheck({"probe", "--sysroot", testing::machine_dir(machine), "--format", format, "-o", path.string()});
    EXPECT_NE(run.exit_code, 2) << run.stderr_text;
    files.push_back(path);
  }
  auto burn = dir / ("burn" + extension);
  auto text = render(burn_with_warning(), format, {});
  EXPECT_TRUE(text.ok());
  std::ofstream(burn) << *text;
  files.push_back(burn);
  return files;
}

TEST(JunitOutput, ValidatesAgainstTheJenkinsAntSchema) {
  ASSERT_TRUE(have_tool("xmllint")) << "xmllint (libxml2-utils) is missing: ci/setup-deps.sh installs it";
  std::string xsd = std::string(RIGCHECK_SOURCE_DIR) + "/tests/cluster/junit.xsd";
  for (const auto& file : outputs("junit", ".xml"))
    EXPECT_EQ(shell("xmllint --noout --schema '" + xsd + "' '" + file.string() + "'"), 0) << file;
}

TEST(JunitOutput, SchemaRejectsWhatJenkinsMisreads) {
  // The schema must be able to fail: a dotted classname and a suite without timestamp.
  auto dir = testing::scratch_dir("junit-bad");
  std::ofstream(dir / "bad.xml") << "<testsuites><testsuite name=\"s\" tests=\"1\" failures=\"0\" errors=\"0\" time=\"0\" "
                                    "hostname=\"h\"><properties/><testcase classname=\"a.b\" name=\"c\" time=\"0\"/>"
                                    "<system-out/><system-err/></testsuite></testsuites>\n";
  std::string xsd = std::string(RIGCHECK_SOURCE_DIR) + "/tests/cluster/junit.xsd";
  EXPECT_NE(shell("xmllint --noout --schema '" + xsd + "' '" + (dir / "bad.xml").string() + "' 2>/dev/null"), 0);
}

TEST(JunitOutput, TimesHostWarningsAndClassnames) {
  auto xml = render_junit(burn_with_warning());
  EXPECT_THAT(xml, HasSubstr("timestamp=\"2026-11-27T20:53:00\" hostname=\"rig-1\""));
  EXPECT_THAT(xml, HasSubstr("classname=\"GPU 0 Tesla P40 0000:13:00_0\""));
  EXPECT_THAT(xml, Not(HasSubstr("verdict=")));
  // The burn lasted 300 s: the checks it judged carry that time; pure judgements 0.
  EXPECT_THAT(xml, HasSubstr("name=\"power.sustained\" time=\"300.000\""));
  EXPECT_THAT(xml, HasSubstr("name=\"host.memory\" time=\"0.000\""));
  EXPECT_THAT(xml, HasSubstr("<property name=\"warning.thermal.sustained\" value=\"reached slowdown at minute 4\"/>"));
  EXPECT_THAT(xml, HasSubstr("<system-out>WARNING: reached slowdown at minute 4</system-out>"));
  EXPECT_THAT(xml, HasSubstr("<skipped message=\"sm_61 has no fp8\"/>"));
  EXPECT_THAT(xml, HasSubstr("<error message=\"AER counters unreadable\""));
}

TEST(PrometheusOutput, PassesPromtool) {
  if (!have_tool("promtool")) GTEST_SKIP() << "promtool (Debian package prometheus) is not installed";
  for (const auto& file : outputs("prom", ".prom"))
    EXPECT_EQ(shell("promtool check metrics < '" + file.string() + "'"), 0) << file;
}

TEST(PrometheusOutput, DcgmNamesOwnUnitsAndStatuses) {
  auto prom = render_prometheus(burn_with_warning());
  std::string labels = "gpu=\"0\",UUID=\"\",pci_bus_id=\"0000:13:00.0\",model_name=\"Tesla P40\",Hostname=\"rig-1\"";
  EXPECT_THAT(prom, HasSubstr("rigcheck_last_run_timestamp_seconds{Hostname=\"rig-1\"} 1795812780\n"));
  EXPECT_THAT(prom, HasSubstr("# TYPE DCGM_FI_DEV_GPU_TEMP gauge\nDCGM_FI_DEV_GPU_TEMP{" + labels));
  EXPECT_THAT(prom, HasSubstr("DCGM_FI_DEV_POWER_USAGE{" + labels));
  EXPECT_THAT(prom, HasSubstr("rigcheck_gemm_flops{" + labels + ",precision=\"fp32\"}"));
  EXPECT_THAT(prom, HasSubstr("rigcheck_check_status{" + labels + ",check=\"compute.gemm.fp8\",status=\"skip\"} 1"));
  EXPECT_THAT(prom, HasSubstr("rigcheck_check_status{" + labels + ",check=\"pcie.errors\",status=\"error\"} 1"));
  EXPECT_THAT(prom, HasSubstr("rigcheck_check_health{" + labels + ",check=\"thermal.sustained\"} 10"));
  // Skipped and errored checks have no health value (it would read as "pass").
  EXPECT_THAT(prom, Not(HasSubstr("check=\"compute.gemm.fp8\"} ")));
  EXPECT_THAT(prom, Not(HasSubstr("modelName")));
}

TEST(CsvOutput, OneRowPerSampleAndGpu) {
  auto report = render_fixtures::burn_report();
  report.gpus.push_back(render_fixtures::p40_gpu(1, 10));
  report.gpus[1].pci.bdf = "0000:14:00.0";
  auto csv = render_csv(report);
  auto lines = std::count(csv.begin(), csv.end(), '\n');
  EXPECT_EQ(lines, 1 + report.gpus[0].telemetry->rows.size() + report.gpus[1].telemetry->rows.size());
  EXPECT_THAT(csv, HasSubstr("gpu,pci_bus_id,name,t_s,"));
  EXPECT_THAT(csv, HasSubstr("\n1,0000:14:00.0,Tesla P40,"));
}

}  // namespace
}  // namespace rigcheck
