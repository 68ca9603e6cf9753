// JUnit XML for CI: one test suite per GPU and one for the system, one test case per check.
// fail -> <failure>, error -> <error>, skip -> <skipped>; warn passes with the warning in system-out.
#include <fmt/format.h>

#include "reports/render/render.hpp"

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

void suite(std::string& out, const std::string& name, const std::vector<Check>& checks) {
  int failures = 0, errors = 0, skipped = 0;
  for (const auto& c : checks) {
    failures += c.status == CheckStatus::fail;
    errors += c.status == CheckStatus::error;
    skipped += c.status == CheckStatus::skip;
  }
  out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
                     xml_escape(name), checks.size(), failures, errors, skipped);
  for (const auto& c : checks) {
    out += fmt::format("    <testcase classname=\"{}\" name=\"{}\">\n", xml_escape(name), xml_escape(c.id));
    std::string detail = c.summary;
    for (const auto& a : c.advice) detail += "\nadvice: " + a;
    for (const auto& e : c.evidence) detail += "\nevidence: " + e;
    switch (c.status) {
      case CheckStatus::fail:
        out += fmt::format("      <failure message=\"{}\">{}</failure>\n", xml_escape(c.summary), xml_escape(detail));
        break;
      case CheckStatus::error:
        out += fmt::format("      <error message=\"{}\">{}</error>\n", xml_escape(c.summary), xml_escape(detail));
        break;
      case CheckStatus::skip: out += fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(c.summary)); break;
      case CheckStatus::warn:
        out += fmt::format("      <system-out>WARNING: {}</system-out>\n", xml_escape(detail));
        break;
      case CheckStatus::pass: out += fmt::format("      <system-out>{}</system-out>\n", xml_escape(c.summary)); break;
    }
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n";
}

}  // namespace

std::string render_junit(const Report& report) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"rigcheck\" verdict=\"{}\">\n", to_string(report.verdict.status));
  for (const auto& gpu : report.gpus) suite(out, fmt::format("GPU {} {} {}", gpu.index, gpu.name, gpu.pci.bdf), gpu.checks);
  suite(out, "system", report.system_checks);
  out += "</testsuites>\n";
  return out;
}

}  // namespace rigcheck
