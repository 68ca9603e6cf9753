#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "reports/gpt2/gpt2_build.hpp"
#include "reports/json_fields.hpp"

namespace rigcheck {
namespace {

using nlohmann::json;

Gpt2Table sample() {
  Gpt2Inputs in;
  in.card = find_card_by_key("p40");
  in.vram_bytes = in.card->memory_bytes;
  in.host_ram_bytes = 64ull << 30;
  in.measured_tflops = {{"fp32", 10.25}};
  return build_gpt2_table(in);
}

TEST(Gpt2TableJson, RoundTrip) {
  const auto table = sample();
  const json j = table;
  const auto back = j.get<Gpt2Table>();
  EXPECT_EQ(json(back), j);
  EXPECT_EQ(back.rows.size(), table.rows.size());
  EXPECT_EQ(back.inputs.card_key, table.inputs.card_key);
}

TEST(Gpt2TableJson, RowsFollowTheReportContract) {
  const json j = sample();
  const auto& row = j.at("rows").at(0);
  for (const char* key : {"model", "params", "task", "precision", "attention", "batch", "context", "vram_bytes",
                          "host_bytes", "fit", "tokens_per_s", "tokens_per_s_conservative", "limit"})
    EXPECT_TRUE(row.contains(key)) << key;
  EXPECT_EQ(row.at("model"), "gpt2");
  EXPECT_EQ(row.at("params"), 124'439'808u);
  EXPECT_EQ(row.at("attention"), "sdpa");
  EXPECT_LT(row.at("tokens_per_s_conservative").get<double>(), row.at("tokens_per_s").get<double>());
  EXPECT_TRUE(j.at("inputs").at("measured_tflops").at("fp16").is_null());
  EXPECT_EQ(j.at("inputs").at("measured_tflops").at("fp32"), 10.25);
}

std::string load_error(json j) {
  try {
    (void)j.get<Gpt2Table>();
  } catch (const json_fields::FieldError& e) {
    return e.what();
  }
  return "";
}

TEST(Gpt2TableJson, ErrorsNameTheField) {
  json j = sample();
  j["rows"][3].erase("vram_bytes");
  EXPECT_EQ(load_error(j), "missing field gpt2.rows[3].vram_bytes");

  j = sample();
  j["rows"][2]["fit"] = "maybe";
  EXPECT_EQ(load_error(j), "gpt2.rows[2].fit: 'maybe' is not a fit (gpu|offload|no)");

  j = sample();
  j["rows"][0]["batch"] = "two";
  EXPECT_EQ(load_error(j), "gpt2.rows[0].batch: wrong type (string)");

  j = sample();
  j["rows"][0]["task"] = "pretrain";
  EXPECT_EQ(load_error(j), "gpt2.rows[0].task: 'pretrain' is not a GPT-2 task");

  j = sample();
  j["inputs"].erase("host_ram_bytes");
  EXPECT_EQ(load_error(j), "missing field gpt2.inputs.host_ram_bytes");

  j = sample();
  j["rows"][0].erase("tokens_per_s");
  EXPECT_EQ(load_error(j), "missing field gpt2.rows[0].tokens_per_s");

  j = sample();
  j.erase("basis");
  EXPECT_EQ(load_error(j), "missing field gpt2.basis");
}

TEST(Gpt2TableJson, NullTokensPerSecondRoundTrips) {
  auto table = sample();
  table.rows[0].tokens_per_s.reset();
  const json j = table;
  EXPECT_TRUE(j.at("rows").at(0).at("tokens_per_s").is_null());
  EXPECT_FALSE(j.get<Gpt2Table>().rows[0].tokens_per_s);
}

}  // namespace
}  // namespace rigcheck
