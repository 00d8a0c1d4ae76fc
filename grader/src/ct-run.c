/*
 * ct-run - run one command in its own process group, with a wall-clock
 * timeout that ends the whole group.
 *
 *   ct-run [--timeout SECONDS] [--grace SECONDS] [--on-timeout COMMAND]
 *          [--status FILE] -- PROGRAM [ARGS...]
 *
 * Why a process group: a student's program may start threads (same process)
 * or children (other processes); Valgrind runs as one process. Signalling
 * the group reaches all of them, and nothing is left running afterwards.
 *
 * On timeout, COMMAND runs first (via /bin/sh, with CT_PID set to the
 * program's pid) so the grader can capture every thread's stack while the
 * program is still stuck. Then the group gets SIGTERM, which lets Valgrind
 * finish its XML and Memcheck its leak check, and SIGKILL after the grace
 * period for programs that ignore SIGTERM.
 *
 * Exit status: the program's own, 128+N when signal N ended it, 124 on
 * timeout, 125 when ct-run itself failed. The status file (JSON) says which,
 * so a program that exits 124 by itself is never mistaken for a timeout:
 *   {"status": "exited"|"signaled"|"timeout"|"error", "exit_code": N|null,
 *    "signal": "SIGSEGV"|null, "elapsed": SECONDS}
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "json_out.h"

enum { EXIT_TIMEOUT = 124, EXIT_RUNNER_FAILED = 125 };

/* How long the stack-capture command may take before it is abandoned. */
static const double ON_TIMEOUT_LIMIT = 20.0;

struct options {
	double timeout;      /* seconds; 0 means none */
	double grace;        /* seconds between SIGTERM and SIGKILL */
	const char *on_timeout;
	const char *status_file;
	char **argv;
};

struct outcome {
	const char *status;  /* "exited", "signaled", "timeout", "error" */
	int exit_code;       /* valid when status is "exited" */
	int signal;          /* valid when status is "signaled" */
	double elapsed;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct timespec to_timespec(double seconds)
{
	if (seconds < 0)
		seconds = 0;
	struct timespec ts = { .tv_sec = (time_t)seconds };
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	return ts;
}

static void usage(FILE *out)
{
	fputs("usage: ct-run [--timeout SECONDS] [--grace SECONDS] "
	      "[--on-timeout COMMAND] [--status FILE] -- PROGRAM [ARGS...]\n",
	      out);
}

static bool parse_seconds(const char *text, double *out)
{
	char *end;
	errno = 0;
	double value = strtod(text, &end);
	if (errno != 0 || end == text || *end != '\0' || value < 0)
		return false;
	*out = value;
	return true;
}

static int parse_options(int argc, char **argv, struct options *opt)
{
	static const struct option longopts[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ "grace", required_argument, NULL, 'g' },
		{ "on-timeout", required_argument, NULL, 'o' },
		{ "status", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	*opt = (struct options){ .grace = 3.0 };
	int c;
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
		case 'g':
			if (!parse_seconds(optarg, c == 't' ? &opt->timeout : &opt->grace)) {
				fprintf(stderr, "ct-run: '%s' is not a number of seconds\n", optarg);
				return -1;
			}
			break;
		case 'o': opt->on_timeout = optarg; break;
		case 's': opt->status_file = optarg; break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return -1;
		}
	}
	if (optind >= argc) {
		fputs("ct-run: no program given\n", stderr);
		usage(stderr);
		return -1;
	}
	opt->argv = argv + optind;
	return 0;
}

/*
 * Waits up to `seconds` for `pid` to exit. Returns true with its wait status
 * in *wstatus, or false on timeout. A SIGINT/SIGTERM/SIGHUP sent to ct-run
 * (the grader being interrupted) ends the group at once: leaving a
 * Valgrind run behind would keep a core busy for nothing.
 */
static bool wait_for(pid_t pid, double seconds, const sigset_t *signals, int *wstatus)
{
	double deadline = now() + seconds;
	for (;;) {
		pid_t done = waitpid(pid, wstatus, WNOHANG);
		if (done == pid)
			return true;
		double left = deadline - now();
		if (seconds > 0 && left <= 0)
			return false;
		struct timespec ts = to_timespec(seconds > 0 ? left : 3600);
		int sig = sigtimedwait(signals, NULL, &ts);
		if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
			kill(-pid, SIGKILL);
			waitpid(pid, wstatus, 0);
			signal(sig, SIG_DFL);
			raise(sig);
			_exit(128 + sig);
		}
	}
}

/* Runs the on-timeout command with CT_PID set; never waits forever for it. */
static void run_on_timeout(const char *command, pid_t target, const sigset_t *signals)
{
	pid_t helper = fork();
	if (helper < 0)
		return;
	if (helper == 0) {
		char pid_text[32];
		snprintf(pid_text, sizeof pid_text, "%d", (int)target);
		setenv("CT_PID", pid_text, 1);
		setpgid(0, 0);
		sigprocmask(SIG_UNBLOCK, signals, NULL);
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	setpgid(helper, helper);
	int ignored;
	if (!wait_for(helper, ON_TIMEOUT_LIMIT, signals, &ignored)) {
		kill(-helper, SIGKILL);
		waitpid(helper, &ignored, 0);
	}
}

/*
 * ct-run is a child subreaper, so the program's orphaned descendants become
 * its children when their parent dies. Reap those that were killed, so none
 * is left as a zombie; give up after a moment on any that escaped the group.
 */
static void reap_orphans(const sigset_t *signals)
{
	double deadline = now() + 2.0;
	for (;;) {
		pid_t pid = waitpid(-1, NULL, WNOHANG);
		if (pid > 0)
			continue;
		if (pid < 0 || now() >= deadline)
			return;   /* ECHILD: nothing left */
		struct timespec ts = to_timespec(0.05);
		sigtimedwait(signals, NULL, &ts);
	}
}

static void write_status(const char *path, const struct outcome *o)
{
	if (path == NULL)
		return;
	FILE *out = fopen(path, "w");
	if (out == NULL) {
		fprintf(stderr, "ct-run: cannot write %s: %s\n", path, strerror(errno));
		return;
	}
	fputs("{\"status\": ", out);
	json_string(out, o->status);
	fputs(", \"exit_code\": ", out);
	if (strcmp(o->status, "exited") == 0)
		fprintf(out, "%d", o->exit_code);
	else
		fputs("null", out);
	fputs(", \"signal\": ", out);
	if (strcmp(o->status, "signaled") == 0) {
		char name[32];
		const char *abbrev = sigabbrev_np(o->signal);
		if (abbrev != NULL)
			snprintf(name, sizeof name, "SIG%s", abbrev);
		else
			snprintf(name, sizeof name, "signal %d", o->signal);
		json_string(out, name);
	} else {
		fputs("null", out);
	}
	fprintf(out, ", \"elapsed\": %.3f}\n", o->elapsed);
	fclose(out);
}

int main(int argc, char **argv)
{
	struct options opt;
	if (parse_options(argc, argv, &opt) != 0)
		return EXIT_RUNNER_FAILED;

	/* Signals are taken synchronously with sigtimedwait, never by handlers. */
	sigset_t signals;
	sigemptyset(&signals);
	sigaddset(&signals, SIGCHLD);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGHUP);
	sigprocmask(SIG_BLOCK, &signals, NULL);

	prctl(PR_SET_CHILD_SUBREAPER, 1);

	struct outcome result = { .status = "error" };
	double started = now();
	pid_t child = fork();
	if (child < 0) {
		perror("ct-run: fork");
		write_status(opt.status_file, &result);
		return EXIT_RUNNER_FAILED;
	}
	if (child == 0) {
		setpgid(0, 0);
		sigprocmask(SIG_UNBLOCK, &signals, NULL);
		execvp(opt.argv[0], opt.argv);
		fprintf(stderr, "ct-run: cannot run %s: %s\n", opt.argv[0], strerror(errno));
		_exit(127);
	}
	/* Also set here: whichever of parent and child runs first wins the race. */
	setpgid(child, child);

	int wstatus = 0;
	int code;
	if (wait_for(child, opt.timeout, &signals, &wstatus)) {
		if (WIFSIGNALED(wstatus)) {
			result.status = "signaled";
			result.signal = WTERMSIG(wstatus);
			code = 128 + result.signal;
		} else {
			result.status = "exited";
			result.exit_code = WEXITSTATUS(wstatus);
			code = result.exit_code;
		}
	} else {
		if (opt.on_timeout != NULL)
			run_on_timeout(opt.on_timeout, child, &signals);
		kill(-child, SIGTERM);
		if (!wait_for(child, opt.grace, &signals, &wstatus)) {
			kill(-child, SIGKILL);
			waitpid(child, &wstatus, 0);
		}
		result.status = "timeout";
		code = EXIT_TIMEOUT;
	}
	/* Whatever the program left behind in its group goes too. */
	kill(-child, SIGKILL);
	reap_orphans(&signals);
	result.elapsed = now() - started;
	write_status(opt.status_file, &result);
	return code;
}
