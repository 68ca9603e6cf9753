#pragma once
// Ctrl-C handling: the first SIGINT/SIGTERM sets a flag that long work polls, so the run stops
// between steps and still writes a partial report; a second one exits at once.
namespace rigcheck {

void install_interrupt_handler();
// In a worker process: the same flag, without the message (the parent prints it).
void install_worker_interrupt_handler();
bool interrupt_requested();
// A (partial) report is on disk: a second Ctrl-C from now on exits 3, not 130.
void note_report_on_disk();

}  // namespace rigcheck
