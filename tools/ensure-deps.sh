#!/bin/sh
# Installs the Debian packages moo's build, run and test need, when missing.
# Called by `make qemu`, `make test` and `make bench`; does nothing when all are present.
set -e
need=""
command -v riscv64-unknown-elf-gcc >/dev/null 2>&1 || need="$need gcc-riscv64-unknown-elf"
command -v qemu-system-riscv64 >/dev/null 2>&1 || need="$need qemu-system-misc"
[ -e /usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin ] || need="$need qemu-system-data"
command -v gdb-multiarch >/dev/null 2>&1 || need="$need gdb-multiarch"
command -v python3 >/dev/null 2>&1 || need="$need python3"
command -v gcc >/dev/null 2>&1 || need="$need gcc"
# make test's formatting and static checks
command -v clang-format >/dev/null 2>&1 || need="$need clang-format"
command -v cppcheck >/dev/null 2>&1 || need="$need cppcheck"
# i386: its emulator, and a 32-bit libgcc for 64-bit division in the kernel and user printf
command -v qemu-system-i386 >/dev/null 2>&1 || need="$need qemu-system-x86"
[ -e "$(gcc -m32 -print-libgcc-file-name 2>/dev/null | grep /32/)" ] || need="$need lib32gcc-12-dev"
if [ "${MOO_NEED_GNUPLOT:-0}" = 1 ]; then
  command -v gnuplot >/dev/null 2>&1 || need="$need gnuplot-nox"
fi
[ -z "$need" ] && exit 0
echo "installing:$need"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need
