// SPDX-License-Identifier: GPL-2.0
/*
 * ut-argv: execs whose argv the recorder must get right (recorder-argv.t).
 *   ut-argv failraw   a failed execve of argv "WRONG" through the C
 *                     library, then a raw execve syscall of /bin/true
 *   ut-argv execveat  execveat(AT_FDCWD, "/bin/true") through the C library
 *   ut-argv efault    an execve whose argv[1] cannot be read (EFAULT)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "failraw")) {
		char *bad[] = { "WRONG", "secret", NULL };
		char *good[] = { "true", "raw", NULL };

		execve("/nonexistent-ut-argv/x", bad, environ);
		syscall(SYS_execve, "/bin/true", good, environ);
	} else if (argc == 2 && !strcmp(argv[1], "execveat")) {
		char *good[] = { "true", "at", NULL };

		execveat(AT_FDCWD, "/bin/true", good, environ, 0);
	} else if (argc == 2 && !strcmp(argv[1], "efault")) {
		char *hole[] = { "ut-argv", (char *)16, NULL };

		execve("/bin/true", hole, environ);
		return 0;
	}
	perror("ut-argv");
	return 1;
}
