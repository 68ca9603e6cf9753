// BurnResult <-> JSON. Loading is strict: every bad field throws FieldError with its path.
#include <nlohmann/json.hpp>

#include "reports/burn_result.hpp"
#include "reports/json_fields.hpp"

namespace rigcheck {
namespace {

using json = nlohmann::json;
using json_fields::array_field;
using json_fields::element;
using json_fields::FieldError;
using json_fields::get;
using json_fields::join;
using json_fields::required;

json stability_to_json(const BurnStability& s) {
  json records = json::array();
  for (const auto& m : s.first_mismatches)
    records.push_back({{"t_s", m.t_s},
                       {"iteration", m.iteration},
                       {"element_index", m.element_index},
                       {"expected", m.expected},
                       {"actual", m.actual}});
  return {{"comparison", s.comparison},
          {"checks_done", s.checks_done},
          {"mismatches", s.mismatches},
          {"mismatched_elements", s.mismatched_elements},
          {"record_capacity", s.record_capacity},
          {"first_mismatches", std::move(records)}};
}

BurnStability stability_from_json(const json& j, const std::string& path) {
  BurnStability s;
  s.comparison = get<std::string>(j, "comparison", path);
  s.checks_done = get<std::uint64_t>(j, "checks_done", path);
  s.mismatches = get<std::uint64_t>(j, "mismatches", path);
  s.mismatched_elements = get<std::uint64_t>(j, "mismatched_elements", path);
  s.record_capacity = get<std::uint32_t>(j, "record_capacity", path);
  const auto records_path = join(path, "first_mismatches");
  const auto& records = array_field(j, "first_mismatches", path);
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto p = element(records_path, i);
    s.first_mismatches.push_back({get<double>(records[i], "t_s", p), get<std::uint64_t>(records[i], "iteration", p),
                                  get<std::uint64_t>(records[i], "element_index", p),
                                  get<double>(records[i], "expected", p), get<double>(records[i], "actual", p)});
  }
  return s;
}

}  // namespace

void to_json(json& j, const BurnResult& b) {
  json intervals = json::array();
  for (const auto& i : b.intervals)
    intervals.push_back({{"t_start_s", i.t_start_s}, {"t_end_s", i.t_end_s}, {"tflops", i.tflops}});
  j = json{{"backend", b.backend},
           {"device_name", b.device_name},
           {"load", b.load},
           {"precision", b.precision},
           {"implementation", b.implementation},
           {"matrix_size", b.matrix_size},
           {"flops_per_run", b.flops_per_run},
           {"duration_requested_s", b.duration_requested_s},
           {"duration_achieved_s", b.duration_achieved_s},
           {"load_start_t_s", b.load_start_t_s},
           {"load_end_t_s", b.load_end_t_s},
           {"interrupted", b.interrupted},
           {"device_error", b.device_error ? json(*b.device_error) : json(nullptr)},
           {"intervals", std::move(intervals)},
           {"stability", stability_to_json(b.stability)},
           {"notes", b.notes}};
}

BurnResult burn_result_from_json(const json& j, const std::string& path) {
  if (!j.is_object()) throw FieldError(path + ": expected an object");
  BurnResult b;
  b.backend = get<std::string>(j, "backend", path);
  b.device_name = get<std::string>(j, "device_name", path);
  b.load = get<std::string>(j, "load", path);
  b.precision = get<std::string>(j, "precision", path);
  b.implementation = get<std::string>(j, "implementation", path);
  b.matrix_size = get<std::uint64_t>(j, "matrix_size", path);
  b.flops_per_run = get<double>(j, "flops_per_run", path);
  b.duration_requested_s = get<double>(j, "duration_requested_s", path);
  b.duration_achieved_s = get<double>(j, "duration_achieved_s", path);
  b.load_start_t_s = get<double>(j, "load_start_t_s", path);
  b.load_end_t_s = get<double>(j, "load_end_t_s", path);
  b.interrupted = get<bool>(j, "interrupted", path);
  b.device_error = json_fields::get_optional<std::string>(j, "device_error", path);
  const auto intervals_path = join(path, "intervals");
  const auto& intervals = array_field(j, "intervals", path);
  for (std::size_t i = 0; i < intervals.size(); ++i) {
    const auto p = element(intervals_path, i);
    b.intervals.push_back({get<double>(intervals[i], "t_start_s", p), get<double>(intervals[i], "t_end_s", p),
                           get<double>(intervals[i], "tflops", p)});
  }
  b.stability = stability_from_json(required(j, "stability", path), join(path, "stability"));
  b.notes = get<std::vector<std::string>>(j, "notes", path);
  return b;
}

void from_json(const json& j, BurnResult& burn) { burn = burn_result_from_json(j, "measurements.burn"); }

}  // namespace rigcheck
