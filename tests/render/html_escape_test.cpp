// HTML escaping: every string from a report passes through html_escape.
#include "reports/render/html_escape.hpp"

#include <gtest/gtest.h>

namespace rigcheck {
namespace {

TEST(HtmlEscape, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(html_escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
}

TEST(HtmlEscape, LeavesTextAndUtf8AsTheyAre) {
  EXPECT_EQ(html_escape("Tesla P40 — 92 °C"), "Tesla P40 — 92 °C");
  EXPECT_EQ(html_escape(""), "");
  EXPECT_EQ(html_escape("&amp;"), "&amp;amp;");  // already-escaped text is escaped again: the report holds plain text
}

TEST(HtmlEscape, DropsControlCharactersButKeepsWhitespace) {
  EXPECT_EQ(html_escape("a\x01\x1b[31mb\tc\nd"), "a[31mb\tc\nd");
}

}  // namespace
}  // namespace rigcheck
