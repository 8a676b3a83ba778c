# Cross toolchain for AArch64 Linux (Debian g++-aarch64-linux-gnu); used by scripts/aarch64.sh.
# Test binaries run under qemu-user: ctest and gtest_discover_tests go through the emulator.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)   # host tools (valgrind, ...)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)    # target libraries only: not the x86 libgtest.a
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /usr/aarch64-linux-gnu)
