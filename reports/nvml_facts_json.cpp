// JSON form of the NVML facts and telemetry. An NvmlValue is written as its plain value (so jq
// sees numbers and strings), or null with an entry {state, reason} under "unavailable".
#include <cmath>
#include <type_traits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "reports/json_fields.hpp"
#include "reports/nvml_facts.hpp"

namespace rigcheck {
namespace {

using nlohmann::json;
using namespace json_fields;

std::optional<NvmlValueState> state_from_string(std::string_view text) {
  for (auto s : {NvmlValueState::measured, NvmlValueState::not_supported, NvmlValueState::not_available})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

template <class T>
void put_value(json& object, json& unavailable, const std::string& key, const NvmlValue<T>& v) {
  if (v.value) {
    object[key] = *v.value;
    return;
  }
  object[key] = nullptr;
  unavailable[key] = {{"state", std::string(to_string(v.state))}, {"reason", v.reason}};
}

// A fact the report does not hold at all was added after the rigcheck that wrote it: not
// available, said so (an older report stays readable). A null must still carry its reason.
template <class T>
NvmlValue<T> get_value(const json& object, const std::string& key, const std::string& path) {
  if (object.is_object() && !object.contains(key))
    return NvmlValue<T>::not_available("not recorded (the report was written by an older rigcheck)");
  const auto& value = required(object, key, path);
  if (!value.is_null()) return NvmlValue<T>::measured(as<T>(value, join(path, key)));
  const auto& unavailable = required(object, "unavailable", path);
  auto where = join(join(path, "unavailable"), key);
  auto it = unavailable.find(key);
  if (it == unavailable.end())
    throw FieldError(join(path, key) + ": null without a reason (missing field " + where + ")");
  auto state_text = get<std::string>(*it, "state", where);
  auto state = state_from_string(state_text);
  if (!state || *state == NvmlValueState::measured)
    throw FieldError(where + ".state: '" + state_text + "' is not not_supported or not_available");
  NvmlValue<T> v;
  v.state = *state;
  v.reason = get<std::string>(*it, "reason", where);
  return v;
}

// Integral cells (masks, counts, MHz) are written as integers so a mask reads as 12, not 12.0.
json cell_to_json(const std::optional<double>& cell) {
  if (!cell) return nullptr;
  double v = *cell;
  if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 9.0e15) return static_cast<std::int64_t>(v);
  return v;
}

}  // namespace

std::string_view to_string(NvmlValueState state) {
  switch (state) {
    case NvmlValueState::measured: return "measured";
    case NvmlValueState::not_supported: return "not_supported";
    case NvmlValueState::not_available: return "not_available";
  }
  return "not_available";
}

void to_json(json& j, const NvmlSystemFacts& facts) {
  j = json::object();
  json unavailable = json::object();
  j["loaded"] = facts.loaded;
  j["library"] = facts.library;
  put_optional(j, "load_error", facts.load_error);
  put_optional(j, "init_symbol", facts.init_symbol);
  j["initialized"] = facts.initialized;
  put_optional(j, "init_error", facts.init_error);
  put_optional(j, "fix_hint", facts.fix_hint);
  put_value(j, unavailable, "driver_version", facts.driver_version);
  put_value(j, unavailable, "nvml_version", facts.nvml_version);
  put_value(j, unavailable, "cuda_driver_version", facts.cuda_driver_version);
  put_value(j, unavailable, "device_count", facts.device_count);
  j["missing_symbols"] = facts.missing_symbols;
  j["problems"] = facts.problems;
  j["unavailable"] = std::move(unavailable);
}

void from_json(const json& j, NvmlSystemFacts& facts) {
  const std::string path = "nvml";
  facts = {};
  facts.loaded = get<bool>(j, "loaded", path);
  facts.library = get<std::string>(j, "library", path);
  facts.load_error = get_optional<std::string>(j, "load_error", path);
  facts.init_symbol = get_optional<std::string>(j, "init_symbol", path);
  facts.initialized = get<bool>(j, "initialized", path);
  facts.init_error = get_optional<std::string>(j, "init_error", path);
  facts.fix_hint = get_optional<std::string>(j, "fix_hint", path);
  facts.driver_version = get_value<std::string>(j, "driver_version", path);
  facts.nvml_version = get_value<std::string>(j, "nvml_version", path);
  facts.cuda_driver_version = get_value<std::string>(j, "cuda_driver_version", path);
  facts.device_count = get_value<int>(j, "device_count", path);
  facts.missing_symbols = get<std::vector<std::string>>(j, "missing_symbols", path);
  facts.problems = get<std::vector<std::string>>(j, "problems", path);
}

void to_json(json& j, const NvmlFacts& facts) {
  j = json::object();
  json unavailable = json::object();
  j["nvml_index"] = facts.nvml_index;
  j["bdf"] = facts.bdf;
  visit_nvml_fields(facts, [&](const char* name, const auto& value) { put_value(j, unavailable, name, value); });
  j["unavailable"] = std::move(unavailable);
}

void from_json(const json& j, NvmlFacts& facts) {
  const std::string path = "facts.nvml";
  facts = {};
  facts.nvml_index = get<int>(j, "nvml_index", path);
  facts.bdf = get<std::string>(j, "bdf", path);
  visit_nvml_fields(facts, [&](const char* name, auto& value) {
    using T = typename std::decay_t<decltype(value)>::value_type;
    value = get_value<T>(j, name, path);
  });
}

void to_json(json& j, const Telemetry& telemetry) {
  j = json::object();
  j["interval_s"] = telemetry.interval_s;
  j["decimation"] = telemetry.decimation;
  j["columns"] = telemetry.columns;
  json rows = json::array();
  for (const auto& row : telemetry.rows) {
    json r = json::array();
    for (const auto& cell : row) r.push_back(cell_to_json(cell));
    rows.push_back(std::move(r));
  }
  j["rows"] = std::move(rows);
  j["unavailable"] = telemetry.unavailable;
  j["error"] = telemetry.error ? json{{"t_s", telemetry.error->t_s}, {"message", telemetry.error->message}}
                               : json(nullptr);
}

void from_json(const json& j, Telemetry& telemetry) {
  const std::string path = "telemetry";
  telemetry = {};
  telemetry.interval_s = get<double>(j, "interval_s", path);
  if (!(telemetry.interval_s > 0)) throw FieldError(path + ".interval_s: must be above 0");
  telemetry.decimation = get<int>(j, "decimation", path);
  if (telemetry.decimation < 1) throw FieldError(path + ".decimation: must be 1 or more");
  telemetry.columns = get<std::vector<std::string>>(j, "columns", path);
  if (telemetry.columns.empty() || telemetry.columns.front() != telemetry_column::t_s)
    throw FieldError(path + ".columns: the first column must be t_s");
  const auto& rows = required(j, "rows", path);
  if (!rows.is_array()) throw FieldError(path + ".rows: expected an array");
  telemetry.rows.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto where = fmt::format("{}.rows[{}]", path, i);
    if (!rows[i].is_array() || rows[i].size() != telemetry.columns.size())
      throw FieldError(where + fmt::format(": expected an array of {} cells", telemetry.columns.size()));
    std::vector<std::optional<double>> row;
    row.reserve(rows[i].size());
    for (std::size_t c = 0; c < rows[i].size(); ++c) {
      const auto& cell = rows[i][c];
      if (cell.is_null()) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(as<double>(cell, fmt::format("{}[{}]", where, c)));
      }
    }
    if (!row[0]) throw FieldError(where + "[0]: t_s must not be null");
    telemetry.rows.push_back(std::move(row));
  }
  telemetry.unavailable = get<std::map<std::string, std::string>>(j, "unavailable", path);
  const auto& error = required(j, "error", path);
  if (!error.is_null()) {
    auto where = join(path, "error");
    telemetry.error = TelemetryError{get<double>(error, "t_s", where), get<std::string>(error, "message", where)};
  }
}

}  // namespace rigcheck
