# utrace-global: build the patched Linux 6.12 guest kernel, its unpatched
# twin, the recorder, and run the tests.  Everything lands in build/.
#
#   make kernel     patched bzImage  (build/kernel/arch/x86/boot/bzImage)
#   make twin       unpatched bzImage from the same config
#   make check      host tests + guest tests, one summary line
#   make check-debug the guest tests on a lockdep + KASAN build of the kernel
#   make check-long  the soaks (the stress storm at five times its rounds)
#                   and the unpatched twin booted
#   make run        boot the utrace kernel and record a demo workload
#   make bench      benchmarks (docs/benchmarks.md explains the figures)
#   make bench-host only the host recorder table (trace-cmd vs utrace-record)
#   make patches    the series for git am, with a cover letter (build/patches)
#   make patches-check  apply, checkpatch and build it patch by patch
#   make deb        installable kernel packages (bindeb-pkg) with the series

SHELL       := /bin/bash
PROJ        := $(CURDIR)
BUILD       := $(PROJ)/build
KERNEL_TAR  ?= /usr/src/linux-source-6.12.tar.xz
KERNEL_SRC  ?=
PRISTINE    := $(if $(KERNEL_SRC),$(abspath $(KERNEL_SRC)),$(BUILD)/linux-6.12)
TREE        := $(BUILD)/linux-utrace
KOUT        := $(BUILD)/kernel
TWINOUT     := $(BUILD)/kernel-twin
DEBUGOUT    := $(BUILD)/kernel-debug
FRAGMENT    := $(PROJ)/configs/guest.config
DEBUG_FRAGMENT := $(PROJ)/configs/debug.config
BTF_FRAGMENT := $(PROJ)/configs/btf.config
JOBS        ?= $(shell nproc)
CC_KERNEL   := $(if $(shell command -v ccache),ccache gcc,gcc)
# Paths relative to the checkout, so clones in other folders share the cache.
export CCACHE_BASEDIR := $(PROJ)
export CCACHE_NOHASHDIR := 1
KMAKE        = $(MAKE) -s -C $(1) O=$(2) CC="$(CC_KERNEL)" -j$(JOBS)
BZIMAGE     := $(KOUT)/arch/x86/boot/bzImage
TWIN_BZIMAGE := $(TWINOUT)/arch/x86/boot/bzImage
DEBUG_BZIMAGE := $(DEBUGOUT)/arch/x86/boot/bzImage
KERNEL_INPUTS := $(shell find arch kernel include lib Documentation tools/testing patches -type f 2>/dev/null)

.PHONY: all deps kernel twin kernel-debug selftests tools check check-debug check-long check-host \
	check-vm run bench bench-host checkpatch patches patches-check deb deb-tools install clean distclean

all: kernel tools

deps:
	@$(PROJ)/scripts/install-deps

# Extract Debian's linux-source-6.12 once.
$(BUILD)/linux-6.12/Makefile: | deps
	@mkdir -p $(BUILD)
	@echo "  EXTRACT $(KERNEL_TAR)"
	@rm -rf $(BUILD)/linux-6.12 $(BUILD)/extract
	@mkdir -p $(BUILD)/extract
	@tar -C $(BUILD)/extract -xf $(KERNEL_TAR)
	@mv $(BUILD)/extract/linux-source-6.12 $(BUILD)/linux-6.12
	@rmdir $(BUILD)/extract

$(TREE)/.prepared: $(PRISTINE)/Makefile $(KERNEL_INPUTS) scripts/prepare-tree
	@echo "  PREPARE $(TREE)"
	@mkdir -p $(BUILD)
	@$(PROJ)/scripts/prepare-tree $(PRISTINE) $(TREE) $(PROJ)
	@touch $@

# .config: tinyconfig + a fragment, regenerated only when the fragment
# changes; every option the fragment sets must survive olddefconfig.
define make_config
	@mkdir -p $(2)
	@echo "  CONFIG  $(2)"
	@$(call KMAKE,$(1),$(2)) tinyconfig >/dev/null
	@cd $(1) && ./scripts/kconfig/merge_config.sh -m -O $(2) $(2)/.config $(3) >/dev/null
	@$(call KMAKE,$(1),$(2)) olddefconfig >/dev/null
	@$(PROJ)/scripts/check-config $(3) $(2)/.config $(4)
endef

$(KOUT)/.config: $(BUILD)/utrace.config | $(TREE)/.prepared
	$(call make_config,$(TREE),$(KOUT),$(BUILD)/utrace.config)

$(BUILD)/utrace.config: $(FRAGMENT) $(BTF_FRAGMENT)
	@mkdir -p $(BUILD)
	@{ cat $^; echo 'CONFIG_LOCALVERSION="-utrace"'; } > $@

# The same options as the patched kernel's, BTF included, minus utrace's.
$(BUILD)/twin.config: $(FRAGMENT) $(BTF_FRAGMENT)
	@mkdir -p $(BUILD)
	@{ grep -hv '^CONFIG_UTRACE' $^; echo 'CONFIG_LOCALVERSION="-twin"'; } > $@

$(TWINOUT)/.config: $(BUILD)/twin.config | $(PRISTINE)/Makefile
	$(call make_config,$(PRISTINE),$(TWINOUT),$(BUILD)/twin.config,twin)

# The debug build: the guest fragment with configs/debug.config on top
# (an option both set is taken from debug.config, once).
$(BUILD)/debug.config: $(FRAGMENT) $(DEBUG_FRAGMENT)
	@mkdir -p $(BUILD)
	@{ awk -f $(PROJ)/scripts/config-option.awk $(DEBUG_FRAGMENT) $(FRAGMENT); \
	   cat $(DEBUG_FRAGMENT); echo 'CONFIG_LOCALVERSION="-debug-utrace"'; } > $@

$(DEBUGOUT)/.config: $(BUILD)/debug.config | $(TREE)/.prepared
	$(call make_config,$(TREE),$(DEBUGOUT),$(BUILD)/debug.config)

kernel: $(TREE)/.prepared $(KOUT)/.config
	@echo "  KERNEL  $(BZIMAGE)"
	@$(call KMAKE,$(TREE),$(KOUT)) bzImage

kernel-debug: $(TREE)/.prepared $(DEBUGOUT)/.config
	@echo "  KERNEL  $(DEBUG_BZIMAGE)"
	@$(call KMAKE,$(TREE),$(DEBUGOUT)) bzImage

twin: $(TWINOUT)/.config
	@echo "  KERNEL  $(TWIN_BZIMAGE)"
	@$(call KMAKE,$(PRISTINE),$(TWINOUT)) bzImage

# The kernel's ptrace and seccomp selftests, run in the guest by
# tests/vm/70-selftests.t, and the series' utrace engine selftests from
# the prepared tree, run by tests/vm/72-utrace-selftests.t.
selftests: deps $(TREE)/.prepared | $(PRISTINE)/Makefile
	@$(PROJ)/scripts/build-selftests $(PRISTINE) $(BUILD)/selftests $(TREE)

tools: deps
	@$(MAKE) -s -C tools/utrace-record
	@$(MAKE) -s -C tools/utrace-crash

checkpatch: $(TREE)/.prepared
	@$(PROJ)/scripts/run-checkpatch $(TREE)

# The series a maintainer reads: git am-able, against the pristine tree.
patches: $(TREE)/.prepared
	@$(PROJ)/scripts/make-patches $(PRISTINE) $(BUILD)/patches

# Each patch applied and built in turn (bisectable); the first run builds
# the kernel several times over (see README).  Then the events half alone
# (the patches before the engine API), booted with its selftests.
patches-check: patches kernel selftests
	@$(PROJ)/scripts/check-patches $(PRISTINE) $(BUILD)/patches $(KOUT)/.config
	@$(PROJ)/scripts/check-series-half $(PRISTINE) $(BUILD)/patches $(KOUT)/.config

# Installable kernel packages with the series (not run by make check).
deb: deps $(TREE)/.prepared
	@$(PROJ)/scripts/install-deps debhelper kmod
	@$(PROJ)/scripts/make-deb $(TREE) $(BUILD)/deb

check: deps
	@$(PROJ)/tests/run-all

check-debug: deps
	@$(PROJ)/tests/run-debug

check-long: deps
	@$(PROJ)/tests/run-long

run: kernel tools
	@$(MAKE) -s -C tests/vm/progs
	@mkdir -p $(BUILD)/run
	@$(PROJ)/tests/vm/run --kernel $(BZIMAGE) --out $(BUILD)/run \
		$(PROJ)/demo/guest-demo > $(BUILD)/run/vm.log || \
		{ cat $(BUILD)/run/vm.log; exit 1; }
	@cat $(BUILD)/run/demo.txt

bench: kernel twin tools
	@$(PROJ)/bench/run

# Only the host table: trace-cmd record vs utrace-record, compat mode.
bench-host: tools
	@$(PROJ)/bench/run host

# utrace-record as a Debian package (unit and conffile included), in build/.
deb-tools: tools
	@$(PROJ)/scripts/make-tools-deb $(BUILD)

install: tools
	@$(MAKE) -s -C tools/utrace-record install
	@$(MAKE) -s -C tools/utrace-crash install

clean:
	@$(MAKE) -s -C tools/utrace-record clean
	@$(MAKE) -s -C tools/utrace-crash clean
	rm -rf $(KOUT) $(TWINOUT) $(DEBUGOUT)

distclean:
	rm -rf $(BUILD)
