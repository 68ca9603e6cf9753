#pragma once
// Report <-> JSON ("schema": "rigcheck.report/1"). Loading names the first problem in one line.
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "reports/model.hpp"
#include "reports/result.hpp"

namespace rigcheck {

nlohmann::json report_to_json(const Report& report);
std::string report_to_json_text(const Report& report);  // pretty-printed, newline-terminated

// Errors: "not JSON (line 3, column 7: ...)", "schema is 'x', expected 'rigcheck.report/1'",
// "missing field gpus[0].pci.bdf", "gpus[1].checks[0].status: 'bogus' is not a check status".
Result<Report> report_from_json(const nlohmann::json& json);
Result<Report> parse_report(std::string_view text);
Result<Report> load_report_file(const std::string& path);

// A GPU's self-checks alone, in the report's form (worker processes send them with a step's result).
nlohmann::json self_checks_json(const SelfChecks& self_checks);
Result<SelfChecks> self_checks_from_json(const nlohmann::json& list);

}  // namespace rigcheck
