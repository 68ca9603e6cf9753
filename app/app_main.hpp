#pragma once
// The whole program behind main(): parse the command line, run one command, return its exit code.
namespace rigcheck {
int app_main(int argc, char** argv);
}
