// Probing a machine with 100+ PCI devices (many GPUs behind switches) must stay well under a
// second: this builds such a tree once in a temporary folder and measures the PCI scan and the
// whole machine probe through --sysroot.
#include <filesystem>
#include <fstream>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "app/machine_probe.hpp"
#include "probes/pci_probe.hpp"

namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// 16 root ports, each with a switch (upstream + 8 downstream ports) and 7 GPUs: 16 * 16 = 256 devices.
fs::path build_big_machine() {
  auto root = fs::temp_directory_path() / "rigcheck-bench-machine";
  fs::remove_all(root);
  auto add = [&](const std::string& rel, std::uint32_t cls, std::uint16_t vendor, std::uint16_t device) {
    auto dir = root / "sys" / rel;
    write(dir / "class", fmt::format("0x{:06x}\n", cls));
    write(dir / "vendor", fmt::format("0x{:04x}\n", vendor));
    write(dir / "device", fmt::format("0x{:04x}\n", device));
    write(dir / "subsystem_vendor", "0x10de\n");
    write(dir / "subsystem_device", "0x11d9\n");
    write(dir / "resource", "0x00000000f6000000 0x00000000f6ffffff 0x0000000000040200\n"
                            "0x0000003800000000 0x0000003fffffffff 0x000000000014220c\n");
    write(dir / "current_link_speed", "8.0 GT/s PCIe\n");
    write(dir / "max_link_speed", "8.0 GT/s PCIe\n");
    write(dir / "current_link_width", "16\n");
    write(dir / "max_link_width", "16\n");
    write(dir / "aer_dev_correctable", "RxErr 0\nBadTLP 0\nTOTAL_ERR_COR 0\n");
    auto bdf = fs::path(rel).filename().string();
    fs::create_directories(root / "sys/bus/pci/devices");
    fs::create_symlink("../../../" + rel, root / "sys/bus/pci/devices" / bdf);
  };
  for (int port = 0; port < 16; ++port) {
    std::string rp = fmt::format("0000:00:{:02x}.0", port + 1);
    std::string base = "devices/pci0000:00/" + rp;
    add(base, 0x060400, 0x8086, 0x6f08);
    int bus = 0x10 + port * 0x10;
    std::string up = fmt::format("0000:{:02x}:00.0", bus);
    add(base + "/" + up, 0x060400, 0x10b5, 0x8747);
    for (int slot = 0; slot < 7; ++slot) {
      std::string down = fmt::format("0000:{:02x}:{:02x}.0", bus + 1, slot);
      std::string gpu = fmt::format("0000:{:02x}:00.0", bus + 2 + slot);
      add(base + "/" + up + "/" + down, 0x060400, 0x10b5, 0x8747);
      add(base + "/" + up + "/" + down + "/" + gpu, 0x030200, 0x10de, 0x1b38);
    }
  }
  write(root / "proc/meminfo", "MemTotal:       65536000 kB\nMemAvailable:   60000000 kB\n");
  return root;
}

const fs::path& machine() {
  static const fs::path root = build_big_machine();
  return root;
}

void BM_PciScan(benchmark::State& state) {
  rigcheck::FileSource files(machine());
  std::size_t devices = 0;
  for (auto _ : state) {
    auto scan = rigcheck::read_display_devices(files);
    devices = scan.display_devices.size();
    benchmark::DoNotOptimize(scan);
  }
  state.counters["gpus"] = static_cast<double>(devices);
}
BENCHMARK(BM_PciScan)->Unit(benchmark::kMillisecond);

void BM_MachineProbe(benchmark::State& state) {
  rigcheck::FileSource files(machine());
  rigcheck::GlobalOptions options;
  options.quiet = true;
  for (auto _ : state) benchmark::DoNotOptimize(rigcheck::probe_machine(files, options, "probe"));
}
BENCHMARK(BM_MachineProbe)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
