#include <gtest/gtest.h>

#include "reports/transfer/link_rate.hpp"

namespace rigcheck {
namespace {

TEST(LinkRate, EncodingPerGeneration) {
  // Gen1/2: 8b/10b; Gen3-5: 128b/130b; Gen6: FLIT 242/256.
  EXPECT_DOUBLE_EQ(*pcie_link_bytes_per_s(2.5, 16), 4e9);
  EXPECT_DOUBLE_EQ(*pcie_link_bytes_per_s(5.0, 16), 8e9);
  EXPECT_NEAR(*pcie_link_bytes_per_s(8.0, 16), 15.754e9, 1e6);
  EXPECT_NEAR(*pcie_link_bytes_per_s(16.0, 16), 31.508e9, 1e6);
  EXPECT_NEAR(*pcie_link_bytes_per_s(32.0, 16), 63.015e9, 1e6);
  EXPECT_NEAR(*pcie_link_bytes_per_s(64.0, 16), 121.0e9, 1e6);
  EXPECT_NEAR(*pcie_link_bytes_per_s(8.0, 4), 3.938e9, 1e6);
}

TEST(LinkRate, NotALink) {
  EXPECT_FALSE(pcie_link_bytes_per_s(0, 16));
  EXPECT_FALSE(pcie_link_bytes_per_s(8.0, 0));
  EXPECT_FALSE(pcie_link_bytes_per_s(-1, 4));
}

}  // namespace
}  // namespace rigcheck
