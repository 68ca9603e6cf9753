#include <nlohmann/json.hpp>

#include "reports/compute/compute_result.hpp"
#include "reports/json_fields.hpp"

namespace rigcheck {
namespace {

using nlohmann::json;
namespace jf = json_fields;
using jf::array_field;

json throughput_json(const Throughput& t) {
  json j{{"samples", t.samples},           {"warmup_runs", t.warmup_runs},
         {"seconds_median", t.seconds_median}, {"seconds_min", t.seconds_min},
         {"seconds_max", t.seconds_max},   {"tflops_median", t.tflops_median},
         {"tflops_min", t.tflops_min},     {"tflops_max", t.tflops_max},
         {"relative_stdev", t.relative_stdev}};
  jf::put_optional(j, "window_start_s", t.window_start_s);
  jf::put_optional(j, "window_end_s", t.window_end_s);
  jf::put_optional(j, "sm_clock_mhz_median", t.sm_clock_mhz_median);
  jf::put_optional(j, "sm_clock_mhz_min", t.sm_clock_mhz_min);
  return j;
}

Throughput throughput_from(const json& j, const std::string& path) {
  Throughput t;
  t.samples = jf::get<std::uint32_t>(j, "samples", path);
  t.warmup_runs = jf::get<std::uint32_t>(j, "warmup_runs", path);
  t.seconds_median = jf::get<double>(j, "seconds_median", path);
  t.seconds_min = jf::get<double>(j, "seconds_min", path);
  t.seconds_max = jf::get<double>(j, "seconds_max", path);
  t.tflops_median = jf::get<double>(j, "tflops_median", path);
  t.tflops_min = jf::get<double>(j, "tflops_min", path);
  t.tflops_max = jf::get<double>(j, "tflops_max", path);
  t.relative_stdev = jf::get<double>(j, "relative_stdev", path);
  t.window_start_s = jf::get_optional<double>(j, "window_start_s", path);
  t.window_end_s = jf::get_optional<double>(j, "window_end_s", path);
  t.sm_clock_mhz_median = jf::get_optional<double>(j, "sm_clock_mhz_median", path);
  t.sm_clock_mhz_min = jf::get_optional<double>(j, "sm_clock_mhz_min", path);
  return t;
}

json reference_json(const ReferenceCheck& r) {
  return {{"checked_elements", r.checked_elements}, {"mismatches", r.mismatches},
          {"max_abs_error", r.max_abs_error},       {"tolerance", r.tolerance},
          {"tolerance_rule", r.tolerance_rule}};
}

ReferenceCheck reference_from(const json& j, const std::string& path) {
  ReferenceCheck r;
  r.checked_elements = jf::get<std::uint64_t>(j, "checked_elements", path);
  r.mismatches = jf::get<std::uint64_t>(j, "mismatches", path);
  r.max_abs_error = jf::get<double>(j, "max_abs_error", path);
  r.tolerance = jf::get<double>(j, "tolerance", path);
  r.tolerance_rule = jf::get<std::string>(j, "tolerance_rule", path);
  return r;
}

std::string item(const std::string& path, const std::string& key, std::size_t i) {
  return jf::join(path, key) + "[" + std::to_string(i) + "]";
}

}  // namespace

json to_json(const ComputeResult& r) {
  json gemm = json::array();
  for (const auto& g : r.gemm)
    gemm.push_back({{"precision", g.precision}, {"accumulate", g.accumulate}, {"implementation", g.implementation},
                    {"shape", g.shape}, {"m", g.m}, {"n", g.n}, {"k", g.k}, {"flops_per_run", g.flops_per_run},
                    {"throughput", throughput_json(g.throughput)}, {"reference", reference_json(g.reference)}});
  json attention = json::array();
  for (const auto& a : r.attention)
    attention.push_back({{"precision", a.precision}, {"implementation", a.implementation}, {"shape", a.shape},
                         {"batch", a.batch}, {"heads", a.heads}, {"seq_len", a.seq_len}, {"head_dim", a.head_dim},
                         {"causal", a.causal}, {"flops_full", a.flops_full}, {"flops_causal", a.flops_causal},
                         {"flops_counted", a.flops_counted}, {"throughput", throughput_json(a.throughput)},
                         {"reference", reference_json(a.reference)}});
  json skipped = json::array();
  for (const auto& s : r.skipped)
    skipped.push_back({{"operation", s.operation}, {"precision", s.precision}, {"reason", s.reason}});
  return {{"backend", r.backend}, {"device_name", r.device_name}, {"gemm", gemm}, {"attention", attention},
          {"skipped", skipped}, {"notes", r.notes}, {"interrupted", r.interrupted}};
}

ComputeResult compute_result_from_json(const json& j, const std::string& path) {
  ComputeResult r;
  r.backend = jf::get<std::string>(j, "backend", path);
  r.device_name = jf::get<std::string>(j, "device_name", path);
  r.interrupted = jf::get<bool>(j, "interrupted", path);
  r.notes = jf::get<std::vector<std::string>>(j, "notes", path);
  const json& gemm = array_field(j, "gemm", path);
  for (std::size_t i = 0; i < gemm.size(); ++i) {
    const std::string p = item(path, "gemm", i);
    GemmMeasurement g;
    g.precision = jf::get<std::string>(gemm[i], "precision", p);
    g.accumulate = jf::get<std::string>(gemm[i], "accumulate", p);
    g.implementation = jf::get<std::string>(gemm[i], "implementation", p);
    g.shape = jf::get<std::string>(gemm[i], "shape", p);
    g.m = jf::get<std::uint64_t>(gemm[i], "m", p);
    g.n = jf::get<std::uint64_t>(gemm[i], "n", p);
    g.k = jf::get<std::uint64_t>(gemm[i], "k", p);
    g.flops_per_run = jf::get<double>(gemm[i], "flops_per_run", p);
    g.throughput = throughput_from(jf::required(gemm[i], "throughput", p), jf::join(p, "throughput"));
    g.reference = reference_from(jf::required(gemm[i], "reference", p), jf::join(p, "reference"));
    r.gemm.push_back(std::move(g));
  }
  const json& attention = array_field(j, "attention", path);
  for (std::size_t i = 0; i < attention.size(); ++i) {
    const std::string p = item(path, "attention", i);
    const json& e = attention[i];
    AttentionMeasurement a;
    a.precision = jf::get<std::string>(e, "precision", p);
    a.implementation = jf::get<std::string>(e, "implementation", p);
    a.shape = jf::get<std::string>(e, "shape", p);
    a.batch = jf::get<std::uint32_t>(e, "batch", p);
    a.heads = jf::get<std::uint32_t>(e, "heads", p);
    a.seq_len = jf::get<std::uint32_t>(e, "seq_len", p);
    a.head_dim = jf::get<std::uint32_t>(e, "head_dim", p);
    a.causal = jf::get<bool>(e, "causal", p);
    a.flops_full = jf::get<double>(e, "flops_full", p);
    a.flops_causal = jf::get<double>(e, "flops_causal", p);
    a.flops_counted = jf::get<std::string>(e, "flops_counted", p);
    if (a.flops_counted != "causal" && a.flops_counted != "full")
      throw jf::FieldError(jf::join(p, "flops_counted") + ": expected \"causal\" or \"full\"");
    a.throughput = throughput_from(jf::required(e, "throughput", p), jf::join(p, "throughput"));
    a.reference = reference_from(jf::required(e, "reference", p), jf::join(p, "reference"));
    r.attention.push_back(std::move(a));
  }
  const json& skipped = array_field(j, "skipped", path);
  for (std::size_t i = 0; i < skipped.size(); ++i) {
    const std::string p = item(path, "skipped", i);
    r.skipped.push_back({jf::get<std::string>(skipped[i], "operation", p),
                         jf::get<std::string>(skipped[i], "precision", p),
                         jf::get<std::string>(skipped[i], "reason", p)});
  }
  return r;
}

}  // namespace rigcheck
