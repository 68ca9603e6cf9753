// Deterministic mutation fuzzing of everything rigcheck reads from a file: stored reports, sysfs
// PCI files, /proc files and kernel logs. Seeds are the fixture machines, their kernel logs and
// the reports rigcheck writes for them; mutations flip, insert, delete and duplicate bytes and
// splice in hostile numbers and invalid UTF-8. Every input must be rejected with a one-line
// reason or load as a report that survives a round trip and renders without a NaN; nothing may
// crash, and the process must stay under --max-rss-mib.
//
//   rigcheck_fuzz_inputs [--seconds 60] [--max-rss-mib 1024] [--seed 1]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "probes/file_source.hpp"
#include "probes/pci_parse.hpp"
#include "probes/pci_probe.hpp"
#include "probes/text/host_read.hpp"
#include "probes/text/kernel_log_read.hpp"
#include "probes/text/host_parse.hpp"
#include "probes/text/kernel_log_parse.hpp"
#include "reports/judge/judge.hpp"
#include "reports/policy.hpp"
#include "reports/render/render.hpp"
#include "reports/report_json.hpp"

namespace rigcheck {
namespace {

namespace fs = std::filesystem;

struct Settings {
  double seconds = 60;
  long max_rss_mib = 1024;
  std::uint64_t seed = 1;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

long rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;  // KiB on Linux
}

[[noreturn]] void fail(const std::string& what, const std::string& input) {
  auto dump = fs::temp_directory_path() / "rigcheck-fuzz-failure.bin";
  std::ofstream(dump, std::ios::binary) << input;
  std::fprintf(stderr, "FUZZ FAILURE: %s (input saved to %s)\n", what.c_str(), dump.c_str());
  std::exit(1);
}

// Values that broke number handling before: wrapped sizes, overflowing doubles, truncated floats.
const std::vector<std::string> kHostileTokens = {
    "-1", "0", "1e308", "-1e308", "1e400", "-1e400", "4294967295", "18446744073709551615", "18446744073709551616",
    "2.5", "-0", "1e-400", "NaN", "Infinity", "\"\"", "null", "[]", "{}", "\xff\xfe", "\xc3\x28", "\xed\xa0\x80",
    "\x1b[31m", "\"\\u0000\"", "9999999999999999999999"};

class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : rng_(seed) {}

  std::string mutate(std::string text) {
    int rounds = 1 + static_cast<int>(pick(4));
    for (int i = 0; i < rounds; ++i) text = once(std::move(text));
    return text;
  }

 private:
  std::size_t pick(std::size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

  // Replaces a run of digits (a number in JSON, sysfs or a log line) with a hostile token.
  std::string replace_number(std::string text) {
    for (int tries = 0; tries < 8 && !text.empty(); ++tries) {
      auto at = pick(text.size());
      if (!std::isdigit(static_cast<unsigned char>(text[at]))) continue;
      auto begin = at;
      while (begin > 0 && (std::isdigit(static_cast<unsigned char>(text[begin - 1])) || text[begin - 1] == '.')) --begin;
      auto end = at;
      while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.' ||
                                   text[end] == 'e' || text[end] == '+'))
        ++end;
      text.replace(begin, end - begin, kHostileTokens[pick(kHostileTokens.size())]);
      return text;
    }
    return text;
  }

  std::string once(std::string text) {
    if (text.empty()) return kHostileTokens[pick(kHostileTokens.size())];
    switch (pick(7)) {
      case 0:  // flip a bit
        text[pick(text.size())] ^= static_cast<char>(1u << pick(8));
        return text;
      case 1:  // insert a random byte
        text.insert(text.begin() + static_cast<long>(pick(text.size() + 1)), static_cast<char>(pick(256)));
        return text;
      case 2: {  // delete a range
        auto at = pick(text.size());
        text.erase(at, 1 + pick(std::min<std::size_t>(64, text.size() - at)));
        return text;
      }
      case 3: {  // duplicate a range (deep nesting, repeated keys)
        auto at = pick(text.size());
        auto piece = text.substr(at, 1 + pick(256));
        text.insert(at, piece);
        return text;
      }
      case 4:  // truncate
        text.resize(pick(text.size()));
        return text;
      case 5:  // insert a hostile token anywhere
        text.insert(pick(text.size() + 1), kHostileTokens[pick(kHostileTokens.size())]);
        return text;
      default:
        return replace_number(std::move(text));
    }
  }

  std::mt19937_64 rng_;
};

// Renderers see only loaded reports: a NaN or an infinity there is a loader bug.
// "nan" or "inf" as a word of its own (any case): how printf and fmt print non-finite doubles.
bool has_non_finite_word(const std::string& text) {
  auto letter = [&](std::size_t i) { return std::isalpha(static_cast<unsigned char>(text[i])) != 0; };
  auto lower = [&](std::size_t i) { return static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))); };
  for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
    char a = lower(i), b = lower(i + 1), c = lower(i + 2);
    if (!((a == 'n' && b == 'a' && c == 'n') || (a == 'i' && b == 'n' && c == 'f'))) continue;
    if ((i == 0 || !letter(i - 1)) && (i + 3 == text.size() || !letter(i + 3))) return true;
  }
  return false;
}

// "nan" or "inf" anywhere in the input's text, in any case: a renderer that trims or joins a
// string (JUnit drops a time's zone letter) can turn such text into a word of its own.
bool has_non_finite_text(const std::string& text) {
  std::string lower(text.size(), ' ');
  for (std::size_t i = 0; i < text.size(); ++i)
    lower[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
  return lower.find("nan") != std::string::npos || lower.find("inf") != std::string::npos;
}

// JSON has no literal for a non-finite number, so "nan" or "inf" in a loaded report can only be
// text inside a string (a mutated PCI address, say), which renderers echo; only an input without
// such a word can show that a computed non-finite number reached a renderer.
void check_renders(const Report& report, const std::string& input) {
  if (has_non_finite_text(input)) return;
  for (const auto& format : render_formats()) {
    auto text = render(report, format, RenderOptions{});
    if (text && has_non_finite_word(*text)) fail("a non-finite number reached the " + format + " renderer", input);
  }
}

void fuzz_report(const std::string& input, const Policy& policy) {
  auto loaded = parse_report(input);
  if (!loaded) {
    if (loaded.error().empty()) fail("rejected without a reason", input);
    return;  // `rigcheck report` exits 2 with this line
  }
  auto again = parse_report(report_to_json_text(*loaded));
  if (!again) fail("a loaded report does not load again after writing: " + again.error(), input);
  auto judged = judge(*loaded, policy);
  check_renders(judged, input);
}

void fuzz_sysfs(const std::string& input) {
  (void)parse_resource(input);
  (void)parse_link_speed_gts(input);
  (void)parse_aer_file(input);
  (void)parse_meminfo(input);
  (void)parse_cpuinfo(input);
  (void)parse_os_release(input);
  (void)parse_nvidia_driver_version(input);
}

void fuzz_kernel_log(const std::string& input) {
  auto parsed = parse_kernel_log(input);
  if (parsed.garbage_lines > parsed.lines_read) fail("more garbage lines than lines", input);
}

struct Seeds {
  std::vector<std::string> reports;
  std::vector<std::string> sysfs;
  std::vector<std::string> kernel_logs;
};

// What `rigcheck probe --sysroot MACHINE` reports, without NVML (the probes alone).
Report probe_fixture(const fs::path& machine, const Policy& policy) {
  FileSource files(machine);
  Report report;
  report.profile = "probe";
  report.created_utc = "2026-12-01T00:00:00Z";
  report.host = read_host_facts(files);
  report.host.kernel_log = read_kernel_log(files, "").facts;
  auto scan = read_display_devices(files);
  for (auto& pci : scan.display_devices) {
    GpuEntry gpu;
    gpu.index = static_cast<int>(report.gpus.size());
    gpu.name = pci.name;
    gpu.pci = std::move(pci);
    report.gpus.push_back(std::move(gpu));
  }
  return judge(std::move(report), policy);
}

Seeds gather_seeds(const Policy& policy) {
  Seeds seeds;
  const fs::path fixtures = RIGCHECK_FIXTURES_DIR;
  for (const auto& machine : fs::directory_iterator(fixtures / "machines")) {
    if (!machine.is_directory()) continue;
    seeds.reports.push_back(report_to_json_text(probe_fixture(machine.path(), policy)));
    for (const auto& entry : fs::recursive_directory_iterator(machine.path())) {
      if (!entry.is_regular_file() || entry.file_size() > 1 << 20) continue;
      auto name = entry.path().filename().string();
      if (name == "resource" || name.find("link_") != std::string::npos || name.rfind("aer_dev", 0) == 0 ||
          name == "meminfo" || name == "cpuinfo" || name == "os-release" || name == "version")
        seeds.sysfs.push_back(slurp(entry.path()));
      if (name == "kernel-log.txt") seeds.kernel_logs.push_back(slurp(entry.path()));
    }
  }
  for (const auto& log : fs::directory_iterator(fixtures / "kernel-logs"))
    if (log.path().extension() == ".txt") seeds.kernel_logs.push_back(slurp(log.path()));
  return seeds;
}

int run(const Settings& settings) {
  auto policy = load_policy("gpt2-finetune");
  if (!policy) {
    std::fprintf(stderr, "no policy: %s\n", policy.error().c_str());
    return 1;
  }
  auto seeds = gather_seeds(*policy);
  if (seeds.reports.empty() || seeds.sysfs.empty() || seeds.kernel_logs.empty()) {
    std::fprintf(stderr, "no seeds found under %s\n", RIGCHECK_FIXTURES_DIR);
    return 1;
  }
  Mutator mutator(settings.seed);
  std::mt19937_64 chooser(settings.seed ^ 0x9e3779b97f4a7c15ull);
  auto started = std::chrono::steady_clock::now();
  std::uint64_t inputs = 0;
  for (;; ++inputs) {
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (elapsed >= settings.seconds) break;
    auto kind = chooser() % 4;  // reports are the richest target: half the time
    const auto& pool = kind < 2 ? seeds.reports : kind == 2 ? seeds.sysfs : seeds.kernel_logs;
    auto input = mutator.mutate(pool[chooser() % pool.size()]);
    if (kind < 2) fuzz_report(input, *policy);
    else if (kind == 2) fuzz_sysfs(input);
    else fuzz_kernel_log(input);
    if (inputs % 64 == 0 && rss_mib() > settings.max_rss_mib)
      fail("memory above " + std::to_string(settings.max_rss_mib) + " MiB", input);
  }
  std::printf("fuzzed %llu inputs in %.0f s (seed %llu), peak memory %ld MiB\n",
              static_cast<unsigned long long>(inputs), settings.seconds, static_cast<unsigned long long>(settings.seed),
              rss_mib());
  return 0;
}

}  // namespace
}  // namespace rigcheck

int main(int argc, char** argv) {
  rigcheck::Settings settings;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--seconds") settings.seconds = std::atof(argv[i + 1]);
    else if (flag == "--max-rss-mib") settings.max_rss_mib = std::atol(argv[i + 1]);
    else if (flag == "--seed") settings.seed = std::strtoull(argv[i + 1], nullptr, 10);
  }
  return rigcheck::run(settings);
}
