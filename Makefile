# Builds the moo kernel, the user programs, the disk image and the host tools;
# runs it in QEMU and runs the tests. `make help` lists the targets.

ARCH      ?= riscv
FORK      ?= cow
EXTRA_PROGS ?=
HOSTCC    ?= gcc
PYTHON    ?= python3

# Per architecture: the toolchain, the flags, the disk driver and the machine QEMU emulates.
ifeq ($(ARCH),i386)
B         := build/i386
CPUS      ?= 2
MEM       ?= 512M
TOOLPREFIX ?=
QEMU      := qemu-system-i386
GDBARCH   := i386
ARCHFLAGS := -m32 -march=i686
KARCHFLAGS := -mgeneral-regs-only
LDFLAGS_ARCH := -m elf_i386 -z noexecstack
LIBGCC     := $(shell $(HOSTCC) -m32 -print-libgcc-file-name)
DISK_DRIVER := kernel/dev/ide.c
UINCLUDE_ARCH := -Iuser/include/x86 # x86 xv6 programs' flat header names
# BOOT=disk: x86 xv6's own line (make qemu-nox), the boot disk moo.img on IDE unit 0 and the
# file system on unit 1 (its -smp N puts N cores in one socket: moo finds them in ACPI's MADT).
BOOT      ?= multiboot
ifeq ($(BOOT),disk)
QEMUOPTS  = -nographic -drive file=$(FSIMG),index=1,media=disk,format=raw \
            -drive file=$(BOOTIMG),index=0,media=disk,format=raw -smp $(CPUS) -m $(MEM)
else
QEMUOPTS  = -machine pc -m $(MEM) -smp $(CPUS),sockets=$(CPUS) -nographic -no-reboot -nic none \
            -kernel $(KERNEL) \
            -drive file=$(FSIMG),format=raw,if=ide,index=0,media=disk \
            -device isa-debug-exit,iobase=0xf4,iosize=0x04
endif
else ifeq ($(ARCH),riscv)
B         := build
CPUS      ?= 3
MEM       ?= 128M
TOOLPREFIX ?= riscv64-unknown-elf-
QEMU      := qemu-system-riscv64
GDBARCH   := riscv:rv64
ARCHFLAGS := -march=rv64gc -mabi=lp64d -mcmodel=medany -mno-relax
KARCHFLAGS :=
LDFLAGS_ARCH :=
LIBGCC     :=
DISK_DRIVER := kernel/dev/virtio_blk.c kernel/dev/virtio_mmio.c
UINCLUDE_ARCH :=
# BOOT: how QEMU starts moo. opensbi: OpenSBI loads moo-sbi.elf (moo.elf without its
# machine-mode layer), modern virtio. none: QEMU enters moo.elf in machine mode (-bios none),
# modern virtio: the 2022 labs' line. none-legacy: the same with the legacy virtio interface,
# QEMU's default: the 2020 labs' line.
BOOT      ?= opensbi
QEMU_MODERN_VIRTIO := -global virtio-mmio.force-legacy=false
ifeq ($(BOOT),opensbi)
QEMUBOOT  = -bios default -kernel $(KB)/moo-sbi.elf $(QEMU_MODERN_VIRTIO)
else ifeq ($(BOOT),none)
QEMUBOOT  = -bios none -kernel $(KERNEL) $(QEMU_MODERN_VIRTIO)
else ifeq ($(BOOT),none-legacy)
QEMUBOOT  = -bios none -kernel $(KERNEL)
else
$(error BOOT must be opensbi, none or none-legacy)
endif
QEMUOPTS  = -machine virt -m $(MEM) -smp $(CPUS) -nographic $(QEMUBOOT) \
            -drive file=$(FSIMG),if=none,format=raw,id=disk0 \
            -device virtio-blk-device,drive=disk0,bus=virtio-mmio-bus.0
else
$(error ARCH must be riscv or i386)
endif

# The kernel runs at most 8 harts (NCPU, kernel/params.h): QEMU would start more, and the
# kernel would leave the rest parked without a word, so make says so.
ifneq ($(filter-out 1 2 3 4 5 6 7 8,$(CPUS)),)
$(warning CPUS=$(CPUS): moo runs 1 to 8 harts; QEMU starts $(CPUS) but the kernel uses at most 8)
endif

CC        := $(TOOLPREFIX)gcc
LD        := $(TOOLPREFIX)ld
OBJCOPY   := $(TOOLPREFIX)objcopy
OBJDUMP   := $(TOOLPREFIX)objdump
AR        := $(TOOLPREFIX)ar

COMMON    := -O2 -g -Wall -Werror -ffreestanding -fno-common -nostdlib -fno-builtin \
             -fno-stack-protector -fno-pie -no-pie -fno-omit-frame-pointer \
             $(ARCHFLAGS) -MMD -MP
KCFLAGS   := $(COMMON) $(KARCHFLAGS) -Ikernel -Ikernel/arch/$(ARCH) -Icommon
ifeq ($(FORK),eager)
KCFLAGS   += -DFORK_EAGER
endif
ifeq ($(POISON),1)
KCFLAGS   += -DFRAME_POISON
endif
# TESTHOOKS=1: a kernel for tests only, with deliberate failures user programs can ask for
# (kernel/proc/power.h); it is built in a directory of its own, never the normal kernel's.
TESTHOOKS ?= 0
ifeq ($(TESTHOOKS),1)
KCFLAGS   += -DTEST_HOOKS
endif
UARCH     := user/lib/arch/$(ARCH)
UCFLAGS   := $(COMMON) -Iuser/lib -I$(UARCH) -Iuser/include -Ikernel/arch/$(ARCH) -Icommon \
             $(UINCLUDE_ARCH)

# common/: code built into the kernel, the user library and host tests alike.
# Disk drivers: only the one this machine has (DISK_DRIVER above) is built.
ALL_DISK_DRIVERS := kernel/dev/virtio_blk.c kernel/dev/virtio_mmio.c kernel/dev/ide.c
KSRCS     := $(filter-out $(filter-out $(DISK_DRIVER),$(ALL_DISK_DRIVERS)), \
               $(wildcard kernel/*.c kernel/lib/*.c kernel/mm/*.c kernel/proc/*.c \
                          kernel/fs/*.c kernel/dev/*.c kernel/arch/$(ARCH)/*.c common/*.c))
KASMS     := $(wildcard kernel/arch/$(ARCH)/*.S)
KB        := $(B)/kernel-$(FORK)$(if $(filter 1,$(TESTHOOKS)),-testhooks)
KOBJS     := $(KSRCS:%.c=$(KB)/%.o) $(KASMS:%.S=$(KB)/%.o)
KERNEL    := $(KB)/moo.elf
# i386: the boot disk (boot sector, then the kernel ELF); the default kernel's is
# build/i386/moo.img.
ifeq ($(ARCH),i386)
BOOTIMG   := $(if $(filter $(B)/kernel-cow,$(KB)),$(B)/moo.img,$(KB)/moo.img)
endif

# RISC-V: moo's machine-mode layer (kernel/arch/riscv/mmode, for -bios none) is one partial link,
# mmode.o, with its own copies of the device-tree reader and string functions; every symbol but
# its entry is made local, so it stays apart from the kernel (kernel.ld puts it at MMODE_BASE).
MMODE_SRCS := $(wildcard kernel/arch/$(ARCH)/mmode/*.c kernel/arch/$(ARCH)/mmode/*.S)
ifneq ($(MMODE_SRCS),)
MMODE_OBJS := $(patsubst %,$(KB)/mmode/%.o,$(basename $(MMODE_SRCS) kernel/lib/fdt.c \
                kernel/lib/string.c))
KOBJS     += $(KB)/mmode.o
KERNEL_SBI := $(KB)/moo-sbi.elf

$(KB)/mmode.o: $(MMODE_OBJS)
	$(LD) -r -o $@ $^
	$(OBJCOPY) -G mmode_entry $@

$(KB)/mmode/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -Ikernel/arch/$(ARCH)/mmode -c -o $@ $<

$(KB)/mmode/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c -o $@ $<

# For OpenSBI, which sits at MMODE_BASE itself (QEMU refuses overlapping files): the same link
# without the machine-mode layer; everything else lands at the same addresses.
$(KERNEL_SBI): $(KERNEL)
	$(LD) $(LDFLAGS_ARCH) -z max-page-size=4096 -T $(KB)/kernel.ld -o $@ \
	    $(filter-out $(KB)/mmode.o,$(KOBJS)) $(LIBGCC)
endif

ULIBSRCS  := $(wildcard user/lib/*.c $(UARCH)/*.c $(UARCH)/*.S)
ULIBOBJS  := $(patsubst %,$(B)/%.o,$(basename $(ULIBSRCS))) \
             $(patsubst common/%.c,$(B)/user/common/%.o,$(wildcard common/*.c))
BINPROGS  := $(patsubst %.c,$(B)/%,$(wildcard user/bin/*.c))
TESTPROGS := $(patsubst %.c,$(B)/%,$(wildcard user/tests/*.c user/bench/*.c))
# i386: lab programs written against the x86 xv6 API (printf(fd, ...), exit(), wait()),
# compiled with moo's library and linked the x86 xv6 way (LABLINK), for the test image.
ifeq ($(ARCH),i386)
TESTPROGS += $(patsubst tests/x86lab/%.c,$(B)/x86lab/_%,$(wildcard tests/x86lab/*.c))
endif
UPROGS    := $(BINPROGS) $(TESTPROGS)

# Two disk images. The user's (FSIMG, what `make qemu` boots) holds README and the commands of
# user/bin only, and lives on between boots. The test image holds the suites and benchmarks too;
# tests/run.py and tools/bench.py boot copies of it, never the user's image.
FSIMG     ?= $(B)/fs.img
TESTIMG   := $(B)/test/fs.img
GUEST_README := user/README
MKFS      := $(B)/tools/mkfs
FSCK      := $(B)/tools/fsck

.PHONY: all kernel user fs fs-reset test-fs qemu qemu-gdb test unit-test bench soak clean deps \
        help print-qemu print-fs print-var prog run grade batch-inputs host-tools bench-grade

all: kernel fs test-fs $(FSCK)

help:
	@echo "Targets:"
	@echo "  make qemu       build and boot moo to a shell on the user's disk image ($(FSIMG))"
	@echo "  make qemu-gdb   the same, halted, waiting for gdb-multiarch -x $(B)/gdbinit"
	@echo "  make fs-reset   rebuild the user's disk image from scratch (files made in the guest"
	@echo "                  are lost)"
	@echo "  make prog SRC=file.c OUT=dir/_name   build one program of yours with moo's library"
	@echo "  make run CMDS='echo hi; free'   run commands headless on a copy of the image, print"
	@echo "                  their output, power off"
	@echo "  make grade LAB=dir   run a lab's test programs, compare with their expected output"
	@echo "  make grade LAB=dir KERNEL=tree [BASE=tree] | CLASS=dir [BASE=tree]   grade xv6 trees"
	@echo "  make test       host unit tests and the in-guest suites on 1 and 3 harts (i386: 1 and 2),"
	@echo "                  both architectures, on a separate image"
	@echo "  make soak       boot loop, both fuzzers, fault injection, SMP stress: SOAK_SECONDS each"
	@echo "  make bench      benchmarks, copy-on-write against eager fork (docs/bench.md)"
	@echo "  make bench-grade  how fast tools/grade grades a class of fixture submissions"
	@echo "  make all        kernel, the user's image and the test image, without running anything"
	@echo "  make clean      remove $(B)/ (the user's image with it)"
	@echo "Variables (make VAR=value ...):"
	@echo "  ARCH=$(ARCH)      target architecture: ARCH=riscv (QEMU virt, the default) or ARCH=i386"
	@echo "                  (QEMU pc; builds go to build/i386/); the defaults below are $(ARCH)'s"
	@echo "  CPUS=$(CPUS)          harts QEMU starts (1 to 8; the kernel uses at most 8)"
ifeq ($(ARCH),riscv)
	@echo "  BOOT=opensbi    how QEMU starts moo: opensbi, none (-bios none, the 2022 xv6 labs'"
	@echo "                  line) or none-legacy (-bios none, legacy virtio: the 2020 labs')"
else
	@echo "  BOOT=multiboot  how QEMU starts moo: multiboot (-kernel), or disk: $(B)/moo.img on"
	@echo "                  x86 xv6's -drive line (the file system on IDE unit 1)"
endif
	@echo "  MEM=$(MEM)        guest RAM$(if $(filter i386,$(ARCH)), (the i386 kernel uses at most \
	  224 MiB of it),)"
	@echo "  FORK=cow        FORK=eager builds a kernel whose fork copies every page"
	@echo "  EXTRA_PROGS=    host files added to the user's image (and to make run's copy), e.g."
	@echo "                  EXTRA_PROGS=build/hello; a change updates the programs on the image"
	@echo "                  and keeps the files made in the guest (make fs-reset wipes them)"
	@echo "  SRC=, OUT=      make prog: the C file, and the program to write (dir/_name)"
	@echo "  POISON=1        fill freed frames with a pattern and panic when one is written"
	@echo "  TESTHOOKS=1     a kernel for tests, with deliberate failures programs can ask for"
	@echo "  CMDS=           make run: the commands to run"
	@echo "  LAB=labs/example  make grade: the lab directory"
	@echo "  TIMEOUT=300     make run and make grade: seconds before giving up"
	@echo "  ICOUNT=1        make bench: count instructions, so figures repeat exactly"
	@echo "  SOAK_SECONDS=300  make soak: how long each slice runs"

deps:
	@tools/ensure-deps.sh

kernel: $(KERNEL) $(BOOTIMG) $(KERNEL_SBI)

$(KERNEL): $(KOBJS) $(KB)/kernel.ld
	$(LD) $(LDFLAGS_ARCH) -z max-page-size=4096 -T $(KB)/kernel.ld -o $@ $(KOBJS) $(LIBGCC)
	$(OBJDUMP) -S $@ > $(KB)/moo.asm

# i386 boot disk: the boot sector (exactly 512 bytes, kernel/arch/i386/bootdisk/bootsect.S)
# at LBA 0, the kernel ELF from LBA 1, padded to whole sectors.
$(B)/bootdisk/bootsect.bin: kernel/arch/i386/bootdisk/bootsect.S
	@mkdir -p $(dir $@)
	$(CC) -m32 -c -o $(@:.bin=.o) $<
	$(LD) -m elf_i386 --no-warn-rwx-segments -N -e bs_start -Ttext 0x7C00 \
	    -o $(@:.bin=.elf) $(@:.bin=.o)
	$(OBJCOPY) -O binary -j .text $(@:.bin=.elf) $@
	@test $$(stat -c %s $@) -eq 512 || { echo "$@ is not 512 bytes"; rm -f $@; exit 1; }

$(BOOTIMG): $(B)/bootdisk/bootsect.bin $(KERNEL)
	cat $^ > $@
	truncate -s %512 $@

# The linker script goes through the C preprocessor, so it can take its
# addresses from the same header as the C and assembly code.
$(KB)/kernel.ld: kernel/arch/$(ARCH)/kernel.ld
	@mkdir -p $(dir $@)
	$(CC) -E -P -undef -x c -Ikernel -Ikernel/arch/$(ARCH) -MMD -MP -MT $@ -MF $@.d -o $@ $<

$(KB)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c -o $@ $<

$(KB)/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c -o $@ $<

# ---- user land ----
$(B)/user/lib/%.o: user/lib/%.c
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c -o $@ $<

$(B)/user/lib/%.o: user/lib/%.S
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c -o $@ $<

$(B)/user/common/%.o: common/%.c
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c -o $@ $<

$(B)/user/libmoo.a: $(ULIBOBJS)
	rm -f $@ && $(AR) rcs $@ $^

# moo's own programs: crt0's _start, the two-segment layout of $(UARCH)/user.ld.
ULINK     = $(LD) $(LDFLAGS_ARCH) -z max-page-size=4096 -T $(UARCH)/user.ld
# Lab programs (make prog, tests/x86lab): on i386 linked the x86 xv6 way, one RWX segment
# at 0 entered at main with no crt0; on RISC-V like moo's own.
ifeq ($(ARCH),i386)
LABLINK   = $(LD) $(LDFLAGS_ARCH) --no-warn-rwx-segments -N -e main -Ttext 0
else
LABLINK   = $(ULINK)
endif

$(B)/user/%: user/%.c $(B)/user/libmoo.a $(UARCH)/user.ld
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -MT $@ -c -o $@.o $<
	$(ULINK) -o $@ $@.o $(B)/user/libmoo.a $(LIBGCC)

# One user program from a C file anywhere (make grade builds lab programs with it), with the
# user library of this ARCH: make prog SRC=dir/test.c OUT=dir/_test. Lab code is not ours, so
# its warnings do not stop the build.
prog: $(B)/user/libmoo.a $(UARCH)/user.ld
	@test -n "$(SRC)" -a -n "$(OUT)" || { echo "usage: make prog SRC=file.c OUT=dir/_name"; exit 2; }
	@mkdir -p $(dir $(OUT))
	$(CC) $(filter-out -Werror -MMD -MP,$(UCFLAGS)) -c -o $(OUT).o $(SRC)
	$(LABLINK) -o $(OUT) $(OUT).o $(B)/user/libmoo.a $(LIBGCC)

# The shell is the one program of several files: user/bin/sh.c and user/sh/*.c.
SHOBJS    := $(patsubst %.c,$(B)/%.o,$(wildcard user/sh/*.c))

$(B)/user/sh/%.o: user/sh/%.c
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -Iuser/sh -c -o $@ $<

$(B)/user/bin/sh: user/bin/sh.c $(SHOBJS) $(B)/user/libmoo.a $(UARCH)/user.ld
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -Iuser/sh -MT $@ -c -o $@.o $<
	$(ULINK) -o $@ $@.o $(SHOBJS) $(B)/user/libmoo.a $(LIBGCC)

user: $(UPROGS)


$(B)/x86lab/_%: tests/x86lab/%.c $(B)/user/libmoo.a
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -MT $@ -c -o $@.o $<
	$(LABLINK) -o $@ $@.o $(B)/user/libmoo.a $(LIBGCC)

# ---- host tools and the disk image ----
$(B)/tools/%: tools/%.c kernel/fs/fs_format.h
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 -g -Wall -Werror -DMOO_HOST -Ikernel -MMD -MP -o $@ $<

# An image is remade when its program list (EXTRA_PROGS included) changes, or a program does.
# The user's image is then updated in place (mkfs --update: the programs are replaced or added,
# the files made in the guest stay); only `make fs-reset` builds it afresh.
# The list lives next to its image, so that building an image elsewhere (FSIMG=...) never
# makes the user's look out of date.
$(FSIMG).list: FORCE
	@mkdir -p $(dir $@)
	@echo "$(BINPROGS) $(EXTRA_PROGS)" | cmp -s - $@ || echo "$(BINPROGS) $(EXTRA_PROGS)" > $@

# The files of the user's image: README and the commands; make run adds EXTRA_PROGS and its
# script to a copy.
FSFILES   := $(GUEST_README) $(BINPROGS)

$(FSIMG): $(MKFS) $(FSFILES) $(EXTRA_PROGS) $(FSIMG).list
	@if [ -f $@ ]; then echo "$(MKFS) --update $@ (programs only; your files are kept)"; \
	  $(MKFS) --update $@ $(BINPROGS) $(EXTRA_PROGS); \
	else $(MKFS) $@ $(FSFILES) $(EXTRA_PROGS); fi

fs: $(FSIMG)

fs-reset:
	rm -f $(FSIMG)
	@$(MAKE) --no-print-directory fs

# TEST_EXTRA_PROGS: programs the test runner adds to its image (an xv6-built binary, the example).
$(TESTIMG).list: FORCE
	@mkdir -p $(dir $@)
	@echo "$(UPROGS) $(TEST_EXTRA_PROGS)" | cmp -s - $@ || echo "$(UPROGS) $(TEST_EXTRA_PROGS)" > $@

$(TESTIMG): $(MKFS) $(UPROGS) $(TEST_EXTRA_PROGS) $(GUEST_README) $(TESTIMG).list
	$(MKFS) $@ $(GUEST_README) $(UPROGS) $(TEST_EXTRA_PROGS)

test-fs: $(TESTIMG) $(FSCK)

# The host programs the test runner uses on images (mkfs builds them, fsck checks them).
host-tools: $(MKFS) $(FSCK)

# ---- host unit tests: tests/unit/NAME.c builds $(B)/tests/NAME ----
UNITSRCS  := $(wildcard tests/unit/*.c)
UNITTESTS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNITSRCS))

$(B)/tests/%: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 -g -Wall -Werror -DMOO_HOST -Ikernel -Ikernel/arch/$(ARCH) -Icommon -MMD -MP -o $@ $<

unit-test: $(MKFS) $(FSCK) $(UNITTESTS) $(UPROGS)
	@fail=0; for t in $(UNITTESTS); do MOO_BUILD=$(B) $$t || fail=1; done; exit $$fail

FORCE:

# ---- running ----
qemu: deps
	@$(MAKE) --no-print-directory kernel fs
	$(QEMU) $(QEMUOPTS)

$(B)/gdbinit: tools/gdbinit.in
	sed "s|@KERNEL@|$(KERNEL)|; s|@GDBARCH@|$(GDBARCH)|" $< > $@

qemu-gdb: deps
	@$(MAKE) --no-print-directory kernel fs $(B)/gdbinit
	@echo "*** now run: gdb-multiarch -x $(B)/gdbinit"
	$(QEMU) $(QEMUOPTS) -S -gdb tcp::26000

# ---- batch runs and grading ----
# make run CMDS='cowtest; usertests': boots headless on a copy of the image (plus EXTRA_PROGS)
# whose /autorun script runs CMDS then poweroff; prints the commands' output; exits 0 only if
# they all ended, with no kernel panic, within TIMEOUT seconds. See tools/batch.py.
CMDS      ?=
TIMEOUT   ?= 300
PASSVARS  = ARCH=$(ARCH) CPUS=$(CPUS) MEM=$(MEM) FORK=$(FORK) TESTHOOKS=$(TESTHOOKS) \
            $(if $(BOOT),BOOT=$(BOOT))

# Standard output carries only the guest's output: build messages go to standard error.
run: deps
	@$(MAKE) --no-print-directory batch-inputs >&2
	@$(PYTHON) tools/batch.py --timeout $(TIMEOUT) $(PASSVARS) \
	    --cmds '$(subst ','\'',$(value CMDS))' $(EXTRA_PROGS)

batch-inputs: kernel user $(MKFS) $(EXTRA_PROGS)
	@:

# make grade LAB=dir: each test program of dir (built for this ARCH) in its own make run,
# its output compared with the expected file; see tools/grade.
# make grade LAB=dir KERNEL=tree [BASE=tree]: an xv6 tree (or a submission's files over BASE);
# make grade LAB=dir CLASS=dir [BASE=tree] [JOBS=n]: every submission under CLASS, one table.
LAB       ?= labs/example
GRADE_TREE := $(filter command line,$(origin KERNEL))$(CLASS)
GRADE_TREE_ARGS = $(if $(filter command line,$(origin KERNEL)),--kernel $(KERNEL)) \
            $(if $(CLASS),--class $(CLASS)) $(if $(BASE),--base $(BASE)) $(if $(JOBS),-j $(JOBS)) \
            $(if $(TESTS),--tests $(TESTS)) \
            $(if $(filter command line environment,$(origin TIMEOUT)),--timeout $(TIMEOUT))

grade: deps
ifneq ($(GRADE_TREE),)
	@$(PYTHON) tools/grade $(GRADE_TREE_ARGS) $(LAB)
else
	@$(MAKE) --no-print-directory batch-inputs >&2
	@$(PYTHON) tools/grade --timeout $(TIMEOUT) $(PASSVARS) $(if $(TESTS),--tests $(TESTS)) $(LAB)
endif

# make bench-grade: how long grading takes besides the builds and QEMU runs, and a class of
# fixture submissions at -j 1 and -j 2 (tools/bench_grade.py; figures in the README).
bench-grade: deps
	@$(MAKE) --no-print-directory ARCH=riscv all
	@$(MAKE) --no-print-directory ARCH=riscv FORK=eager kernel
	$(PYTHON) tools/bench_grade.py

# ---- tests ----
# The exact QEMU command line, for tests/run.py (FSIMG=... selects another disk image).
print-qemu:
	@echo $(QEMU) $(QEMUOPTS)

# mkfs and the files of the default image, for tools/batch.py.
print-fs:
	@echo $(MKFS) $(FSFILES)

# One variable's value, for tools/grade: make -s print-var VAR=ARCH
print-var:
	@echo $($(VAR))

# The runner builds the kernel and its own image; it never builds or boots the user's image.
test: deps
	$(PYTHON) tests/run.py --all --arch both

# Longer runs of the hardening slices of `make test`: 8-hart boots in a loop, the system-call
# fuzzer, the file-system sequence fuzzer, fault injection and t_stress on 8 harts, each for
# about SOAK_SECONDS. The seeds used are printed.
SOAK_SECONDS ?= 300

soak: deps
	$(PYTHON) tests/run.py --soak $(SOAK_SECONDS) --arch $(ARCH)

# ---- benchmarks (docs/bench.md) ----
# ICOUNT=1: QEMU counts instructions (-icount shift=0: one instruction = 1 ns of guest time,
# idle time skipped), so every figure repeats exactly from run to run.
ICOUNT    ?= 0
ifeq ($(ICOUNT),1)
QEMUOPTS  += -icount shift=0,sleep=off
endif

# BENCH_REPS=N repetitions per figure; BENCH_SUITES=0 skips timing the test suites (make test
# runs `make bench BENCH_REPS=1 BENCH_SUITES=0` from a clean tree to check what bench builds).
BENCH_REPS ?= 15
BENCH_SUITES ?= 1

bench:
	@MOO_NEED_GNUPLOT=1 tools/ensure-deps.sh
	@$(MAKE) --no-print-directory FORK=cow kernel test-fs
	@$(MAKE) --no-print-directory FORK=eager kernel
	$(PYTHON) tools/bench.py --icount $(ICOUNT) --arch $(ARCH) --reps $(BENCH_REPS) \
	    $(if $(filter 0,$(BENCH_SUITES)),--no-suites)

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
