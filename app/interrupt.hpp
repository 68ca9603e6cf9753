#pragma once
// Ctrl-C handling: the first SIGINT/SIGTERM sets a flag that long work polls, so the run stops
// between steps and still writes a partial report; a second one exits at once.
namespace rigcheck {

void install_interrupt_handler();
bool interrupt_requested();

}  // namespace rigcheck
