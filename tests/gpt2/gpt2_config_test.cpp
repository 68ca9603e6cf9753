#include <gtest/gtest.h>

#include "reports/gpt2/gpt2_config.hpp"

namespace rigcheck::gpt2 {
namespace {

std::uint64_t count(const char* name) { return parameter_count(*find_gpt2_config(name)); }

// The published counts (Hugging Face checkpoints, output layer tied to the token embedding).
TEST(Gpt2Config, ParameterCountsAreExact) {
  EXPECT_EQ(count("gpt2"), 124'439'808u);
  EXPECT_EQ(count("gpt2-medium"), 354'823'168u);
  EXPECT_EQ(count("gpt2-large"), 774'030'080u);
  EXPECT_EQ(count("gpt2-xl"), 1'557'611'200u);
}

TEST(Gpt2Config, FourSizesSmallestFirstWithHeadDim64) {
  const auto& configs = gpt2_configs();
  ASSERT_EQ(configs.size(), 4u);
  for (std::size_t i = 0; i < configs.size(); ++i) {
    EXPECT_EQ(configs[i].width / configs[i].heads, kHeadDim) << configs[i].name;
    if (i > 0) {
      EXPECT_GT(parameter_count(configs[i]), parameter_count(configs[i - 1]));
    }
  }
}

TEST(Gpt2Config, UnknownNameIsNullopt) { EXPECT_FALSE(find_gpt2_config("gpt2-xxl")); }

}  // namespace
}  // namespace rigcheck::gpt2
