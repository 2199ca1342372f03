// SPDX-License-Identifier: GPL-2.0
/*
 * System call sets for the utrace fault injection rules
 * (kernel/trace/utrace_fault_rules.c): numbers per ABI, chosen by number
 * or by name through the x86 system call tables.  The syntax is in
 * Documentation/trace/utrace-global.rst.
 */
#include <linux/bitmap.h>
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <asm/syscall.h>
#include <asm/utrace_syscalls.h>

/* A system call table entry: its number, native and dispatched function. */
struct utrace_syscalls_call {
	unsigned int nr;
	const char *native;
	const char *sym;
};

/*
 * The system call tables by name, as arch/x86/entry/syscall_64.c and
 * syscall_32.c dispatch them.  Names, not addresses: a call without
 * arguments is one function under several names.
 */
#define __SYSCALL(nr, sym)	{ nr, #sym, #sym },
#define __SYSCALL_NORETURN(nr, sym)	__SYSCALL(nr, sym)
#define __SYSCALL_WITH_COMPAT(nr, native, compat)	{ nr, #native, #compat },

static const struct utrace_syscalls_call utrace_syscalls_x64_table[] = {
#include <asm/syscalls_64.h>
};

static_assert(ARRAY_SIZE(utrace_syscalls_x64_table) == NR_syscalls);

#ifdef CONFIG_IA32_EMULATION
static const struct utrace_syscalls_call utrace_syscalls_ia32_table[] = {
#include <asm/syscalls_32.h>
};

static_assert(ARRAY_SIZE(utrace_syscalls_ia32_table) == IA32_NR_syscalls);
#else
static const struct utrace_syscalls_call utrace_syscalls_ia32_table[1];
#endif

#undef __SYSCALL
#undef __SYSCALL_NORETURN
#undef __SYSCALL_WITH_COMPAT

/* Is @nr, a number of current's system call ABI, in its set? */
bool utrace_syscalls_nr_selected(const unsigned long *set,
				 const unsigned long *ia32_set, int nr)
{
	unsigned int nr_max = NR_syscalls;

	if (syscall_get_arch(current) == AUDIT_ARCH_I386) {
		nr_max = UTRACE_SYSCALLS_NR_IA32;
		set = ia32_set;
	}
	return nr >= 0 && nr < nr_max && test_bit(nr, set);
}

/* @sym is sys_@name or compat_sys_@name. */
static bool utrace_syscalls_call_is(const char *sym, const char *name)
{
	sym += str_has_prefix(sym, "compat_");
	return str_has_prefix(sym, "sys_") && !strcmp(sym + 4, name);
}

/*
 * Select in @set each entry of @table (@nr_max long) whose native or
 * dispatched function is sys_@name or compat_sys_@name.  Return how many.
 */
static int utrace_syscalls_select_call(unsigned long *set,
				       const struct utrace_syscalls_call *table,
				       unsigned int nr_max, const char *name)
{
	const struct utrace_syscalls_call *call;
	int found = 0;

	for (call = table; call < table + nr_max; call++) {
		if (utrace_syscalls_call_is(call->native, name) ||
		    utrace_syscalls_call_is(call->sym, name)) {
			__set_bit(call->nr, set);
			found++;
		}
	}
	return found;
}

/*
 * A name: its x86_64 entries in @set, its i386 ones in @ia32_set, from
 * the tables of @abis; a name none of them has is refused.
 */
static int utrace_syscalls_select_name(unsigned long *set,
				       unsigned long *ia32_set,
				       const char *name, unsigned int abis)
{
	int found = 0;

	if (abis & UTRACE_SYSCALLS_ABI_X64)
		found += utrace_syscalls_select_call(set,
						     utrace_syscalls_x64_table,
						     NR_syscalls, name);
	if (abis & UTRACE_SYSCALLS_ABI_I386)
		found += utrace_syscalls_select_call(ia32_set,
						     utrace_syscalls_ia32_table,
						     UTRACE_SYSCALLS_NR_IA32,
						     name);
	return found ? 0 : -EINVAL;
}

/* A number below @nr_max, selected in @set. */
static int utrace_syscalls_select_nr(unsigned long *set, unsigned int nr_max,
				     const char *tok)
{
	unsigned int nr;

	if (kstrtouint(tok, 10, &nr) || nr >= nr_max)
		return -EINVAL;
	__set_bit(nr, set);
	return 0;
}

/**
 * utrace_syscalls_parse_set - parse a list of system calls
 * @set:	x86_64 numbers selected (NR_syscalls bits), set on success
 * @ia32_set:	i386 numbers selected (UTRACE_SYSCALLS_NR_IA32 bits)
 * @buf:	the list, separated by spaces, tabs, newlines or commas;
 *		changed by the parse
 * @abis:	the UTRACE_SYSCALLS_ABI_* tables a name selects entries in
 *
 * "N" is an x86_64 number, "i386:N" an i386 one; a name selects its
 * entries in the tables of @abis.  Return: 0, or -EINVAL with the sets
 * untouched.
 */
int utrace_syscalls_parse_set(unsigned long *set, unsigned long *ia32_set,
			      char *buf, unsigned int abis)
{
	DECLARE_BITMAP(x64, NR_syscalls);
	DECLARE_BITMAP(ia32, UTRACE_SYSCALLS_NR_IA32);
	size_t len;
	char *tok;
	int err;

	bitmap_zero(x64, NR_syscalls);
	bitmap_zero(ia32, UTRACE_SYSCALLS_NR_IA32);
	while ((tok = strsep(&buf, " \t\n,")) != NULL) {
		if (!*tok)
			continue;
		len = str_has_prefix(tok, "i386:");
		if (len)
			err = utrace_syscalls_select_nr(ia32,
							UTRACE_SYSCALLS_NR_IA32,
							tok + len);
		else if (isdigit(*tok))
			err = utrace_syscalls_select_nr(x64, NR_syscalls, tok);
		else
			err = utrace_syscalls_select_name(x64, ia32, tok,
							  abis);
		if (err)
			return err;
	}
	bitmap_copy(set, x64, NR_syscalls);
	bitmap_copy(ia32_set, ia32, UTRACE_SYSCALLS_NR_IA32);
	return 0;
}

/* The sets as a parseable list: "N,i386:N,...". */
void utrace_syscalls_show_set(struct seq_file *m, const unsigned long *set,
			      const unsigned long *ia32_set)
{
	const char *sep = "";
	unsigned int nr;

	for_each_set_bit(nr, set, NR_syscalls) {
		seq_printf(m, "%s%u", sep, nr);
		sep = ",";
	}
	for_each_set_bit(nr, ia32_set, UTRACE_SYSCALLS_NR_IA32) {
		seq_printf(m, "%si386:%u", sep, nr);
		sep = ",";
	}
}
