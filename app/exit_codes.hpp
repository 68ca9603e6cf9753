#pragma once
// Exit codes (the contract in README.md): CI gates and cluster scripts rely on them.
namespace rigcheck {

enum ExitCode : int {
  kExitSound = 0,        // no fail (warnings allowed unless --strict)
  kExitUnsound = 1,      // at least one fail (or a warning under --strict)
  kExitBadInput = 2,     // bad usage or bad input file: one clear line on stderr
  kExitCouldNotTest = 3, // no usable device, runtime error, interrupted (a partial report is still written)
};

}  // namespace rigcheck
