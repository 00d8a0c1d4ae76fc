/*
 * ct-run - run one untrusted command, contained, with a wall-clock timeout
 * that ends its whole process group.
 *
 *   ct-run [--timeout S] [--grace S] [--on-timeout COMMAND] [--status FILE]
 *          [--output FILE|- [--output-limit BYTES] [--output-kill BYTES]]
 *          [--pipe FD:FILE]...
 *          [--result-fd FD] [--sandbox] [--workdir DIR] [--hide DIR]...
 *          [--limit-cpu S] [--limit-as BYTES] [--limit-nproc N]
 *          [--limit-fsize BYTES] [--limit-nofile N]
 *          -- PROGRAM [ARGS...]
 *
 * Why a process group: a program may start threads (same process) or
 * children (other processes); signalling the group reaches all of them. On
 * timeout, COMMAND runs first (via /bin/sh, with CT_PID set) so the grader
 * can capture every thread's stack while the program is stuck; then the
 * group gets SIGTERM, which lets Valgrind finish its XML, and SIGKILL after
 * the grace period. ct-run is a child subreaper and reaps what is left.
 *
 * Containment (see docs/security.md):
 * - every descriptor above 2 is closed in the child, except the pipes asked
 *   for (--pipe, --result-fd), each drained by ct-run into a file the child
 *   cannot reach;
 * - --output sends the child's stdout and stderr through ct-run, keeping
 *   the first --output-limit bytes and dropping the rest with a note; past
 *   --output-kill bytes the program is stopped (status "output-limit");
 * - resource limits (setrlimit) apply to the child and all it starts;
 * - --sandbox clears the environment but for PATH, LANG, LC_ALL and TZ;
 * - --sandbox, when ct-run runs as root: new network, mount and IPC
 *   namespaces (no network; private, small temporary folders; --workdir
 *   appears as /tmp/work, the current folder, and is the only folder from
 *   outside it can write; each --hide folder looks empty), then a user id
 *   of its own (100000 + pid) with no
 *   groups and no capabilities, and no way to gain privileges back. Without
 *   root it can only set no_new_privs and work in --workdir; the status
 *   says which level ran.
 * - --result-fd: the child gets a pipe on FD and, in its environment,
 *   CT_RESULT_FD and a random CT_RESULT_TOKEN. The status's "result" is
 *   true only if the line "pass TOKEN" arrived: a test driver's proof that
 *   it ran to the end, which printed text or an exit status cannot fake.
 *
 * Exit status: the program's own, 128+N when signal N ended it, 124 when
 * ct-run stopped it (timeout or output limit), 125 when ct-run itself failed. The status file (JSON) says which:
 *   {"status": "exited"|"signaled"|"timeout"|"output-limit"|"error", "exit_code", "signal",
 *    "elapsed", "output_bytes", "output_cut", "result", "sandbox"}
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "json_out.h"

enum { EXIT_TIMEOUT = 124, EXIT_RUNNER_FAILED = 125 };
enum { MAX_PIPES = 4, TOKEN_LEN = 32 };
/* Descriptors the child may be given; ct-run parks pipes above this while
 * it arranges them. */
enum { MAX_CHILD_FD = 999, PARKING_FD = 1000 };

/* How long the stack-capture command may take before it is abandoned. */
static const double ON_TIMEOUT_LIMIT = 20.0;
/* First user id for sandboxed runs; each run adds its pid, so two runs at
 * once never share a uid (nor, therefore, a process-count limit). */
static const uid_t SANDBOX_UID_BASE = 100000;

struct pipe_spec {
	int child_fd;           /* descriptor number in the child */
	const char *path;       /* where ct-run writes what arrives ("-": stdout) */
	int read_fd;            /* ct-run's end */
	int write_fd;           /* the child's end, before it is moved */
	FILE *out;
	long long limit;        /* bytes kept; -1: all */
	long long seen;
	bool is_output, is_result;
	char line[4096];        /* result pipe: "pass TOKEN\n", then details */
	size_t line_len;
};

struct options {
	double timeout, grace;
	const char *on_timeout, *status_file, *workdir;
	const char *hide[4];    /* folders the sandbox sees as empty */
	int nhide;
	bool sandbox;
	struct pipe_spec pipes[MAX_PIPES + 2];
	int npipes;
	int output_index, result_index;
	long long output_limit, output_kill;
	rlim_t cpu, as, nproc, fsize, nofile;   /* 0: leave as it is */
	char **argv;
};

struct outcome {
	const char *status;     /* "exited", "signaled", "timeout", "error" */
	int exit_code, signal;
	double elapsed;
	bool result;
	const char *details;    /* what the driver reported after its pass */
	const char *sandbox;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(FILE *out)
{
	fputs("usage: ct-run [--timeout S] [--grace S] [--on-timeout COMMAND] [--status FILE]\n"
	      "              [--output FILE|- [--output-limit BYTES] [--output-kill BYTES]]\n"
	      "              [--pipe FD:FILE]...\n"
	      "              [--result-fd FD] [--sandbox] [--workdir DIR] [--hide DIR]...\n"
	      "              [--limit-cpu S] [--limit-as BYTES] [--limit-nproc N]\n"
	      "              [--limit-fsize BYTES] [--limit-nofile N] -- PROGRAM [ARGS...]\n", out);
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

/* A count or a size, with an optional K, M or G suffix (powers of 1024). */
static bool parse_amount(const char *text, long long *out)
{
	char *end;
	errno = 0;
	long long value = strtoll(text, &end, 10);
	if (errno != 0 || end == text || value <= 0)
		return false;
	switch (*end) {
	case 'K': value <<= 10; end++; break;
	case 'M': value <<= 20; end++; break;
	case 'G': value <<= 30; end++; break;
	default: break;
	}
	if (*end != '\0')
		return false;
	*out = value;
	return true;
}

static struct pipe_spec *add_pipe(struct options *opt, int child_fd, const char *path)
{
	if (opt->npipes == MAX_PIPES + 2)
		return NULL;
	struct pipe_spec *p = &opt->pipes[opt->npipes++];
	*p = (struct pipe_spec){ .child_fd = child_fd, .path = path, .limit = -1,
				 .read_fd = -1, .write_fd = -1 };
	return p;
}

static int parse_options(int argc, char **argv, struct options *opt)
{
	enum { CPU = 256, AS, NPROC, FSIZE, NOFILE, OUTPUT_LIMIT, OUTPUT_KILL, PIPE, RESULT };
	static const struct option longopts[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ "grace", required_argument, NULL, 'g' },
		{ "on-timeout", required_argument, NULL, 'o' },
		{ "status", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'O' },
		{ "output-limit", required_argument, NULL, OUTPUT_LIMIT },
		{ "output-kill", required_argument, NULL, OUTPUT_KILL },
		{ "pipe", required_argument, NULL, PIPE },
		{ "result-fd", required_argument, NULL, RESULT },
		{ "sandbox", no_argument, NULL, 'S' },
		{ "workdir", required_argument, NULL, 'w' },
		{ "hide", required_argument, NULL, 'H' },
		{ "limit-cpu", required_argument, NULL, CPU },
		{ "limit-as", required_argument, NULL, AS },
		{ "limit-nproc", required_argument, NULL, NPROC },
		{ "limit-fsize", required_argument, NULL, FSIZE },
		{ "limit-nofile", required_argument, NULL, NOFILE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	*opt = (struct options){ .grace = 3.0, .output_index = -1, .result_index = -1,
				 .output_limit = -1, .output_kill = -1 };
	const char *output = NULL;
	int c;
	long long amount;
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
		case 'O': output = optarg; break;
		case 'S': opt->sandbox = true; break;
		case 'w': opt->workdir = optarg; break;
		case 'H':
			if (opt->nhide == 4) {
				fputs("ct-run: at most 4 --hide folders\n", stderr);
				return -1;
			}
			opt->hide[opt->nhide++] = optarg;
			break;
		case PIPE: {
			char *colon = strchr(optarg, ':');
			char *end;
			long fd = colon ? strtol(optarg, &end, 10) : -1;
			if (colon == NULL || end != colon || fd < 3 || fd > MAX_CHILD_FD
			    || add_pipe(opt, (int)fd, colon + 1) == NULL) {
				fprintf(stderr, "ct-run: --pipe needs FD:FILE with FD from 3 to %d (at most %d pipes)\n",
					MAX_CHILD_FD, MAX_PIPES);
				return -1;
			}
			break;
		}
		case RESULT: {
			char *end;
			long fd = strtol(optarg, &end, 10);
			struct pipe_spec *p;
			if (*end != '\0' || fd < 3 || fd > MAX_CHILD_FD || opt->result_index >= 0
			    || (p = add_pipe(opt, (int)fd, NULL)) == NULL) {
				fprintf(stderr, "ct-run: --result-fd needs one descriptor number from 3 to %d\n", MAX_CHILD_FD);
				return -1;
			}
			p->is_result = true;
			opt->result_index = opt->npipes - 1;
			break;
		}
		case OUTPUT_LIMIT:
		case OUTPUT_KILL:
		case CPU: case AS: case NPROC: case FSIZE: case NOFILE:
			if (!parse_amount(optarg, &amount)) {
				fprintf(stderr, "ct-run: '%s' is not a positive amount (K, M, G allowed)\n", optarg);
				return -1;
			}
			if (c == OUTPUT_LIMIT) opt->output_limit = amount;
			else if (c == OUTPUT_KILL) opt->output_kill = amount;
			else if (c == CPU) opt->cpu = (rlim_t)amount;
			else if (c == AS) opt->as = (rlim_t)amount;
			else if (c == NPROC) opt->nproc = (rlim_t)amount;
			else if (c == FSIZE) opt->fsize = (rlim_t)amount;
			else opt->nofile = (rlim_t)amount;
			break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return -1;
		}
	}
	if (optind >= argc) {
		fputs("ct-run: no program given\n", stderr);
		usage(stderr);
		return -1;
	}
	if (output != NULL) {
		struct pipe_spec *p = add_pipe(opt, 1, output);
		if (p == NULL) {
			fputs("ct-run: too many pipes\n", stderr);
			return -1;
		}
		p->is_output = true;
		p->limit = opt->output_limit;
		opt->output_index = opt->npipes - 1;
	}
	opt->argv = argv + optind;
	return 0;
}

/* --- the child's side ------------------------------------------------- */

static void die_in_child(const char *what)
{
	fprintf(stderr, "ct-run: %s: %s\n", what, strerror(errno));
	_exit(EXIT_RUNNER_FAILED);
}

static void set_limit(int resource, rlim_t value, const char *name)
{
	if (value == 0)
		return;
	struct rlimit limit = { .rlim_cur = value, .rlim_max = value };
	if (setrlimit(resource, &limit) != 0)
		die_in_child(name);
}

/* Puts each pipe's write end on the descriptor the child expects, and
 * closes every other descriptor above 2 (Bats' TAP stream among them). */
static int compare_ints(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void arrange_descriptors(const struct options *opt)
{
	/* Room to park: the soft limit may be as low as 1024. */
	struct rlimit files;
	if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
		files.rlim_cur = files.rlim_max;
		setrlimit(RLIMIT_NOFILE, &files);
	}
	/* Move every write end out of the way first, so no dup2 below can
	 * clobber another pipe's end. */
	int high[MAX_PIPES + 2];
	for (int i = 0; i < opt->npipes; i++) {
		high[i] = fcntl(opt->pipes[i].write_fd, F_DUPFD, PARKING_FD);
		if (high[i] < 0)
			die_in_child("moving a pipe");
	}
	for (int i = 0; i < opt->npipes; i++) {
		const struct pipe_spec *p = &opt->pipes[i];
		if (dup2(high[i], p->child_fd) < 0)
			die_in_child("dup2");
		if (p->is_output && dup2(high[i], 2) < 0)
			die_in_child("dup2");
	}
	int keep[MAX_PIPES + 2];
	int nkeep = 0;
	for (int i = 0; i < opt->npipes; i++)
		if (opt->pipes[i].child_fd > 2)
			keep[nkeep++] = opt->pipes[i].child_fd;
	qsort(keep, (size_t)nkeep, sizeof keep[0], compare_ints);
	unsigned first = 3;
	for (int i = 0; i < nkeep; i++) {
		if ((unsigned)keep[i] > first)
			close_range(first, (unsigned)keep[i] - 1, 0);
		first = (unsigned)keep[i] + 1;
	}
	close_range(first, ~0U, 0);
}

/*
 * A uid of the run's own, no groups, no capabilities; then into `cwd`.
 * Returns false if privileges could be kept or regained (never silently).
 */
static bool drop_privileges(const char *cwd)
{
	uid_t uid = SANDBOX_UID_BASE + (uid_t)getpid();
	if (setgroups(0, NULL) != 0 || setresgid(uid, uid, uid) != 0 || setresuid(uid, uid, uid) != 0)
		die_in_child("dropping privileges");
	if (setuid(0) == 0) {
		errno = EPERM;
		die_in_child("privileges could be regained");
	}
	if (cwd != NULL && chdir(cwd) != 0)
		die_in_child("entering the work folder");
	return true;
}

/*
 * The strongest containment this machine allows, decided once, before the
 * child starts: "isolated" (namespaces and a uid of its own: root with
 * CAP_SYS_ADMIN), "separate-uid" (root in a container that forbids
 * namespaces), "limits-only" (not root).
 */
static const char *sandbox_level(void)
{
	if (geteuid() != 0)
		return "limits-only";
	pid_t probe = fork();
	if (probe == 0)
		_exit(unshare(CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWIPC) == 0 ? 0 : 1);
	int status;
	if (probe > 0 && waitpid(probe, &status, 0) == probe && WIFEXITED(status)
	    && WEXITSTATUS(status) == 0)
		return "isolated";
	return "separate-uid";
}

/*
 * As root: no network; private, small /tmp, /var/tmp, /dev/shm and
 * /run/lock (the world-writable places); the work folder, if any, bound at
 * /tmp/work as the only folder from outside; then a uid of its own with no
 * groups and no capabilities. Returns false when not root (nothing done).
 */
static bool isolate(const char *workdir, const char *const *hide, int nhide)
{
	if (geteuid() != 0)
		return false;
	if (unshare(CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWIPC) != 0)
		return drop_privileges(workdir);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		die_in_child("making mounts private");
	/* Opened in the new namespace, before /tmp is covered: the bind below
	 * must come from a mount of this namespace. */
	int work_fd = -1;
	if (workdir != NULL && (work_fd = open(workdir, O_PATH | O_DIRECTORY)) < 0)
		die_in_child("opening the work folder");
	/* The course's own files (solutions among them) are not the
	 * submission's to read: they appear as an empty, read-only folder. */
	for (int i = 0; i < nhide; i++) {
		if (access(hide[i], F_OK) == 0
		    && mount("tmpfs", hide[i], "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
			     "size=4k,mode=0755") != 0)
			die_in_child("hiding a folder");
	}
	static const char *const shared_dirs[] = { "/tmp", "/var/tmp", "/dev/shm", "/run/lock" };
	for (size_t i = 0; i < sizeof shared_dirs / sizeof shared_dirs[0]; i++) {
		if (access(shared_dirs[i], F_OK) != 0)
			continue;
		if (mount("tmpfs", shared_dirs[i], "tmpfs", MS_NOSUID | MS_NODEV,
			  "size=64m,nr_inodes=4096,mode=1777") != 0)
			die_in_child("mounting a private temporary folder");
	}
	const char *cwd = "/tmp";
	if (work_fd >= 0) {
		char source[64];
		snprintf(source, sizeof source, "/proc/self/fd/%d", work_fd);
		if (mkdir("/tmp/work", 0755) != 0
		    || mount(source, "/tmp/work", NULL, MS_BIND | MS_NOSUID | MS_NODEV, NULL) != 0)
			die_in_child("binding the work folder");
		close(work_fd);
		cwd = "/tmp/work";
	}

	if (!drop_privileges(cwd))
		die_in_child("dropping privileges");
	setenv("TMPDIR", "/tmp", 1);
	setenv("HOME", "/tmp", 1);
	return true;
}

/* A contained run sees only what a C program needs from its environment:
 * nothing of the grader's own (paths, tokens, an instructor's settings). */
static void clean_environment(void)
{
	static const char *const kept[] = { "PATH", "LANG", "LC_ALL", "TZ" };
	char *values[4];
	for (size_t i = 0; i < 4; i++) {
		const char *v = getenv(kept[i]);
		values[i] = v != NULL ? strdup(v) : NULL;
	}
	clearenv();
	for (size_t i = 0; i < 4; i++)
		if (values[i] != NULL)
			setenv(kept[i], values[i], 1);
	if (getenv("PATH") == NULL)
		setenv("PATH", "/usr/local/bin:/usr/bin:/bin", 1);
}

static void start_child(const struct options *opt, const sigset_t *signals, const char *token)
{
	setpgid(0, 0);
	/* stdin is never the grader's: a program waiting for input would only
	 * hang until its timeout. */
	int null = open("/dev/null", O_RDONLY);
	if (null >= 0) {
		dup2(null, 0);
		if (null > 2)
			close(null);
	}
	arrange_descriptors(opt);

	/* Limits first, while still privileged: lowering them needs no rights,
	 * and the sandboxed uid can never raise them again. */
	set_limit(RLIMIT_CPU, opt->cpu, "RLIMIT_CPU");
	set_limit(RLIMIT_AS, opt->as, "RLIMIT_AS");
	set_limit(RLIMIT_FSIZE, opt->fsize, "RLIMIT_FSIZE");
	set_limit(RLIMIT_NOFILE, opt->nofile, "RLIMIT_NOFILE");
	struct rlimit no_core = { 0, 0 };
	setrlimit(RLIMIT_CORE, &no_core);

	if (opt->sandbox)
		clean_environment();
	bool isolated = opt->sandbox && isolate(opt->workdir, opt->hide, opt->nhide);
	if (!isolated && opt->workdir != NULL && chdir(opt->workdir) != 0)
		die_in_child("chdir to the work folder");
	/* RLIMIT_NPROC counts every process of the real uid: it stops a fork
	 * bomb only under the run's own uid (as root it stops nothing, and
	 * under a student's own uid it would count their whole desktop). */
	if (isolated)
		set_limit(RLIMIT_NPROC, opt->nproc, "RLIMIT_NPROC");
	if (opt->sandbox && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		die_in_child("PR_SET_NO_NEW_PRIVS");

	if (opt->result_index >= 0) {
		char fd_text[16];
		snprintf(fd_text, sizeof fd_text, "%d", opt->pipes[opt->result_index].child_fd);
		setenv("CT_RESULT_FD", fd_text, 1);
		setenv("CT_RESULT_TOKEN", token, 1);
	} else {
		unsetenv("CT_RESULT_FD");
		unsetenv("CT_RESULT_TOKEN");
	}
	sigprocmask(SIG_UNBLOCK, signals, NULL);
	execvp(opt->argv[0], opt->argv);
	fprintf(stderr, "ct-run: cannot run %s: %s\n", opt->argv[0], strerror(errno));
	_exit(127);
}

/* --- ct-run's side ----------------------------------------------------- */

static int signal_fd = -1;
static struct options *running;   /* for the pipes pumped while waiting */
static int interrupted;           /* SIGINT/SIGTERM/SIGHUP received */
static pid_t main_child;          /* its group goes first when interrupted */

static void consume(struct pipe_spec *p, const char *data, size_t n)
{
	if (p->is_result) {
		size_t room = sizeof p->line - 1 - p->line_len;
		size_t take = n < room ? n : room;
		memcpy(p->line + p->line_len, data, take);
		p->line_len += take;
		p->line[p->line_len] = '\0';
		return;
	}
	if (p->out == NULL)
		return;
	size_t keep = n;
	if (p->limit >= 0) {
		long long room = p->limit - p->seen;
		keep = room <= 0 ? 0 : (size_t)room < n ? (size_t)room : n;
	}
	if (keep > 0)
		fwrite(data, 1, keep, p->out);
	p->seen += (long long)n;
}

/* Reads whatever is ready on the pipes. Returns true while any is open. */
static bool drain(struct options *opt, int timeout_ms)
{
	struct pollfd fds[MAX_PIPES + 3];
	int map[MAX_PIPES + 3];
	int n = 0;
	for (int i = 0; i < opt->npipes; i++) {
		if (opt->pipes[i].read_fd >= 0) {
			fds[n] = (struct pollfd){ .fd = opt->pipes[i].read_fd, .events = POLLIN };
			map[n++] = i;
		}
	}
	int pipes_open = n;
	fds[n] = (struct pollfd){ .fd = signal_fd, .events = POLLIN };
	map[n++] = -1;
	if (poll(fds, (nfds_t)n, timeout_ms) <= 0)
		return pipes_open > 0;
	for (int k = 0; k < n; k++) {
		if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		if (map[k] < 0) {
			struct signalfd_siginfo info;
			while (read(signal_fd, &info, sizeof info) == (ssize_t)sizeof info) {
				int sig = (int)info.ssi_signo;
				if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP)
					interrupted = sig;
			}
			continue;
		}
		struct pipe_spec *p = &opt->pipes[map[k]];
		char buf[65536];
		ssize_t got = read(p->read_fd, buf, sizeof buf);
		if (got > 0) {
			consume(p, buf, (size_t)got);
		} else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
			close(p->read_fd);
			p->read_fd = -1;
			pipes_open--;
		}
	}
	return pipes_open > 0;
}

/* True once the program has printed more than --output-kill allows: it is
 * stopped then, whatever its speed, so the verdict never depends on how
 * fast a machine moves a gigabyte through a pipe. */
static bool flooded(void)
{
	if (running->output_index < 0 || running->output_kill < 0)
		return false;
	return running->pipes[running->output_index].seen > running->output_kill;
}

/*
 * Waits up to `seconds` (0: no limit) for `pid` to exit, pumping the pipes
 * meanwhile so the child never blocks on a full one. Returns true with its
 * status in *wstatus, or false on timeout. SIGINT/SIGTERM/SIGHUP sent to
 * ct-run (the grader interrupted) end the group at once.
 */
static bool wait_for(pid_t pid, double seconds, int *wstatus)
{
	double deadline = now() + seconds;
	for (;;) {
		if (waitpid(pid, wstatus, WNOHANG) == pid)
			return true;
		double left = deadline - now();
		if (seconds > 0 && left <= 0)
			return false;
		int ms = seconds > 0 ? (int)(left * 1000) + 1 : 1000;
		drain(running, ms > 1000 ? 1000 : ms);
		if (flooded())
			return false;
		if (interrupted) {
			int sig = interrupted;
			kill(-main_child, SIGKILL);
			kill(-pid, SIGKILL);
			waitpid(pid, wstatus, 0);
			signal(sig, SIG_DFL);
			sigset_t only;
			sigemptyset(&only);
			sigaddset(&only, sig);
			sigprocmask(SIG_UNBLOCK, &only, NULL);
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
	if (!wait_for(helper, ON_TIMEOUT_LIMIT, &ignored)) {
		kill(-helper, SIGKILL);
		waitpid(helper, &ignored, 0);
	}
}

/* Reaps orphans handed to ct-run as subreaper, and drains the pipes until
 * every writer is gone; gives up after a moment on anything that escaped. */
static void finish(void)
{
	double deadline = now() + 2.0;
	bool children = true, pipes = true;
	while ((children || pipes) && now() < deadline) {
		while (children) {
			pid_t pid = waitpid(-1, NULL, WNOHANG);
			if (pid > 0)
				continue;
			children = pid == 0;   /* <0: ECHILD, nothing left */
			break;
		}
		pipes = drain(running, 50);
	}
}

static bool open_pipes(struct options *opt)
{
	for (int i = 0; i < opt->npipes; i++) {
		struct pipe_spec *p = &opt->pipes[i];
		int ends[2];
		if (pipe2(ends, O_CLOEXEC) != 0)
			return false;
		p->read_fd = ends[0];
		p->write_fd = ends[1];
		fcntl(p->read_fd, F_SETFL, O_NONBLOCK);
		if (p->is_result)
			continue;
		p->out = strcmp(p->path, "-") == 0 ? stdout : fopen(p->path, "wb");
		if (p->out == NULL) {
			fprintf(stderr, "ct-run: cannot write %s: %s\n", p->path, strerror(errno));
			return false;
		}
	}
	return true;
}

static void close_pipes(struct options *opt)
{
	for (int i = 0; i < opt->npipes; i++) {
		struct pipe_spec *p = &opt->pipes[i];
		if (p->is_output && p->out != NULL && p->limit >= 0 && p->seen > p->limit)
			fprintf(p->out, "\n[output cut: %lld more bytes dropped after the first %lld]\n",
				p->seen - p->limit, p->limit);
		if (p->out != NULL && p->out != stdout)
			fclose(p->out);
		else if (p->out == stdout)
			fflush(stdout);
		if (p->read_fd >= 0)
			close(p->read_fd);
	}
}

static void make_token(char *token)
{
	unsigned char bytes[TOKEN_LEN / 2];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, bytes, sizeof bytes) != (ssize_t)sizeof bytes) {
		/* No randomness: no token can be matched, so no run can pass. */
		memset(bytes, 0, sizeof bytes);
		token[0] = '\0';
		if (fd >= 0)
			close(fd);
		return;
	}
	close(fd);
	for (size_t i = 0; i < sizeof bytes; i++)
		snprintf(token + 2 * i, 3, "%02x", bytes[i]);
}

/* Whether the result pipe began with "pass TOKEN"; what followed it (the
 * driver's measurements, such as its allocation count) goes in *details. */
static bool result_seen(const struct options *opt, const char *token, const char **details)
{
	*details = NULL;
	if (opt->result_index < 0 || token[0] == '\0')
		return false;
	char expected[TOKEN_LEN + 8];
	int n = snprintf(expected, sizeof expected, "pass %s\n", token);
	const char *line = opt->pipes[opt->result_index].line;
	if (strncmp(line, expected, (size_t)n) != 0)
		return false;
	*details = line + n;
	return true;
}

static void write_status(const char *path, const struct outcome *o, const struct options *opt)
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
	fprintf(out, ", \"elapsed\": %.3f", o->elapsed);
	if (opt->output_index >= 0) {
		const struct pipe_spec *p = &opt->pipes[opt->output_index];
		fprintf(out, ", \"output_bytes\": %lld, \"output_cut\": %s", p->seen,
			p->limit >= 0 && p->seen > p->limit ? "true" : "false");
	}
	if (opt->result_index >= 0) {
		fprintf(out, ", \"result\": %s, \"details\": ", o->result ? "true" : "false");
		json_string(out, o->details);
	}
	fputs(", \"sandbox\": ", out);
	json_string(out, o->sandbox);
	fputs("}\n", out);
	fclose(out);
}

int main(int argc, char **argv)
{
	struct options opt;
	if (parse_options(argc, argv, &opt) != 0)
		return EXIT_RUNNER_FAILED;
	running = &opt;

	/* Signals are read from a signalfd, never taken by handlers. */
	sigset_t signals;
	sigemptyset(&signals);
	sigaddset(&signals, SIGCHLD);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGHUP);
	sigaddset(&signals, SIGPIPE);
	sigprocmask(SIG_BLOCK, &signals, NULL);
	signal_fd = signalfd(-1, &signals, SFD_NONBLOCK | SFD_CLOEXEC);
	prctl(PR_SET_CHILD_SUBREAPER, 1);

	struct outcome result = { .status = "error", .sandbox = "none" };
	if (opt.sandbox)
		result.sandbox = sandbox_level();
	char token[TOKEN_LEN + 1] = "";
	if (opt.result_index >= 0)
		make_token(token);
	if (signal_fd < 0 || !open_pipes(&opt)) {
		perror("ct-run: setting up");
		write_status(opt.status_file, &result, &opt);
		return EXIT_RUNNER_FAILED;
	}

	double started = now();
	pid_t child = fork();
	if (child < 0) {
		perror("ct-run: fork");
		write_status(opt.status_file, &result, &opt);
		return EXIT_RUNNER_FAILED;
	}
	if (child == 0)
		start_child(&opt, &signals, token);
	/* Also set here: whichever of parent and child runs first wins the race. */
	setpgid(child, child);
	main_child = child;
	for (int i = 0; i < opt.npipes; i++) {
		close(opt.pipes[i].write_fd);
		opt.pipes[i].write_fd = -1;
	}

	int wstatus = 0;
	int code;
	if (wait_for(child, opt.timeout, &wstatus)) {
		if (WIFSIGNALED(wstatus)) {
			result.status = "signaled";
			result.signal = WTERMSIG(wstatus);
			code = 128 + result.signal;
		} else {
			result.status = "exited";
			result.exit_code = WEXITSTATUS(wstatus);
			code = result.exit_code;
		}
	} else if (flooded()) {
		kill(-child, SIGKILL);
		waitpid(child, &wstatus, 0);
		result.status = "output-limit";
		code = EXIT_TIMEOUT;
	} else {
		if (opt.on_timeout != NULL)
			run_on_timeout(opt.on_timeout, child, &signals);
		kill(-child, SIGTERM);
		if (!wait_for(child, opt.grace, &wstatus) && !flooded()) {
			kill(-child, SIGKILL);
			waitpid(child, &wstatus, 0);
		}
		result.status = "timeout";
		code = EXIT_TIMEOUT;
	}
	/* Whatever the program left behind in its group goes too. */
	kill(-child, SIGKILL);
	finish();
	result.elapsed = now() - started;
	result.result = result_seen(&opt, token, &result.details);
	close_pipes(&opt);
	write_status(opt.status_file, &result, &opt);
	return code;
}
