// `rigcheck list-checks` from the catalog: every check id the report contract names, with the
// policy keys that set its thresholds, and every key of the default policy claimed by a check.
#include <algorithm>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "reports/judge/check_listing.hpp"
#include "tests/unit/test_support.hpp"

namespace rigcheck {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

const CheckListing* find(const std::vector<CheckListing>& all, const std::string& id) {
  auto it = std::find_if(all.begin(), all.end(), [&](const CheckListing& c) { return c.id == id; });
  return it == all.end() ? nullptr : &*it;
}

TEST(CheckListing, EveryCheckIdWithItsPolicyKeys) {
  const auto all = check_listing();
  for (const char* id : {"host.memory", "host.display", "host.driver", "pcie.bar", "pcie.link", "pcie.errors",
                         "pcie.bandwidth", "vram.integrity", "vram.ecc", "power.sustained", "thermal.sustained",
                         "stability.compute", "compute.gemm.<precision>", "compute.attention.<precision>", "gpt2.fit"})
    ASSERT_NE(find(all, id), nullptr) << id;
  EXPECT_THAT(find(all, "power.sustained")->policy_keys, Contains("power.min_fraction_of_limit"));
  EXPECT_THAT(find(all, "compute.gemm.<precision>")->policy_keys, Contains("compute.min_fraction_of_peak_warn"));
  EXPECT_THAT(find(all, "gpt2.fit")->policy_keys, Contains("gpt2.required"));
  EXPECT_TRUE(find(all, "pcie.bar")->policy_keys.empty());
  EXPECT_FALSE(find(all, "pcie.errors")->judges.empty());
}

TEST(CheckListing, EveryDefaultPolicyKeyBelongsToACheck) {
  std::set<std::string> claimed;
  for (const auto& c : check_listing()) claimed.insert(c.policy_keys.begin(), c.policy_keys.end());
  const auto keys = default_policy_keys();
  ASSERT_FALSE(keys.empty());
  for (const auto& key : keys) EXPECT_TRUE(claimed.count(key)) << key << " sets no listed check's threshold";
}

TEST(CheckListing, TheCommandPrintsThem) {
  auto result = testing::run_rigcheck({"list-checks"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.stdout_text, HasSubstr("thermal.sustained"));
  EXPECT_THAT(result.stdout_text, HasSubstr("policy: thermal.slowdown_margin_warn_celsius"));
}

}  // namespace
}  // namespace rigcheck
