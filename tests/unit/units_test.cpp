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
  EXPECT_DOUBLE_EQ(*parse_duration_seconds("168h"), 7 * 24 * 3600.0);
  for (const char* too_long : {"1e9h", "169h", "1e300"}) {
    auto parsed = parse_duration_seconds(too_long);
    ASSERT_FALSE(parsed.ok()) << too_long;
    EXPECT_NE(parsed.error().find("7-day maximum"), std::string::npos) << parsed.error();
  }
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
