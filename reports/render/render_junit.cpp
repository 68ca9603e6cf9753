// JUnit XML for CI, in the Jenkins/Ant dialect (tests/cluster/junit.xsd): one test suite per GPU
// and one for the system, one test case per check. fail -> <failure>, error -> <error>, skip ->
// <skipped>; a warning passes (JUnit has no "warn") but stays visible twice: a "WARNING:" line in
// the case's <system-out> and a `warning.<check>` property of the suite. Jenkins splits a
// classname at its last dot into package and class, so classnames carry no dots (PCI addresses
// "0000:13:00.0" become "0000:13:00_0").
#include <fmt/format.h>

#include "reports/render/check_time.hpp"
#include "reports/render/render.hpp"
#include "reports/self_check_summary.hpp"

namespace rigcheck {
namespace {

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t') out += c;
    }
  }
  return out;
}

std::string without_dots(std::string text) {
  for (char& c : text)
    if (c == '.') c = '_';
  return text;
}

// Ant's schema wants an ISO 8601 time without a zone; the report's creation time is UTC.
std::string ant_timestamp(const std::string& created_utc) {
  if (!created_utc.empty() && created_utc.back() == 'Z') return created_utc.substr(0, created_utc.size() - 1);
  return created_utc.empty() ? "1970-01-01T00:00:00" : created_utc;
}

struct SuiteInput {
  std::string name;
  std::string classname;
  const std::vector<Check>* checks = nullptr;
  const GpuEntry* gpu = nullptr;  // null for the system suite
};

std::string detail_of(const Check& c) {
  std::string detail = c.summary;
  for (const auto& a : c.advice) detail += "\nadvice: " + a;
  for (const auto& e : c.evidence) detail += "\nevidence: " + e;
  return detail;
}

std::string test_case(const Check& c, const std::string& classname, double seconds) {
  std::string out = fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\">\n", xml_escape(classname),
                                xml_escape(c.id), seconds);
  switch (c.status) {
    case CheckStatus::fail:
      out += fmt::format("      <failure message=\"{}\" type=\"fail\">{}</failure>\n", xml_escape(c.summary),
                         xml_escape(detail_of(c)));
      break;
    case CheckStatus::error:
      out += fmt::format("      <error message=\"{}\" type=\"error\">{}</error>\n", xml_escape(c.summary),
                         xml_escape(detail_of(c)));
      break;
    case CheckStatus::skip: out += fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(c.summary)); break;
    case CheckStatus::warn:
      out += fmt::format("      <system-out>WARNING: {}</system-out>\n", xml_escape(detail_of(c)));
      break;
    case CheckStatus::pass: out += fmt::format("      <system-out>{}</system-out>\n", xml_escape(c.summary)); break;
  }
  return out + "    </testcase>\n";
}

struct Totals {
  std::size_t tests = 0;
  int failures = 0, errors = 0, skipped = 0;
  double seconds = 0;
};

std::string suite(const SuiteInput& in, const Report& report, int id, Totals& all) {
  Totals t;
  std::string cases;
  std::string properties;
  if (in.gpu == nullptr)
    properties += fmt::format("      <property name=\"rigcheck.verdict\" value=\"{}\"/>\n", to_string(report.verdict.status));
  else if (auto line = self_check_line(*in.gpu))
    properties += fmt::format("      <property name=\"rigcheck.self_checks\" value=\"{}\"/>\n", xml_escape(*line));
  for (const auto& c : *in.checks) {
    double seconds = in.gpu ? check_measurement_seconds(*in.gpu, c.id) : 0;
    ++t.tests;
    t.failures += c.status == CheckStatus::fail;
    t.errors += c.status == CheckStatus::error;
    t.skipped += c.status == CheckStatus::skip;
    t.seconds += seconds;
    if (c.status == CheckStatus::warn)
      properties += fmt::format("      <property name=\"warning.{}\" value=\"{}\"/>\n", xml_escape(c.id), xml_escape(c.summary));
    cases += test_case(c, in.classname, seconds);
  }
  all.tests += t.tests;
  all.failures += t.failures;
  all.errors += t.errors;
  all.skipped += t.skipped;
  all.seconds += t.seconds;
  std::string out = fmt::format(
      "  <testsuite name=\"{}\" id=\"{}\" package=\"rigcheck\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
      "time=\"{:.3f}\" timestamp=\"{}\" hostname=\"{}\">\n",
      xml_escape(in.name), id, t.tests, t.failures, t.errors, t.skipped, t.seconds, ant_timestamp(report.created_utc),
      xml_escape(report.host.hostname.value_or("unknown")));
  out += properties.empty() ? "    <properties/>\n" : "    <properties>\n" + properties + "    </properties>\n";
  out += cases;
  out += "    <system-out/>\n    <system-err/>\n  </testsuite>\n";
  return out;
}

}  // namespace

std::string render_junit(const Report& report) {
  std::vector<SuiteInput> inputs;
  for (const auto& gpu : report.gpus) {
    std::string name = fmt::format("GPU {} {} {}", gpu.index, gpu.name, gpu.pci.bdf);
    inputs.push_back({name, without_dots(name), &gpu.checks, &gpu});
  }
  inputs.push_back({"system", "system", &report.system_checks, nullptr});
  Totals all;
  std::string suites;
  int id = 0;
  for (const auto& in : inputs) suites += suite(in, report, id++, all);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"rigcheck\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n",
                     all.tests, all.failures, all.errors, all.seconds);
  out += suites;
  out += "</testsuites>\n";
  return out;
}

}  // namespace rigcheck
