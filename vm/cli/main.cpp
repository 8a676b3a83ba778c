#include "cli/driver.hpp"

int main(int argc, char **argv) { return viper::cli::runCli(argc, argv); }
