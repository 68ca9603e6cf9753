// Gpt2Table <-> JSON (the report's "gpt2" object). Loading is strict: every problem names its path.
#include <nlohmann/json.hpp>

#include "reports/gpt2_table.hpp"
#include "reports/json_fields.hpp"

namespace rigcheck {
namespace {

using json_fields::FieldError;
using json_fields::get;
using json_fields::get_optional;
using json_fields::join;
using json_fields::put_optional;
using json_fields::required;
using nlohmann::json;

constexpr const char* kPath = "gpt2";

bool one_of(const std::string& value, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed)
    if (value == a) return true;
  return false;
}

std::string checked(const json& object, const std::string& key, const std::string& path,
                    std::initializer_list<const char*> allowed, const char* what) {
  auto value = get<std::string>(object, key, path);
  if (!one_of(value, allowed)) throw FieldError(join(path, key) + ": '" + value + "' is not " + what);
  return value;
}

json row_to_json(const Gpt2Row& r) {
  json j{{"model", r.model},           {"params", r.params},         {"task", r.task},
         {"precision", r.precision},   {"attention", r.attention},   {"batch", r.batch},
         {"context", r.context},
         {"vram_bytes", r.vram_bytes}, {"host_bytes", r.host_bytes}, {"fit", std::string(to_string(r.fit))}};
  put_optional(j, "tokens_per_s", r.tokens_per_s);
  put_optional(j, "tokens_per_s_conservative", r.tokens_per_s_conservative);
  j["limit"] = r.limit;
  return j;
}

Gpt2Row row_from_json(const json& j, const std::string& path) {
  Gpt2Row r;
  r.model = checked(j, "model", path, {"gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl"}, "a GPT-2 model");
  r.params = get<std::uint64_t>(j, "params", path);
  r.task = checked(j, "task", path,
                   {"inference", "finetune", "finetune-checkpointing", "finetune-offload", "finetune-offload-params"},
                   "a GPT-2 task");
  r.precision = checked(j, "precision", path, {"fp32", "amp", "fp16-pure", "int8-weight", "int8"}, "a GPT-2 precision");
  r.attention = checked(j, "attention", path, {"eager", "sdpa"}, "an attention kernel");
  r.batch = get<int>(j, "batch", path);
  r.context = get<int>(j, "context", path);
  r.vram_bytes = get<std::uint64_t>(j, "vram_bytes", path);
  r.host_bytes = get<std::uint64_t>(j, "host_bytes", path);
  auto fit_text = get<std::string>(j, "fit", path);
  auto fit = gpt2_fit_from_string(fit_text);
  if (!fit) throw FieldError(join(path, "fit") + ": '" + fit_text + "' is not a fit (gpu|offload|no)");
  r.fit = *fit;
  required(j, "tokens_per_s", path);  // present, possibly null
  r.tokens_per_s = get_optional<double>(j, "tokens_per_s", path);
  r.tokens_per_s_conservative = get_optional<double>(j, "tokens_per_s_conservative", path);
  r.limit = get<std::string>(j, "limit", path);
  return r;
}

json inputs_to_json(const Gpt2TableInputs& in) {
  json j = json::object();
  put_optional(j, "vram_bytes", in.vram_bytes);
  put_optional(j, "usable_vram_bytes", in.usable_vram_bytes);
  put_optional(j, "host_ram_bytes", in.host_ram_bytes);
  put_optional(j, "card_key", in.card_key);
  put_optional(j, "card_name", in.card_name);
  json measured = json::object();
  for (const auto& [precision, tflops] : in.measured_tflops) put_optional(measured, precision, tflops);
  j["measured_tflops"] = std::move(measured);
  put_optional(j, "measured_bandwidth_gbps", in.measured_bandwidth_gbps);
  return j;
}

Gpt2TableInputs inputs_from_json(const json& j, const std::string& path) {
  Gpt2TableInputs in;
  for (const char* key : {"vram_bytes", "usable_vram_bytes", "host_ram_bytes", "card_key", "card_name",
                          "measured_tflops", "measured_bandwidth_gbps"})
    required(j, key, path);
  in.vram_bytes = get_optional<std::uint64_t>(j, "vram_bytes", path);
  in.usable_vram_bytes = get_optional<std::uint64_t>(j, "usable_vram_bytes", path);
  in.host_ram_bytes = get_optional<std::uint64_t>(j, "host_ram_bytes", path);
  in.card_key = get_optional<std::string>(j, "card_key", path);
  in.card_name = get_optional<std::string>(j, "card_name", path);
  const auto& measured = j.at("measured_tflops");
  auto measured_path = join(path, "measured_tflops");
  if (!measured.is_object()) throw FieldError(measured_path + ": expected an object");
  for (const auto& [precision, value] : measured.items())
    in.measured_tflops[precision] = get_optional<double>(measured, precision, measured_path);
  in.measured_bandwidth_gbps = get_optional<double>(j, "measured_bandwidth_gbps", path);
  return in;
}

}  // namespace

std::string_view to_string(Gpt2Fit fit) {
  switch (fit) {
    case Gpt2Fit::gpu: return "gpu";
    case Gpt2Fit::offload: return "offload";
    case Gpt2Fit::no: return "no";
  }
  return "no";
}

std::optional<Gpt2Fit> gpt2_fit_from_string(std::string_view text) {
  if (text == "gpu") return Gpt2Fit::gpu;
  if (text == "offload") return Gpt2Fit::offload;
  if (text == "no") return Gpt2Fit::no;
  return std::nullopt;
}

void to_json(json& j, const Gpt2Table& table) {
  json rows = json::array();
  for (const auto& row : table.rows) rows.push_back(row_to_json(row));
  j = json{{"inputs", inputs_to_json(table.inputs)}, {"basis", table.basis}, {"rows", std::move(rows)}};
}

void from_json(const json& j, Gpt2Table& table) {
  table = Gpt2Table{};
  table.inputs = inputs_from_json(required(j, "inputs", kPath), join(kPath, "inputs"));
  table.basis = get<std::vector<std::string>>(j, "basis", kPath);
  const auto& rows = required(j, "rows", kPath);
  if (!rows.is_array()) throw FieldError(join(kPath, "rows") + ": expected an array");
  for (std::size_t i = 0; i < rows.size(); ++i)
    table.rows.push_back(row_from_json(rows[i], std::string(kPath) + ".rows[" + std::to_string(i) + "]"));
}

}  // namespace rigcheck
