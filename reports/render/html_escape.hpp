#pragma once
// HTML entity escaping for text and attribute values (also valid inside inline SVG).
#include <string>
#include <string_view>

namespace rigcheck {

// & < > " ' become entities; C0 control characters other than tab, newline and carriage return
// are dropped (HTML forbids them). Everything from a report passes through here.
std::string html_escape(std::string_view text);

}  // namespace rigcheck
