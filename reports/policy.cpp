#include "reports/policy.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <variant>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include "reports/input_file.hpp"

namespace rigcheck {

const std::vector<std::pair<std::string_view, std::string_view>>& builtin_policy_texts();  // generated

namespace {

using Field = std::variant<std::uint64_t*, double*, std::string*, std::vector<std::string>*>;

// Every key a policy file may hold, by dotted path: the one place a new threshold is added.
std::map<std::string, Field> fields_of(Policy& p) {
  return {
      {"name", &p.name},
      {"pcie.errors.correctable_warn_above", &p.pcie_errors.correctable_warn_above},
      {"pcie.errors.nonfatal_fail_above", &p.pcie_errors.nonfatal_fail_above},
      {"pcie.errors.fatal_fail_above", &p.pcie_errors.fatal_fail_above},
      {"pcie.errors.replay_warn_above", &p.pcie_errors.replay_warn_above},
      {"pcie.errors.replay_fail_above", &p.pcie_errors.replay_fail_above},
      {"pcie.link.min_speed_fraction_under_load", &p.pcie_link.min_speed_fraction_under_load},
      {"pcie.bandwidth.warn_below_fraction_of_link", &p.pcie_bandwidth.warn_below_fraction_of_link},
      {"pcie.bandwidth.fail_below_fraction_of_link", &p.pcie_bandwidth.fail_below_fraction_of_link},
      {"vram.integrity.min_coverage_fraction", &p.vram_integrity.min_coverage_fraction},
      {"vram.integrity.only_when_hot_celsius", &p.vram_integrity.only_when_hot_celsius},
      {"vram.integrity.data_line_min_error_share", &p.vram_integrity.data_line_min_error_share},
      {"vram.integrity.data_line_min_addresses", &p.vram_integrity.data_line_min_addresses},
      {"vram.ecc.corrected_warn_above", &p.vram_ecc.corrected_warn_above},
      {"power.min_fraction_of_limit", &p.power.min_fraction_of_limit},
      {"power.power_brake_share_fail_above", &p.power.power_brake_share_fail_above},
      {"power.clock_drop_warn_fraction", &p.power.clock_drop_warn_fraction},
      {"thermal.slowdown_margin_warn_celsius", &p.thermal.slowdown_margin_warn_celsius},
      {"thermal.thermal_throttle_share_fail_above", &p.thermal.thermal_throttle_share_fail_above},
      {"thermal.throughput_decline_warn_fraction", &p.thermal.throughput_decline_warn_fraction},
      {"compute.min_fraction_of_peak_warn", &p.compute.min_fraction_of_peak_warn},
      {"host.memory.headroom_bytes", &p.host_memory.headroom_bytes},
      {"gpt2.required", &p.gpt2.required},
      {"baseline.tolerance_fraction", &p.baseline.tolerance_fraction},
  };
}

std::string where(std::string_view origin, const toml::node& node) {
  const auto& src = node.source();
  if (src.begin.line == 0) return std::string(origin);
  return fmt::format("{} line {}", origin, src.begin.line);
}

// Assigns one leaf value to its field; returns an error message or "".
std::string assign(const Field& field, const toml::node& node, const std::string& key, std::string_view origin) {
  auto type_error = [&](std::string_view expected) {
    return fmt::format("{}: key '{}' must be {}", where(origin, node), key, expected);
  };
  return std::visit(
      [&](auto* target) -> std::string {
        using T = std::remove_pointer_t<decltype(target)>;
        if constexpr (std::is_same_v<T, std::uint64_t>) {
          auto v = node.value<std::int64_t>();
          if (!node.is_integer() || !v || *v < 0) return type_error("a non-negative integer");
          *target = static_cast<std::uint64_t>(*v);
        } else if constexpr (std::is_same_v<T, double>) {
          if (!node.is_number()) return type_error("a number");
          *target = *node.value<double>();
        } else if constexpr (std::is_same_v<T, std::string>) {
          if (!node.is_string()) return type_error("a string");
          *target = *node.value<std::string>();
        } else {
          const auto* array = node.as_array();
          if (!array) return type_error("an array of strings");
          target->clear();
          for (const auto& item : *array) {
            if (!item.is_string()) return type_error("an array of strings");
            target->push_back(*item.value<std::string>());
          }
        }
        return {};
      },
      field);
}

// Which file set each key, for messages about a layered policy.
using KeyOrigins = std::map<std::string, std::string>;

std::string walk(const toml::table& table, const std::string& prefix, std::map<std::string, Field>& fields,
                 std::string_view origin, KeyOrigins& origins) {
  for (const auto& [key, node] : table) {
    std::string path = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (path == "extends") continue;  // resolved by load_layered()
    if (const auto* sub = node.as_table()) {
      auto error = walk(*sub, path, fields, origin, origins);
      if (!error.empty()) return error;
      continue;
    }
    auto it = fields.find(path);
    if (it == fields.end()) return fmt::format("{}: unknown key '{}'", where(origin, node), path);
    auto error = assign(it->second, node, path, origin);
    if (!error.empty()) return error;
    origins[path] = where(origin, node);
  }
  return {};
}

// A warn threshold and the fail threshold that must lie beyond it.
struct ThresholdPair {
  const char* warn_key;
  const char* fail_key;
  bool fail_is_above;  // "fail above" keys: fail >= warn; "fail below" keys: fail <= warn
};
constexpr ThresholdPair kThresholdPairs[] = {
    {"pcie.errors.replay_warn_above", "pcie.errors.replay_fail_above", true},
    {"pcie.bandwidth.warn_below_fraction_of_link", "pcie.bandwidth.fail_below_fraction_of_link", false},
};

double numeric(const Field& field) {
  if (const auto* u = std::get_if<std::uint64_t*>(&field)) return static_cast<double>(**u);
  if (const auto* d = std::get_if<double*>(&field)) return **d;
  return 0;
}

// NaN, infinities, negative limits, fractions above 1 and a fail threshold on the wrong side of
// its warn threshold: each names the key and where it was set.
std::string validate(Policy& policy, const KeyOrigins& origins, std::string_view fallback_origin) {
  auto fields = fields_of(policy);
  auto origin_of = [&](const std::string& key) {
    auto it = origins.find(key);
    return it != origins.end() ? it->second : std::string(fallback_origin);
  };
  for (const auto& [key, field] : fields) {
    const auto* value = std::get_if<double*>(&field);
    if (value == nullptr) continue;
    double v = **value;
    if (!std::isfinite(v)) return fmt::format("{}: key '{}' must be a finite number, not {}", origin_of(key), key, v);
    if (v < 0) return fmt::format("{}: key '{}' must not be negative ({})", origin_of(key), key, v);
    bool is_share = key.find("fraction") != std::string::npos || key.find("share") != std::string::npos;
    if (is_share && v > 1) return fmt::format("{}: key '{}' is a fraction and must be 0 to 1 ({})", origin_of(key), key, v);
  }
  for (const auto& pair : kThresholdPairs) {
    double warn = numeric(fields.at(pair.warn_key));
    double fail = numeric(fields.at(pair.fail_key));
    bool wrong_side = pair.fail_is_above ? fail < warn : fail > warn;
    if (wrong_side)
      return fmt::format("{}: key '{}' ({}) must not be {} '{}' ({})", origin_of(pair.fail_key), pair.fail_key, fail,
                         pair.fail_is_above ? "below" : "above", pair.warn_key, warn);
  }
  for (const auto& entry : policy.gpt2.required)
    if (std::count(entry.begin(), entry.end(), ':') != 2)
      return fmt::format("{}: gpt2.required entry '{}' is not model:task:precision", origin_of("gpt2.required"), entry);
  return {};
}

Result<toml::table> parse_toml(std::string_view text, std::string_view origin) {
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    return Error{fmt::format("{} line {}: {}", origin, e.source().begin.line, e.description())};
  }
}

// Applies `table` over `base`: only the keys the table sets change.
Result<Policy> apply_layer(Policy policy, const toml::table& table, std::string_view origin) {
  KeyOrigins origins;
  auto fields = fields_of(policy);
  auto error = walk(table, "", fields, origin, origins);
  if (error.empty()) error = validate(policy, origins, origin);
  if (!error.empty()) return Error{error};
  return policy;
}

constexpr int kMaxPolicyChain = 8;
constexpr const char* kDefaultPolicy = "gpt2-finetune";

std::optional<std::string_view> builtin_text(std::string_view name) {
  for (const auto& [builtin, text] : builtin_policy_texts())
    if (builtin == name) return text;
  return std::nullopt;
}

// A built-in by name, or a file that `extends` another policy (default: the default policy).
Result<Policy> load_layered(const std::string& name_or_path, int depth) {
  if (auto text = builtin_text(name_or_path)) {
    auto policy = parse_policy(*text, fmt::format("{} (built-in)", name_or_path));
    if (policy) policy->chain = {name_or_path};
    return policy;
  }
  if (depth >= kMaxPolicyChain)
    return Error{fmt::format("policy '{}': more than {} policies extend each other (a loop?)", name_or_path,
                             kMaxPolicyChain)};
  auto input = read_input_file(name_or_path, kPolicyMaxBytes);
  if (!input)
    return Error{fmt::format("policy '{}' is neither a built-in policy ({}) nor a readable file: {}", name_or_path,
                             fmt::join(builtin_policy_names(), ", "), input.error())};
  auto table = parse_toml(input->text, name_or_path);
  if (!table) return Error{table.error()};
  if (table->empty())
    return Error{fmt::format("policy file '{}' is empty: set at least `extends` or one key (see docs/policy.md)",
                             name_or_path)};
  std::string extends = kDefaultPolicy;
  if (const auto* node = table->get("extends")) {
    if (!node->is_string()) return Error{fmt::format("{}: key 'extends' must be a string", where(name_or_path, *node))};
    extends = *node->value<std::string>();
    // A file named relative to the policy that extends it.
    if (!builtin_text(extends) && !std::filesystem::path(extends).is_absolute())
      extends = (std::filesystem::path(name_or_path).parent_path() / extends).string();
  }
  auto base = load_layered(extends, depth + 1);
  if (!base) return Error{base.error()};
  auto chain = base->chain;
  base->name = table->contains("name") ? base->name : std::filesystem::path(name_or_path).stem().string();
  auto policy = apply_layer(std::move(*base), *table, name_or_path);
  if (!policy) return policy;
  policy->chain = {name_or_path};
  policy->chain.insert(policy->chain.end(), chain.begin(), chain.end());
  return policy;
}

}  // namespace

Result<Policy> parse_policy(std::string_view toml_text, std::string_view origin) {
  auto table = parse_toml(toml_text, origin);
  if (!table) return Error{table.error()};
  return apply_layer(Policy{}, *table, origin);
}

std::vector<std::string> builtin_policy_names() {
  std::vector<std::string> names;
  for (const auto& [name, text] : builtin_policy_texts()) names.emplace_back(name);
  return names;
}

Result<Policy> load_policy(std::string_view name_or_path) { return load_layered(std::string(name_or_path), 0); }

}  // namespace rigcheck
