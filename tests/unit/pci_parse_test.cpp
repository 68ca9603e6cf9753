#include <gtest/gtest.h>

#include "probes/pci_names.hpp"
#include "probes/pci_parse.hpp"

namespace rigcheck {
namespace {

TEST(ParseResource, AssignedUnassignedAndEmptySlots) {
  auto bars = parse_resource(
      "0x00000000f6000000 0x00000000f6ffffff 0x0000000000040200\n"
      "0x0000000000000000 0x00000007ffffffff 0x000000000014220c\n"
      "0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
      "0x0000003c00000000 0x0000003c01ffffff 0x000000002014220c\n");
  ASSERT_TRUE(bars.ok()) << bars.error();
  ASSERT_EQ(bars->size(), 3u);
  EXPECT_EQ((*bars)[0].size_bytes, 16u << 20);
  EXPECT_TRUE((*bars)[0].is_assigned);
  EXPECT_FALSE((*bars)[0].is_64bit);
  EXPECT_EQ((*bars)[1].index, 1);
  EXPECT_EQ((*bars)[1].size_bytes, 32ull << 30);  // size kept, start 0: no address
  EXPECT_FALSE((*bars)[1].is_assigned);
  EXPECT_TRUE((*bars)[1].is_64bit);
  EXPECT_TRUE((*bars)[1].is_prefetchable);
  EXPECT_EQ((*bars)[2].index, 3);
  EXPECT_FALSE((*bars)[2].is_assigned);  // the UNSET flag
}

TEST(ParseResource, MalformedLineIsAnErrorNamingTheLine) {
  auto bars = parse_resource("0x0 0x1 0x200\nnot a resource line\n");
  ASSERT_FALSE(bars.ok());
  EXPECT_NE(bars.error().find("line 2"), std::string::npos);
}

TEST(ParseLinkSpeed, OldAndNewKernelWordings) {
  EXPECT_EQ(parse_link_speed_gts("8.0 GT/s PCIe"), 8.0);
  EXPECT_EQ(parse_link_speed_gts("8 GT/s"), 8.0);
  EXPECT_EQ(parse_link_speed_gts("2.5 GT/s PCIe\n"), 2.5);
  EXPECT_EQ(parse_link_speed_gts("16.0 GT/s PCIe"), 16.0);
  EXPECT_FALSE(parse_link_speed_gts("Unknown"));
  EXPECT_FALSE(parse_link_speed_gts("fast"));
  EXPECT_FALSE(parse_link_speed_gts(""));
  EXPECT_EQ(pcie_generation(8.0), 3);
  EXPECT_EQ(pcie_generation(2.5), 1);
  EXPECT_FALSE(pcie_generation(7.0));
}

TEST(ParseAer, CountsAndTotal) {
  auto aer = parse_aer_file("RxErr 3\nBadTLP 0\nTOTAL_ERR_COR 3\n");
  ASSERT_TRUE(aer.ok());
  EXPECT_EQ(aer->counts.size(), 2u);
  EXPECT_EQ(aer->total, 3u);
  EXPECT_FALSE(parse_aer_file("RxErr three\n").ok());
  EXPECT_FALSE(parse_aer_file("RxErr 1 2\n").ok());
}

TEST(PciAddress, Recognised) {
  EXPECT_TRUE(is_pci_address("0000:13:00.0"));
  EXPECT_TRUE(is_pci_address("10000:00:1c.7") == false);
  EXPECT_FALSE(is_pci_address("0000:13:00"));
  EXPECT_FALSE(is_pci_address("pci0000:00"));
}

TEST(PciNames, CardTableThenPciIds) {
  EXPECT_EQ(name_pci_device(0x10de, 0x1b38).name, "Tesla P40");
  EXPECT_EQ(name_pci_device(0x10de, 0x1b38).source, "card-table");
  const char* ids = "# comment\n10de  NVIDIA Corporation\n\t0ffa  GK107GL [Quadro K600]\n\t\t10de 094b  Quadro K600\n"
                    "1a03  ASPEED Technology, Inc.\n\t2000  ASPEED Graphics Family\n";
  EXPECT_EQ(find_in_pci_ids(ids, 0x10de, 0x0ffa), "NVIDIA Corporation GK107GL [Quadro K600]");
  EXPECT_EQ(find_in_pci_ids(ids, 0x1a03, 0x2000), "ASPEED Technology, Inc. ASPEED Graphics Family");
  EXPECT_EQ(find_in_pci_ids(ids, 0x10de, 0x9999), "NVIDIA Corporation device 9999");
  EXPECT_FALSE(find_in_pci_ids(ids, 0x1234, 0x0001));
}

}  // namespace
}  // namespace rigcheck
