// The `viper` command line: argument parsing and the run/check/il commands.
#pragma once

namespace viper::cli {
int runCli(int argc, char **argv);
}
