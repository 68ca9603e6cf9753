#pragma once
// Recognises the kernel messages that matter for a GPU build (docs/kernel-log.md): BAR placement failures (old and new kernel wordings), the NVIDIA driver's NVRM lines,
// Xid reports, "fallen off the bus" and AER error reports. One message gives zero, one or (an Xid 79
// line, which is also "fallen off the bus") two events.
#include <string_view>
#include <vector>

#include "reports/host_facts.hpp"

namespace rigcheck {

// `message` is the kernel's text without any log prefix (see split_log_line). The events carry the
// message as `line`; `time_s` is left for the caller.
std::vector<KernelLogEvent> recognise_kernel_message(std::string_view message);

}  // namespace rigcheck
