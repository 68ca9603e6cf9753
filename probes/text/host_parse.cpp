#include "probes/text/host_parse.hpp"

#include <array>
#include <cctype>
#include <limits>

#include "probes/text/text_util.hpp"

namespace rigcheck {
namespace {

using text::split_lines;
using text::trim;

struct KeyValue {
  std::string_view key;
  std::string_view value;
};

// "key<sep>value" with both sides trimmed; nullopt without the separator.
std::optional<KeyValue> split_key_value(std::string_view line, char separator) {
  auto pos = line.find(separator);
  if (pos == std::string_view::npos) return std::nullopt;
  return KeyValue{trim(line.substr(0, pos)), trim(line.substr(pos + 1))};
}

// "Intel(R) Core(TM) i7 CPU         920  @ 2.67GHz" -> single spaces.
std::string squeeze_spaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool blank = c == ' ' || c == '\t';
    if (blank && (out.empty() || out.back() == ' ')) continue;
    out.push_back(blank ? ' ' : c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// A "kB" value of /proc/meminfo in bytes (nullopt on overflow or a malformed number).
std::optional<std::uint64_t> kib_to_bytes(std::string_view value) {
  auto space = value.find(' ');
  auto number = text::parse_decimal(value.substr(0, space));
  if (!number) return std::nullopt;
  auto unit = space == std::string_view::npos ? std::string_view() : trim(value.substr(space));
  if (unit.empty()) return number;
  if (unit != "kB" || *number > std::numeric_limits<std::uint64_t>::max() / 1024) return std::nullopt;
  return *number * 1024;
}

// Undo os-release's shell quoting: "..." (with \" \\ \$ \` escapes) or '...'.
std::string unquote(std::string_view value) {
  if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') return std::string(value.substr(1, value.size() - 2));
  if (value.size() < 2 || value.front() != '"' || value.back() != '"') return std::string(value);
  std::string out;
  auto inner = value.substr(1, value.size() - 2);
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '\\' && i + 1 < inner.size()) ++i;
    out.push_back(inner[i]);
  }
  return out;
}

bool is_version(std::string_view token) {
  // digits, then one or more ".digits" groups: 535.183.01, 390.157
  int dots = 0;
  bool digit_before = false;
  for (char c : token) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digit_before = true;
    } else if (c == '.' && digit_before) {
      ++dots;
      digit_before = false;
    } else {
      return false;
    }
  }
  return dots > 0 && digit_before;
}

}  // namespace

MemInfo parse_meminfo(std::string_view text) {
  MemInfo info;
  for (auto line : split_lines(text)) {
    auto kv = split_key_value(line, ':');
    if (!kv) continue;
    if (kv->key == "MemTotal") info.total_bytes = kib_to_bytes(kv->value);
    if (kv->key == "MemAvailable") info.available_bytes = kib_to_bytes(kv->value);
  }
  return info;
}

CpuInfo parse_cpuinfo(std::string_view text) {
  // Model keys, best first.
  constexpr std::array<std::string_view, 5> model_keys{"model name", "Model", "cpu model", "cpu", "Hardware"};
  std::array<std::optional<std::string>, model_keys.size()> models;
  int processors = 0;
  for (auto line : split_lines(text)) {
    auto kv = split_key_value(line, ':');
    if (!kv) continue;
    if (kv->key == "processor") ++processors;
    for (std::size_t i = 0; i < model_keys.size(); ++i)
      if (kv->key == model_keys[i] && !models[i] && !kv->value.empty()) models[i] = squeeze_spaces(kv->value);
  }
  CpuInfo info;
  for (auto& model : models)
    if (model) {
      info.model = model;
      break;
    }
  if (processors > 0) info.logical_cores = processors;
  return info;
}

std::optional<std::string> parse_os_release(std::string_view text) {
  std::optional<std::string> pretty, name, version;
  for (auto line : split_lines(text)) {
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    auto kv = split_key_value(line, '=');
    if (!kv) continue;
    auto value = unquote(kv->value);
    if (value.empty()) continue;
    if (kv->key == "PRETTY_NAME") pretty = value;
    if (kv->key == "NAME") name = value;
    if (kv->key == "VERSION") version = value;
  }
  if (pretty) return pretty;
  if (name && version) return *name + " " + *version;
  return name;
}

std::optional<std::string> parse_nvidia_driver_version(std::string_view text) {
  for (auto line : split_lines(text)) {
    line = trim(line);
    if (!line.starts_with("NVRM version:")) continue;
    auto rest = line.substr(13);
    while (!rest.empty()) {
      auto begin = rest.find_first_not_of(" \t");
      if (begin == std::string_view::npos) break;
      rest.remove_prefix(begin);
      auto end = rest.find_first_of(" \t");
      auto token = rest.substr(0, end);
      if (is_version(token)) return std::string(token);
      rest.remove_prefix(token.size());
    }
  }
  return std::nullopt;
}

bool cmdline_has_pci_realloc(std::string_view cmdline) {
  bool realloc = false;
  std::size_t pos = 0;
  while (pos < cmdline.size()) {
    auto begin = cmdline.find_first_not_of(" \t\n", pos);
    if (begin == std::string_view::npos) break;
    auto end = cmdline.find_first_of(" \t\n", begin);
    if (end == std::string_view::npos) end = cmdline.size();
    auto token = cmdline.substr(begin, end - begin);
    pos = end;
    if (!token.starts_with("pci=")) continue;
    auto options = token.substr(4);
    while (!options.empty()) {
      auto comma = options.find(',');
      auto option = options.substr(0, comma);
      if (option == "realloc" || option == "realloc=on") realloc = true;
      if (option == "realloc=off") realloc = false;
      options = comma == std::string_view::npos ? std::string_view() : options.substr(comma + 1);
    }
  }
  return realloc;
}

}  // namespace rigcheck
