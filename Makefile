# Builds the moo kernel, the user programs, the disk image and the host tools;
# runs it in QEMU and runs the tests. `make help` lists the targets.

ARCH      ?= riscv
CPUS      ?= 3
FORK      ?= cow
MEM       ?= 128M
B         := build
EXTRA_PROGS ?=

TOOLPREFIX ?= riscv64-unknown-elf-
CC        := $(TOOLPREFIX)gcc
LD        := $(TOOLPREFIX)ld
OBJCOPY   := $(TOOLPREFIX)objcopy
OBJDUMP   := $(TOOLPREFIX)objdump
AR        := $(TOOLPREFIX)ar
HOSTCC    ?= gcc
QEMU      := qemu-system-riscv64
PYTHON    ?= python3

ARCHFLAGS := -march=rv64gc -mabi=lp64d -mcmodel=medany
COMMON    := -O2 -g -Wall -Werror -ffreestanding -fno-common -nostdlib -fno-builtin \
             -fno-stack-protector -fno-pie -no-pie -fno-omit-frame-pointer -mno-relax \
             $(ARCHFLAGS) -MMD -MP
KCFLAGS   := $(COMMON) -Ikernel -Ikernel/arch/$(ARCH)
ifeq ($(FORK),eager)
KCFLAGS   += -DFORK_EAGER
endif
ifeq ($(POISON),1)
KCFLAGS   += -DFRAME_POISON
endif
UCFLAGS   := $(COMMON) -Iuser/lib -Iuser/include -Ikernel/arch/$(ARCH)

KSRCS     := $(wildcard kernel/*.c kernel/lib/*.c kernel/mm/*.c kernel/proc/*.c \
                        kernel/fs/*.c kernel/dev/*.c kernel/arch/$(ARCH)/*.c)
KASMS     := $(wildcard kernel/arch/$(ARCH)/*.S)
KB        := $(B)/kernel-$(FORK)
KOBJS     := $(KSRCS:%.c=$(KB)/%.o) $(KASMS:%.S=$(KB)/%.o)
KERNEL    := $(KB)/moo.elf

ULIBSRCS  := $(wildcard user/lib/*.c) $(wildcard user/lib/*.S)
ULIBOBJS  := $(patsubst %,$(B)/%.o,$(basename $(ULIBSRCS)))
UPROGSRCS := $(wildcard user/bin/*.c user/tests/*.c user/bench/*.c)
UPROGS    := $(patsubst %.c,$(B)/%,$(UPROGSRCS))

FSIMG     := $(B)/fs.img
MKFS      := $(B)/tools/mkfs
FSCK      := $(B)/tools/fsck

QEMUOPTS  = -machine virt -m $(MEM) -smp $(CPUS) -nographic -bios default \
            -kernel $(KERNEL) \
            -global virtio-mmio.force-legacy=false \
            -drive file=$(FSIMG),if=none,format=raw,id=disk0 \
            -device virtio-blk-device,drive=disk0,bus=virtio-mmio-bus.0

.PHONY: all kernel user fs qemu qemu-gdb test unit-test bench soak clean deps help print-qemu

all: kernel fs

help:
	@echo "make qemu       boot moo to a shell (CPUS=N, default 3)"
	@echo "make test       host unit tests and the in-guest suites on 1 and 3 harts"
	@echo "make soak       fuzzing, fault injection and SMP stress, SOAK_SECONDS (300) each"
	@echo "make qemu-gdb   boot halted, waiting for gdb-multiarch -x $(B)/gdbinit"
	@echo "make FORK=eager build with eager-copy fork"
	@echo "make bench      benchmarks, copy-on-write vs eager"
	@echo "make clean      remove $(B)/"

deps:
	@tools/ensure-deps.sh

kernel: $(KERNEL)

$(KERNEL): $(KOBJS) kernel/arch/$(ARCH)/kernel.ld
	$(LD) -z max-page-size=4096 -T kernel/arch/$(ARCH)/kernel.ld -o $@ $(KOBJS)
	$(OBJDUMP) -S $@ > $(KB)/moo.asm

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

$(B)/user/libmoo.a: $(ULIBOBJS)
	rm -f $@ && $(AR) rcs $@ $^

$(B)/user/%: user/%.c $(B)/user/libmoo.a user/user.ld
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -MT $@ -c -o $@.o $<
	$(LD) -z max-page-size=4096 -T user/user.ld -o $@ $@.o $(B)/user/libmoo.a

user: $(UPROGS)

# ---- host tools and the disk image ----
$(B)/tools/%: tools/%.c kernel/fs/fs_format.h
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 -g -Wall -Werror -DMOO_HOST -Ikernel -MMD -MP -o $@ $<

# The image is rebuilt when the program list (EXTRA_PROGS included) changes.
$(B)/fs.list: FORCE
	@mkdir -p $(B)
	@echo "$(UPROGS) $(EXTRA_PROGS)" | cmp -s - $@ || echo "$(UPROGS) $(EXTRA_PROGS)" > $@

$(FSIMG): $(MKFS) $(UPROGS) $(EXTRA_PROGS) README.md $(B)/fs.list
	$(MKFS) $@ README.md $(UPROGS) $(EXTRA_PROGS)

fs: $(FSIMG)

# ---- host unit tests: tests/unit/NAME.c builds $(B)/tests/NAME ----
UNITSRCS  := $(wildcard tests/unit/*.c)
UNITTESTS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNITSRCS))

$(B)/tests/%: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 -g -Wall -Werror -DMOO_HOST -Ikernel -Ikernel/arch/$(ARCH) -MMD -MP -o $@ $<

unit-test: $(MKFS) $(FSCK) $(UNITTESTS) $(UPROGS)
	@fail=0; for t in $(UNITTESTS); do MOO_BUILD=$(B) $$t || fail=1; done; exit $$fail

FORCE:

# ---- running ----
qemu: deps
	@$(MAKE) --no-print-directory all
	$(QEMU) $(QEMUOPTS)

$(B)/gdbinit: tools/gdbinit.in
	sed "s|@KERNEL@|$(KERNEL)|" $< > $@

qemu-gdb: deps
	@$(MAKE) --no-print-directory all $(B)/gdbinit
	@echo "*** now run: gdb-multiarch -x $(B)/gdbinit"
	$(QEMU) $(QEMUOPTS) -S -gdb tcp::26000

# ---- tests ----
# The exact QEMU command line, for tests/run.py (FSIMG=... selects another disk image).
print-qemu:
	@echo $(QEMU) $(QEMUOPTS)

test: deps
	@$(MAKE) --no-print-directory all
	$(PYTHON) tests/run.py --all

# Longer runs of the hardening slices of `make test`: the system-call fuzzer, fault injection
# and t_stress on 8 harts, each for about SOAK_SECONDS. The seeds used are printed.
SOAK_SECONDS ?= 300

soak: deps
	@$(MAKE) --no-print-directory all
	$(PYTHON) tests/run.py --soak $(SOAK_SECONDS)

# ---- benchmarks (docs/bench.md) ----
# ICOUNT=1: QEMU counts instructions (-icount shift=0: one instruction = 1 ns of guest time,
# idle time skipped), so every figure repeats exactly from run to run.
ICOUNT    ?= 0
ifeq ($(ICOUNT),1)
QEMUOPTS  += -icount shift=0,sleep=off
endif

bench:
	@MOO_NEED_GNUPLOT=1 tools/ensure-deps.sh
	@$(MAKE) --no-print-directory FORK=cow all
	@$(MAKE) --no-print-directory FORK=eager kernel
	$(PYTHON) tools/bench.py --icount $(ICOUNT)

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
