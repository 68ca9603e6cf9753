#include "probes/text/kernel_log_line.hpp"

#include <array>
#include <cctype>

#include "probes/text/text_util.hpp"

namespace rigcheck {
namespace {

using text::leading_decimal;
using text::trim;

bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

std::string_view skip_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

// " SUBSYSTEM=pci", " DEVICE=+pci:0000:13:00.0": key in capitals, then '='.
bool is_kmsg_dictionary(std::string_view raw) {
  if (raw.empty() || raw.front() != ' ') return false;
  auto s = skip_spaces(raw);
  std::size_t i = 0;
  while (i < s.size() && (std::isupper(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
  return i > 0 && i < s.size() && s[i] == '=';
}

// "prio,seq,usec,flags[,more];message" (Documentation/ABI/testing/dev-kmsg).
bool take_kmsg_prefix(std::string_view& s, LogLine& line) {
  std::size_t pos = 0;
  std::array<std::uint64_t, 3> fields{};
  for (auto& field : fields) {
    std::size_t used = 0;
    auto value = leading_decimal(s.substr(pos), used);
    if (!value) return false;
    field = *value;
    pos += used;
    if (pos >= s.size() || s[pos] != ',') return false;
    ++pos;
  }
  auto semicolon = s.find(';', pos);
  if (semicolon == std::string_view::npos || semicolon - pos > 16) return false;
  line.sequence = fields[1];
  line.time_s = static_cast<double>(fields[2]) / 1e6;
  s.remove_prefix(semicolon + 1);
  return true;
}

// dmesg -x: "kern  :err   : message".
bool take_facility_level_prefix(std::string_view& s) {
  auto word = [](std::string_view t, std::size_t& i) {
    auto begin = i;
    while (i < t.size() && std::islower(static_cast<unsigned char>(t[i]))) ++i;
    auto w = t.substr(begin, i - begin);
    while (i < t.size() && t[i] == ' ') ++i;
    return w;
  };
  constexpr std::array<std::string_view, 8> levels{"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"};
  std::size_t i = 0;
  auto facility = word(s, i);
  if (facility.empty() || facility.size() > 8 || i >= s.size() || s[i] != ':') return false;
  ++i;
  auto level = word(s, i);
  bool known = false;
  for (auto l : levels) known = known || level == l;
  if (!known || i >= s.size() || s[i] != ':') return false;
  s = skip_spaces(s.substr(i + 1));
  return true;
}

// "12.345678" -> 12.345678 (digits, a dot, digits).
std::optional<double> parse_seconds(std::string_view t) {
  std::size_t used = 0;
  auto whole = leading_decimal(t, used);
  if (!whole || used >= t.size() || t[used] != '.') return std::nullopt;
  auto fraction_text = t.substr(used + 1);
  std::size_t fraction_used = 0;
  auto fraction = leading_decimal(fraction_text, fraction_used);
  if (!fraction || fraction_used != fraction_text.size() || fraction_used > 9) return std::nullopt;
  double scale = 1.0;
  for (std::size_t k = 0; k < fraction_used; ++k) scale *= 10.0;
  return static_cast<double>(*whole) + static_cast<double>(*fraction) / scale;
}

bool starts_with_name_of_day_or_month(std::string_view t) {
  constexpr std::array<std::string_view, 19> names{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
                                                   "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (auto name : names)
    if (t.starts_with(name)) return true;
  return false;
}

// "[   12.345678] " gives a time; "[Fri Nov 27 ...] " (-T), "[Nov27 20:53] " and "[  +0.000012] " (-H)
// are wall-clock or relative stamps: taken off without a time. Other brackets ("[drm] ...") stay.
void take_bracket_stamp(std::string_view& s, LogLine& line) {
  if (s.empty() || s.front() != '[') return;
  auto close = s.find(']');
  if (close == std::string_view::npos || close > 48) return;
  auto inside = trim(s.substr(1, close - 1));
  if (auto seconds = parse_seconds(inside)) {
    line.time_s = seconds;
  } else if (!((inside.starts_with('+') && parse_seconds(inside.substr(1))) ||
               starts_with_name_of_day_or_month(inside))) {
    return;
  }
  s = skip_spaces(s.substr(close + 1));
}

// dmesg --time-format iso, journalctl -o short-iso: "2026-11-27T20:53:33,123456+0000 ".
void take_iso_stamp(std::string_view& s) {
  if (s.size() < 11 || !is_digit(s[0]) || s[4] != '-' || s[7] != '-' || s[10] != 'T') return;
  auto space = s.find(' ');
  if (space == std::string_view::npos) return;
  s = skip_spaces(s.substr(space + 1));
}

// journalctl and syslog: "<date> <host> kernel: message". The header before "kernel:" has no ": "
// (times are "20:53:33"), which keeps a kernel message that happens to say "kernel:" intact.
void take_journal_prefix(std::string_view& s, LogLine& line) {
  auto pos = s.find(" kernel:");
  if (pos == std::string_view::npos || pos > 120) return;
  auto header = s.substr(0, pos);
  if (header.find(": ") != std::string_view::npos || header.empty() || !(is_alpha(header[0]) || is_digit(header[0])))
    return;
  s = skip_spaces(s.substr(pos + 8));
  take_bracket_stamp(s, line);  // syslog keeps the dmesg stamp after "kernel:"
}

}  // namespace

LogLine split_log_line(std::string_view raw) {
  LogLine line;
  if (trim(raw).empty()) return line;
  if (!text::is_clean_line(raw)) {
    line.kind = LogLineKind::garbage;
    return line;
  }
  if (is_kmsg_dictionary(raw)) {
    line.kind = LogLineKind::continuation;
    return line;
  }
  auto s = trim(raw);
  if (s.starts_with("-- ")) {
    // journalctl separators: "-- Boot 5c1d... --", old "-- Reboot --"; headers "-- Logs begin at ...".
    line.kind = (s.starts_with("-- Boot ") || s.starts_with("-- Reboot")) ? LogLineKind::boot_marker : LogLineKind::blank;
    return line;
  }
  if (!take_kmsg_prefix(s, line)) {
    take_facility_level_prefix(s);
    take_bracket_stamp(s, line);
    take_iso_stamp(s);
    take_journal_prefix(s, line);
  }
  line.message = trim(s);
  line.kind = line.message.empty() ? LogLineKind::blank : LogLineKind::message;
  line.starts_boot = line.message.starts_with("Linux version ");
  return line;
}

}  // namespace rigcheck
