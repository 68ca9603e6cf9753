#pragma once
// Parsing stored JSON text (reports) so that every failure is one printable line: the byte
// position of a syntax error, the field path of a number too large to hold (1e400), and never
// the raw bytes of invalid UTF-8.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "reports/result.hpp"

namespace rigcheck {

Result<nlohmann::json> parse_json_text(std::string_view text);

// `text` with control characters, DEL and bytes that are not valid UTF-8 written as \xNN, so a
// message quoting a file can be printed on one terminal line.
std::string printable(std::string_view text);

}  // namespace rigcheck
