# SPDX-License-Identifier: GPL-2.0
# tools/build.mk - what the tools' Makefiles share: compiler and linker
# flags, header dependencies, and the libraries found through pkg-config.
#
# Set LIBS_PC before including it: the pkg-config modules the tool links,
# each NAME or NAME:MIN-VERSION.  A module that is missing or too old
# stops the build with the package to install (not for make clean).
# Then use ALL_CFLAGS, DEPFLAGS, LDFLAGS and LDLIBS.

CC	?= gcc
PKG_CONFIG ?= pkg-config
CFLAGS	?= -O2 -g
WARN	:= -std=gnu11 -Wall -Wextra -Wformat=2 -Wshadow \
	   -Wno-missing-field-initializers
HARDEN	:= -D_FORTIFY_SOURCE=2 -D_FILE_OFFSET_BITS=64 \
	   -fstack-protector-strong -fstack-clash-protection
DEPFLAGS := -MMD -MP
LDFLAGS	+= -Wl,-z,relro,-z,now

pc_name = $(word 1,$(subst :, ,$(1)))
pc_min = $(word 2,$(subst :, ,$(1)))
# pc_need NAME,MIN: stop unless pkg-config knows NAME (MIN or later).
pc_need = $(if $(shell $(PKG_CONFIG) --exists '$(1)$(if $(2), >= $(2))' && echo y),,\
	$(error $(1)$(if $(2), $(2) or later) not found by $(PKG_CONFIG): \
	install $(1)-dev (Debian, Ubuntu) or $(1)-devel (Fedora)))

ifneq ($(MAKECMDGOALS),clean)
$(foreach m,$(LIBS_PC),$(call pc_need,$(call pc_name,$(m)),$(call pc_min,$(m))))
endif
PC_MODULES := $(foreach m,$(LIBS_PC),$(call pc_name,$(m)))
ifneq ($(PC_MODULES),)
PC_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PC_MODULES) 2>/dev/null)
LDLIBS	+= $(shell $(PKG_CONFIG) --libs $(PC_MODULES) 2>/dev/null)
endif
ALL_CFLAGS = $(CFLAGS) $(WARN) $(HARDEN) $(PC_CFLAGS)
