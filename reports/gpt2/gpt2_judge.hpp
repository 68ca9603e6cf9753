#pragma once
// The two rules that read the GPT-2 table: gpt2.fit and host.memory. Pure functions.
#include "reports/check.hpp"
#include "reports/gpt2_table.hpp"
#include "reports/host_facts.hpp"
#include "reports/policy.hpp"

namespace rigcheck {

// "gpt2.fit": pass when every policy.required "model:task:precision" row fits (gpu or offload);
// fail naming the first that does not, with advice; warn when a required offload row fits only
// if the host RAM (unknown) is large enough; skip when the table has no VRAM input; error when
// the policy names a row the table does not have.
Check judge_gpt2_fit(const Gpt2Table& table, const Gpt2Policy& policy);

// "host.memory": host RAM total vs the largest host need among the policy's required rows (the
// offload rows dominate) plus policy.host_memory.headroom_bytes. pass: >= need + headroom;
// warn: >= need only; fail: < need; skip when host RAM is unknown.
Check judge_host_memory(const HostFacts& host, const Gpt2Table& table, const Policy& policy);

}  // namespace rigcheck
