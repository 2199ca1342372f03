// SPDX-License-Identifier: GPL-2.0
/* ut-true: exits 0.  Linked statically so the exec benchmark, run from
 * tmpfs, measures exec and not 9p lookups of shared libraries. */
int main(void)
{
	return 0;
}
