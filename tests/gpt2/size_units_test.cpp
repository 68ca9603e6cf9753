#include <gtest/gtest.h>

#include "reports/gpt2/size_units.hpp"

namespace rigcheck {
namespace {

TEST(ParseSize, UnitsAndCase) {
  EXPECT_EQ(*parse_size("24GiB"), 24ull << 30);
  EXPECT_EQ(*parse_size("64gib"), 64ull << 30);
  EXPECT_EQ(*parse_size("24GB"), 24'000'000'000ull);
  EXPECT_EQ(*parse_size("512MiB"), 512ull << 20);
  EXPECT_EQ(*parse_size("1.5GiB"), 3ull << 29);
  EXPECT_EQ(*parse_size("4096"), 4096u);
  EXPECT_EQ(*parse_size("2TiB"), 2ull << 40);
}

TEST(ParseSize, BadSizesSayWhy) {
  EXPECT_EQ(parse_size("24 gigs").error(), "'24 gigs' is not a size (unknown unit ' gigs'; e.g. 24GiB, 64GB, 512MiB)");
  EXPECT_FALSE(parse_size(""));
  EXPECT_FALSE(parse_size("GiB"));
  EXPECT_FALSE(parse_size("0GiB"));
  EXPECT_FALSE(parse_size("1.2.3GB"));
  EXPECT_FALSE(parse_size("-1GiB"));
  EXPECT_FALSE(parse_size("99999999TiB"));
}

TEST(FormatGib, OneDecimal) {
  EXPECT_EQ(format_gib(37'382'668'800u), "34.8 GiB");
  EXPECT_EQ(format_gib(0), "0.0 GiB");
}

}  // namespace
}  // namespace rigcheck
