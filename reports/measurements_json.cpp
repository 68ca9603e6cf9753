// Measurements <-> JSON. Loading is strict: every bad field throws FieldError with its path.
#include <nlohmann/json.hpp>

#include "reports/json_fields.hpp"
#include "reports/measurements.hpp"

namespace rigcheck {
namespace {

using json = nlohmann::json;
using json_fields::as;
using json_fields::array_field;
using json_fields::element;
using json_fields::FieldError;
using json_fields::get;
using json_fields::get_optional;
using json_fields::join;
using json_fields::put_optional;

const std::string kRoot = "measurements";

template <std::size_t N>
std::array<std::uint64_t, N> histogram_from_json(const json& object, const std::string& key,
                                                 const std::string& path) {
  const auto& j = array_field(object, key, path);
  if (j.size() != N) throw FieldError(join(path, key) + ": expected " + std::to_string(N) + " bins");
  std::array<std::uint64_t, N> bins{};
  for (std::size_t i = 0; i < N; ++i) bins[i] = as<std::uint64_t>(j[i], element(join(path, key), i));
  return bins;
}

json record_to_json(const VramErrorRecord& r) {
  json j{{"chunk", r.chunk},       {"address_bytes", r.address_bytes}, {"expected", r.expected},
         {"actual", r.actual},     {"reread", r.reread},               {"pattern", r.pattern},
         {"pass", r.pass},         {"time_s", r.time_s}};
  put_optional(j, "temperature_celsius", r.temperature_celsius);
  return j;
}

VramErrorRecord record_from_json(const json& j, const std::string& path) {
  VramErrorRecord r;
  r.chunk = get<std::uint32_t>(j, "chunk", path);
  r.address_bytes = get<std::uint64_t>(j, "address_bytes", path);
  r.expected = get<std::uint32_t>(j, "expected", path);
  r.actual = get<std::uint32_t>(j, "actual", path);
  r.reread = get<std::uint32_t>(j, "reread", path);
  r.pattern = get<std::string>(j, "pattern", path);
  r.pass = get<std::uint32_t>(j, "pass", path);
  r.time_s = get<double>(j, "time_s", path);
  r.temperature_celsius = get_optional<double>(j, "temperature_celsius", path);
  return r;
}

json vram_to_json(const VramTestResult& v) {
  json j;
  j["backend"] = v.backend;
  j["device_name"] = v.device_name;
  j["total_memory_bytes"] = v.total_memory_bytes;
  j["requested_bytes"] = v.requested_bytes;
  j["tested_bytes"] = v.tested_bytes;
  j["coverage_fraction"] = v.coverage_fraction;
  j["chunk_count"] = v.chunk_count;
  j["largest_chunk_bytes"] = v.largest_chunk_bytes;
  j["retention_window_bytes"] = v.retention_window_bytes;
  j["patterns"] = v.patterns;
  j["passes_requested"] = v.passes_requested;
  j["passes_completed"] = v.passes_completed;
  j["interrupted"] = v.interrupted;
  j["duration_s"] = v.duration_s;
  put_optional(j, "telemetry_start_s", v.telemetry_start_s);
  j["gpu_seconds"] = v.gpu_seconds;
  j["tested_bytes_per_s"] = v.tested_bytes_per_s;
  j["traffic_bytes_per_s"] = v.traffic_bytes_per_s;
  put_optional(j, "copy_bandwidth_bytes_per_s", v.copy_bandwidth_bytes_per_s);
  put_optional(j, "ratio_to_copy_bandwidth", v.ratio_to_copy_bandwidth);
  json stats = json::array();
  for (const auto& s : v.pattern_stats)
    stats.push_back({{"pattern", s.pattern}, {"errors", s.errors}, {"traffic_bytes", s.traffic_bytes},
                     {"gpu_seconds", s.gpu_seconds}});
  j["pattern_stats"] = std::move(stats);
  j["error_count"] = v.error_count;
  j["record_capacity"] = v.record_capacity;
  json records = json::array();
  for (const auto& r : v.records) records.push_back(record_to_json(r));
  j["records"] = std::move(records);
  j["bit_histogram"] = v.bit_histogram;
  j["popcount_histogram"] = v.popcount_histogram;
  put_optional(j, "lowest_failing_address_bytes", v.lowest_failing_address_bytes);
  put_optional(j, "highest_failing_address_bytes", v.highest_failing_address_bytes);
  json injected = json::array();
  for (const auto& f : v.injected_faults)
    injected.push_back({{"address_bytes", f.address_bytes}, {"bit", f.bit}});
  j["injected_faults"] = std::move(injected);
  j["notes"] = v.notes;
  put_optional(j, "device_error", v.device_error);
  return j;
}

VramTestResult vram_from_json(const json& j, const std::string& path) {
  VramTestResult v;
  v.backend = get<std::string>(j, "backend", path);
  v.device_name = get<std::string>(j, "device_name", path);
  v.total_memory_bytes = get<std::uint64_t>(j, "total_memory_bytes", path);
  v.requested_bytes = get<std::uint64_t>(j, "requested_bytes", path);
  v.tested_bytes = get<std::uint64_t>(j, "tested_bytes", path);
  v.coverage_fraction = get<double>(j, "coverage_fraction", path);
  v.chunk_count = get<std::uint32_t>(j, "chunk_count", path);
  v.largest_chunk_bytes = get<std::uint64_t>(j, "largest_chunk_bytes", path);
  v.retention_window_bytes = get<std::uint64_t>(j, "retention_window_bytes", path);
  v.patterns = get<std::vector<std::string>>(j, "patterns", path);
  v.passes_requested = get<std::uint32_t>(j, "passes_requested", path);
  v.passes_completed = get<std::uint32_t>(j, "passes_completed", path);
  v.interrupted = get<bool>(j, "interrupted", path);
  v.duration_s = get<double>(j, "duration_s", path);
  v.telemetry_start_s = get_optional<double>(j, "telemetry_start_s", path);
  v.gpu_seconds = get<double>(j, "gpu_seconds", path);
  v.tested_bytes_per_s = get<double>(j, "tested_bytes_per_s", path);
  v.traffic_bytes_per_s = get<double>(j, "traffic_bytes_per_s", path);
  v.copy_bandwidth_bytes_per_s = get_optional<double>(j, "copy_bandwidth_bytes_per_s", path);
  v.ratio_to_copy_bandwidth = get_optional<double>(j, "ratio_to_copy_bandwidth", path);
  const auto stats_path = join(path, "pattern_stats");
  const auto& stats = array_field(j, "pattern_stats", path);
  for (std::size_t i = 0; i < stats.size(); ++i) {
    const auto p = element(stats_path, i);
    v.pattern_stats.push_back({get<std::string>(stats[i], "pattern", p), get<std::uint64_t>(stats[i], "errors", p),
                               get<std::uint64_t>(stats[i], "traffic_bytes", p),
                               get<double>(stats[i], "gpu_seconds", p)});
  }
  v.error_count = get<std::uint64_t>(j, "error_count", path);
  v.record_capacity = get<std::uint32_t>(j, "record_capacity", path);
  const auto& records = array_field(j, "records", path);
  for (std::size_t i = 0; i < records.size(); ++i)
    v.records.push_back(record_from_json(records[i], element(join(path, "records"), i)));
  v.bit_histogram = histogram_from_json<32>(j, "bit_histogram", path);
  v.popcount_histogram = histogram_from_json<33>(j, "popcount_histogram", path);
  v.lowest_failing_address_bytes = get_optional<std::uint64_t>(j, "lowest_failing_address_bytes", path);
  v.highest_failing_address_bytes = get_optional<std::uint64_t>(j, "highest_failing_address_bytes", path);
  // Reports written before the judge classified errors carry a "classification" object: the
  // judge derives it again from the records, so it is read past.
  const auto& injected = array_field(j, "injected_faults", path);
  for (std::size_t i = 0; i < injected.size(); ++i) {
    const auto p = element(join(path, "injected_faults"), i);
    v.injected_faults.push_back({get<std::uint64_t>(injected[i], "address_bytes", p),
                                 get<std::uint32_t>(injected[i], "bit", p)});
  }
  v.notes = get<std::vector<std::string>>(j, "notes", path);
  v.device_error = get_optional<std::string>(j, "device_error", path);
  return v;
}

json bandwidth_to_json(const BandwidthResult& b) {
  json copies = json::array();
  for (const auto& c : b.device_copies)
    copies.push_back({{"method", c.method},
                      {"copy_bytes", c.copy_bytes},
                      {"repeats", c.repeats},
                      {"median_bytes_per_s", c.median_bytes_per_s},
                      {"min_bytes_per_s", c.min_bytes_per_s},
                      {"max_bytes_per_s", c.max_bytes_per_s}});
  return {{"backend", b.backend}, {"device_copies", std::move(copies)}};
}

BandwidthResult bandwidth_from_json(const json& j, const std::string& path) {
  BandwidthResult b;
  b.backend = get<std::string>(j, "backend", path);
  const auto& copies = array_field(j, "device_copies", path);
  for (std::size_t i = 0; i < copies.size(); ++i) {
    const auto p = element(join(path, "device_copies"), i);
    DeviceCopyBandwidth c;
    c.method = get<std::string>(copies[i], "method", p);
    c.copy_bytes = get<std::uint64_t>(copies[i], "copy_bytes", p);
    c.repeats = get<std::uint32_t>(copies[i], "repeats", p);
    c.median_bytes_per_s = get<double>(copies[i], "median_bytes_per_s", p);
    c.min_bytes_per_s = get<double>(copies[i], "min_bytes_per_s", p);
    c.max_bytes_per_s = get<double>(copies[i], "max_bytes_per_s", p);
    b.device_copies.push_back(std::move(c));
  }
  return b;
}

}  // namespace

void to_json(json& j, const Measurements& m) {
  j = json::object();
  j["vram"] = m.vram ? vram_to_json(*m.vram) : json(nullptr);
  j["bandwidth"] = m.bandwidth ? bandwidth_to_json(*m.bandwidth) : json(nullptr);
  j["transfers"] = m.transfers ? json(*m.transfers) : json(nullptr);
  j["compute"] = m.compute ? rigcheck::to_json(*m.compute) : json(nullptr);
  j["burn"] = m.burn ? json(*m.burn) : json(nullptr);
  if (!m.step_failures.empty()) {
    j["step_failures"] = json::array();
    for (const auto& f : m.step_failures) j["step_failures"].push_back({{"step", f.step}, {"what", f.what}});
  }
}

void from_json(const json& j, Measurements& m) {
  if (!j.is_object()) throw FieldError(kRoot + ": expected an object");
  m = Measurements{};
  // Absent or null: not measured (older reports carry an empty object).
  if (auto it = j.find("vram"); it != j.end() && !it->is_null()) m.vram = vram_from_json(*it, join(kRoot, "vram"));
  if (auto it = j.find("bandwidth"); it != j.end() && !it->is_null())
    m.bandwidth = bandwidth_from_json(*it, join(kRoot, "bandwidth"));
  if (auto it = j.find("transfers"); it != j.end() && !it->is_null())
    m.transfers = transfer_result_from_json(*it, join(kRoot, "transfers"));
  if (auto it = j.find("compute"); it != j.end() && !it->is_null())
    m.compute = compute_result_from_json(*it, join(kRoot, "compute"));
  if (auto it = j.find("burn"); it != j.end() && !it->is_null()) m.burn = burn_result_from_json(*it, join(kRoot, "burn"));
  if (j.contains("step_failures")) {
    const auto path = join(kRoot, "step_failures");
    const auto& list = array_field(j, "step_failures", kRoot);
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto where = element(path, i);
      if (!list[i].is_object()) throw FieldError(where + ": expected an object");
      m.step_failures.push_back({get<std::string>(list[i], "step", where), get<std::string>(list[i], "what", where)});
    }
  }
}

}  // namespace rigcheck
