#pragma once
// The text parts of the HTML report, each a fragment of HTML built from the report with every
// string escaped: the header, the verdict with its advice in fix order, check tables, the GPT-2
// table. The charts are in html_charts.hpp; the page around them in html.cpp.
#include <string>
#include <vector>

#include "reports/model.hpp"

namespace rigcheck {

// Title line and the facts of the run: machine, tool version, profile, policy, creation time,
// notes and what could not be read.
std::string html_header_section(const Report& report);

// The verdict, then its reasons in rank order (what to fix first) with their advice.
std::string html_verdict_section(const Report& report);

// What the GPU is (name, PCI address and ids, backend, memory, NVML facts), without its checks.
std::string html_gpu_facts(const GpuEntry& gpu);

// One row per check: status, id, summary, advice under warn and fail, evidence folded away.
std::string html_checks_table(const std::vector<Check>& checks);

// The short answer per model (as the text report), the full table (as Markdown), the basis.
std::string html_gpt2_section(const Gpt2Table& table);

}  // namespace rigcheck
