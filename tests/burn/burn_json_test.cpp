// BurnResult JSON: a round trip, and strict loading that names the bad field's path.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "burn_scenarios.hpp"
#include "reports/json_fields.hpp"

namespace rigcheck {
namespace {

using namespace burn_fixtures;

std::string load_error(const nlohmann::json& j) {
  try {
    burn_result_from_json(j, "measurements.burn");
  } catch (const json_fields::FieldError& e) {
    return e.what();
  }
  return "";
}

TEST(BurnJson, RoundTrip) {
  auto b = burn(60, [](double t) { return 10.0 + t / 100; });
  b.interrupted = true;
  b.duration_achieved_s = 42.5;
  b.stability.mismatches = 1;
  b.stability.mismatched_elements = 2;
  b.stability.first_mismatches = {{12.5, 6, 4097, 1.25, 1.2500305}};
  b.notes = {"matrix reduced to 4096 to fit free memory"};
  b.device_error = "cudaErrorLaunchFailure";
  nlohmann::json j = b;
  EXPECT_EQ(j.at("duration_requested_s"), 60.0);
  EXPECT_EQ(j.at("intervals").size(), 12u);
  EXPECT_EQ(j.at("stability").at("first_mismatches")[0].at("element_index"), 4097);
  auto back = j.get<BurnResult>();
  EXPECT_EQ(back.device_error, "cudaErrorLaunchFailure");
  EXPECT_TRUE(nlohmann::json(BurnResult{}).at("device_error").is_null());
  EXPECT_EQ(nlohmann::json(back), j);
  EXPECT_EQ(back.stability.first_mismatches[0].iteration, 6u);
  EXPECT_TRUE(back.interrupted);
}

TEST(BurnJson, ErrorsNameTheFieldPath) {
  nlohmann::json j = burn(60, [](double) { return 10.0; });
  auto missing = j;
  missing.erase("load_end_t_s");
  EXPECT_EQ(load_error(missing), "missing field measurements.burn.load_end_t_s");
  auto wrong = j;
  wrong["intervals"][1]["tflops"] = "fast";
  EXPECT_EQ(load_error(wrong), "measurements.burn.intervals[1].tflops: wrong type (string)");
  auto record = j;
  record["stability"]["first_mismatches"] = nlohmann::json::array({{{"t_s", 1.0}}});
  EXPECT_EQ(load_error(record), "missing field measurements.burn.stability.first_mismatches[0].iteration");
  EXPECT_EQ(load_error(nlohmann::json::array()), "measurements.burn: expected an object");
}

}  // namespace
}  // namespace rigcheck
