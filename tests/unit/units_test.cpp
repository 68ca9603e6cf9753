#include <gtest/gtest.h>

#include "reports/units.hpp"

namespace rigcheck {
namespace {

TEST(Units, DurationsWithUnits) {
  EXPECT_DOUBLE_EQ(*parse_duration_seconds("90s"), 90);
  EXPECT_DOUBLE_EQ(*parse_duration_seconds("10m"), 600);
  EXPECT_DOUBLE_EQ(*parse_duration_seconds("1.5h"), 5400);
  EXPECT_DOUBLE_EQ(*parse_duration_seconds("45"), 45);
  for (const char* bad : {"", "soon", "-5m", "0s", "10 m", "3d", "nan"}) EXPECT_FALSE(parse_duration_seconds(bad).ok()) << bad;
}

TEST(Units, BytesAndLinks) {
  EXPECT_EQ(format_bytes(32ull << 30), "32 GiB");
  EXPECT_EQ(format_bytes(1536ull << 20), "1.5 GiB");
  EXPECT_EQ(format_bytes(512), "512 B");
  EXPECT_EQ(format_link(8.0, 16), "8 GT/s x16");
  EXPECT_EQ(format_link(std::nullopt, std::nullopt), "unknown");
}

}  // namespace
}  // namespace rigcheck
