// The JSON that travels between rigcheck and its worker processes: the request (step settings and
// which device) and the outcome (measurements in the report's own JSON form).
#include <nlohmann/json.hpp>

#include "app/step_worker.hpp"
#include "app/step_worker_protocol.hpp"
#include "reports/report_json.hpp"

namespace rigcheck {

using json = nlohmann::json;

namespace {

json ref_json(const DeviceRef& ref) { return {{"backend", ref.info.backend}, {"index", ref.info.index}}; }

template <class T>
void put(json& j, const char* key, const std::optional<T>& value) {
  j[key] = value ? json(*value) : json(nullptr);
}

template <class T>
std::optional<T> take(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

}  // namespace

std::string step_request_json(const StepSettings& s, const StepDevice& device, std::string_view backend_choice) {
  json settings{{"step", std::string(step_info(s.kind).name)},
                {"profile", s.profile},
                {"burn_duration_s", s.burn_duration_s},
                {"precisions", s.precisions},
                {"shapes", s.shapes},
                {"vram_patterns", s.vram_patterns},
                {"inject_faults", s.inject_faults},
                {"self_checks_only", s.self_checks_only},
                {"transfer_standard_sizes", s.transfer_standard_sizes},
                {"telemetry_origin_ns", std::chrono::duration_cast<std::chrono::nanoseconds>(
                                            s.telemetry_origin.time_since_epoch())
                                            .count()}};
  put(settings, "vram_size_bytes", s.vram_size_bytes);
  put(settings, "vram_fraction", s.vram_fraction);
  put(settings, "vram_passes", s.vram_passes);
  put(settings, "memory_cap_bytes", s.memory_cap_bytes);
  json request{{"backend_choice", std::string(backend_choice)},
               {"settings", settings},
               {"primary", ref_json(device.primary)},
               {"fallback", device.fallback ? ref_json(*device.fallback) : json(nullptr)}};
  return request.dump();
}

Result<WorkerRequest> step_request_from_json(std::string_view text) {
  try {
    const json j = json::parse(text);
    WorkerRequest request;
    request.backend_choice = j.at("backend_choice").get<std::string>();
    const json& s = j.at("settings");
    auto kind = step_kind_from_string(s.at("step").get<std::string>());
    if (!kind) return Error{"unknown step " + s.at("step").dump()};
    StepSettings& out = request.settings;
    out.kind = *kind;
    out.profile = s.at("profile").get<std::string>();
    out.burn_duration_s = s.at("burn_duration_s").get<double>();
    out.precisions = s.at("precisions").get<std::vector<std::string>>();
    out.shapes = s.at("shapes").get<std::string>();
    out.vram_patterns = s.at("vram_patterns").get<std::vector<std::string>>();
    out.inject_faults = s.at("inject_faults").get<std::uint32_t>();
    out.self_checks_only = s.at("self_checks_only").get<bool>();
    out.transfer_standard_sizes = s.at("transfer_standard_sizes").get<bool>();
    out.telemetry_origin = std::chrono::steady_clock::time_point(
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::nanoseconds(s.at("telemetry_origin_ns").get<std::int64_t>())));
    out.vram_size_bytes = take<std::uint64_t>(s, "vram_size_bytes");
    out.vram_fraction = take<double>(s, "vram_fraction");
    out.vram_passes = take<std::uint32_t>(s, "vram_passes");
    out.memory_cap_bytes = take<std::uint64_t>(s, "memory_cap_bytes");
    request.primary = {j.at("primary").at("backend").get<std::string>(), j.at("primary").at("index").get<std::uint32_t>()};
    if (!j.at("fallback").is_null())
      request.fallback = WorkerDeviceRef{j["fallback"].at("backend").get<std::string>(),
                                         j["fallback"].at("index").get<std::uint32_t>()};
    return request;
  } catch (const json::exception& e) {
    return Error{std::string("unreadable worker request: ") + e.what()};
  }
}

std::string step_outcome_json(const StepOutcome& outcome) {
  json j{{"measurements", outcome.measurements},
         {"backend", outcome.backend},
         {"notes", outcome.notes},
         {"error", outcome.error ? json(*outcome.error) : json(nullptr)},
         {"self_checks", self_checks_json(outcome.self_checks)}};
  return j.dump();
}

Result<StepOutcome> step_outcome_from_json(std::string_view text) {
  try {
    const json j = json::parse(text);
    StepOutcome outcome;
    outcome.measurements = j.at("measurements").get<Measurements>();
    outcome.backend = j.at("backend").get<std::string>();
    outcome.notes = j.at("notes").get<std::vector<std::string>>();
    outcome.error = take<std::string>(j, "error");
    auto self_checks = self_checks_from_json(j.at("self_checks"));
    if (!self_checks) return Error{"unreadable worker answer: " + self_checks.error()};
    outcome.self_checks = std::move(*self_checks);
    return outcome;
  } catch (const std::exception& e) {  // nlohmann's errors and the report loader's FieldError
    return Error{std::string("unreadable worker answer: ") + e.what()};
  }
}

std::string step_progress_json(const StepProgress& p) {
  static constexpr const char* kUnits[] = {"none", "flops_per_s", "bytes_per_s"};
  json j{{"fraction_done", p.fraction_done}, {"subtest", p.subtest},
         {"rate", p.rate},                   {"rate_unit", kUnits[static_cast<int>(p.rate_unit)]}};
  put(j, "errors", p.errors);
  put(j, "seconds_left", p.seconds_left);
  return j.dump();
}

std::optional<StepProgress> step_progress_from_json(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  try {
    StepProgress p;
    p.fraction_done = j.at("fraction_done").get<double>();
    p.subtest = j.at("subtest").get<std::string>();
    p.rate = j.at("rate").get<double>();
    const auto unit = j.at("rate_unit").get<std::string>();
    p.rate_unit = unit == "flops_per_s" ? RateUnit::flops_per_s : unit == "bytes_per_s" ? RateUnit::bytes_per_s : RateUnit::none;
    p.errors = take<std::uint64_t>(j, "errors");
    p.seconds_left = take<double>(j, "seconds_left");
    return p;
  } catch (const json::exception&) {
    return std::nullopt;  // a message of another version: no live line, the step goes on
  }
}

}  // namespace rigcheck
