/* SPDX-License-Identifier: GPL-2.0 */
/* signames.h - names of signals and of their si_code values. */
#ifndef UC_SIGNAMES_H
#define UC_SIGNAMES_H

/* "SIGSEGV"; "SIG37" or similar for numbers without an abbreviation. */
const char *sig_name(int sig, char *buf, unsigned int size);
/* "SEGV_MAPERR", "SI_TKILL", ...; the decimal number when unknown. */
const char *sig_code_name(int sig, int code, char *buf, unsigned int size);

#endif
