#include "probes/text/text_util.hpp"

#include <gtest/gtest.h>

namespace rigcheck::text {
namespace {

TEST(TextUtil, SplitsLinesAndDropsCarriageReturns) {
  auto lines = split_lines("a\r\nb\n\nlast");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "a");
  EXPECT_EQ(lines[1], "b");
  EXPECT_EQ(lines[2], "");
  EXPECT_EQ(lines[3], "last");
  EXPECT_TRUE(split_lines("").empty());
}

TEST(TextUtil, ParsesNumbersStrictly) {
  EXPECT_EQ(parse_hex("0x800000000"), 0x800000000u);
  EXPECT_EQ(parse_hex("1b38"), 0x1b38u);
  EXPECT_FALSE(parse_hex("0x"));
  EXPECT_FALSE(parse_hex("12g"));
  EXPECT_EQ(parse_decimal("16"), 16u);
  EXPECT_FALSE(parse_decimal("-1"));
  EXPECT_FALSE(parse_decimal("99999999999999999999999"));  // overflow is not a number
}

TEST(TextUtil, FindsPciAddresses) {
  EXPECT_EQ(find_bdf("pci 0000:13:00.0: BAR 1"), "0000:13:00.0");
  EXPECT_EQ(find_bdf("NVRM: BAR1 is 0M @ 0x0 (PCI:0000:AF:00.1)"), "0000:af:00.1");
  EXPECT_FALSE(find_bdf("Xid (PCI:0000:13:00): 79"));  // no function: not a full address
  EXPECT_FALSE(find_bdf("20:53:33 00:1c.4"));
  EXPECT_FALSE(bdf_at("10000:13:00.0", 1));             // the tail of a longer hex run
  EXPECT_FALSE(bdf_at("0000:13:00.00", 0));
  EXPECT_FALSE(bdf_at("0000:1", 0));                    // truncated
}

TEST(TextUtil, CleanLinesHaveNoControlBytes) {
  EXPECT_TRUE(is_clean_line("pci 0000:13:00.0:\tok"));
  EXPECT_FALSE(is_clean_line(std::string_view("a\0b", 3)));
  EXPECT_FALSE(is_clean_line("\x1b[31mred"));
}

}  // namespace
}  // namespace rigcheck::text
