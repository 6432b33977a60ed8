#include "readers/child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHILD_ALIVE_MS 500 /* how often ALIVE is pinged while a child runs */

static long
ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* The environment plus OMP_THREAD_LIMIT=1, built in the parent: a forked
 * child of a process that may hold threads (GLib) must not allocate.  The
 * array is the caller's to free; the strings are environ's. */
static char **
child_env(void)
{
	extern char **environ;
	size_t n = 0, k = 0;
	char **env;

	while (environ && environ[n])
		n++;
	env = calloc(n + 2, sizeof *env);
	if (!env)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "OMP_THREAD_LIMIT=", 17) != 0)
			env[k++] = environ[i];
	env[k++] = (char *)"OMP_THREAD_LIMIT=1";
	env[k] = NULL;
	return env;
}

enum child_status
child_run(char *const argv[], const struct child_limits *l, const struct yk_alive *alive,
          struct buf *out)
{
	char **env = child_env();
	int pfd[2];
	pid_t pid;
	struct timespec t0;
	int status = 0;
	enum child_status rs = CHILD_OK;
	bool done = false;

	if (!env)
		return CHILD_FAILED;
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		free(env);
		return CHILD_FAILED;
	}
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		free(env);
		return CHILD_FAILED;
	}
	if (pid == 0) {
		struct rlimit cpu = { l->cpu_seconds, l->cpu_seconds };
		struct rlimit mem = { l->memory, l->memory };
		struct rlimit fsz = { l->fsize, l->fsize };
		int devnull = open("/dev/null", O_RDWR);

		/* Fail closed: a seccomp filter that refused setrlimit(2) would
		 * otherwise let the converter run without limits. */
		if (setrlimit(RLIMIT_CPU, &cpu) < 0 || setrlimit(RLIMIT_AS, &mem) < 0 ||
		    setrlimit(RLIMIT_FSIZE, &fsz) < 0)
			_exit(126);
		if (devnull >= 0) {
			dup2(devnull, STDIN_FILENO);
			dup2(devnull, STDERR_FILENO);
		}
		dup2(pfd[1], STDOUT_FILENO);
		execvpe(argv[0], argv, env);
		_exit(127);
	}
	free(env);
	close(pfd[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!done) {
		struct pollfd p = { pfd[0], POLLIN, 0 };
		long left = l->timeout_ms - ms_since(&t0);
		char chunk[8192];
		ssize_t r;

		int pr;

		yk_alive_ping(alive);
		if (left <= 0) {
			rs = CHILD_TIMEOUT;
			break;
		}
		/* half a second at most, so that a watchdog hears from us meanwhile
		 * (systemd's WatchdogSec= may be as short as a second or two) */
		pr = poll(&p, 1, left > CHILD_ALIVE_MS ? CHILD_ALIVE_MS : (int)left);
		if (pr == 0)
			continue;
		if (pr < 0) {
			if (errno == EINTR)
				continue;
			rs = CHILD_TIMEOUT;
			break;
		}
		r = read(pfd[0], chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			done = true;
			break;
		}
		if (buf_add(out, chunk, (size_t)r) != 0) {
			rs = CHILD_TOO_MUCH;
			break;
		}
	}
	close(pfd[0]);
	if (!done)
		kill(pid, SIGKILL); /* our own child, by its pid */
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rs != CHILD_OK)
		return rs;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)
		return CHILD_TIMEOUT;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return CHILD_NOT_FOUND;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return CHILD_FAILED;
	return CHILD_OK;
}
