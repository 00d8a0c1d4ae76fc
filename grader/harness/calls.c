/*
 * calls.c - the student's calls to the allocator and to everything else
 * that can fail: counted, located, and failed on purpose.
 *
 * The build renames these calls in the student's objects only (objcopy
 * --redefine-sym malloc=ct_counted_malloc, ...; see grader/lib/ct-task and
 * calls.list), so the course's own code and the C library are untouched
 * and every count here is the student's.
 *
 * Three measurements, each switched on from the command line (the grader
 * runs drivers with an empty environment):
 *   - allocations: how many, and from which call sites (always on);
 *   - fault injection (--faults malloc,fopen --fail-at K): the K-th call
 *     of a listed function fails, exactly as it can in real life (NULL and
 *     ENOMEM, -1 and EMFILE, EAGAIN), so every error path gets run;
 *   - descriptors (--check-fds): a descriptor the scenario opened and did
 *     not close is a failure, reported with the place that opened it; so
 *     is a stream (fopen, fdopen) whose descriptor was closed with close()
 *     but which never went to fclose.
 *
 * Places are return addresses printed as "{at 0x...}"; the grader turns
 * them into file:line with addr2line (the driver is linked -no-pie).
 */
#define _GNU_SOURCE
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

int __real_pthread_mutex_lock(pthread_mutex_t *mutex);
int __real_pthread_mutex_unlock(pthread_mutex_t *mutex);

/* Everything here may be called from several threads at once. */
static pthread_mutex_t calls_lock = PTHREAD_MUTEX_INITIALIZER;

/* --- allocations -------------------------------------------------------- */

enum { MAX_SITES = 16 };
static unsigned long allocations;
static struct { void *at; unsigned long count; } sites[MAX_SITES];

static void count_allocation(void *at)
{
	__real_pthread_mutex_lock(&calls_lock);
	allocations++;
	for (int i = 0; i < MAX_SITES; i++) {
		if (sites[i].at == at || sites[i].at == NULL) {
			sites[i].at = at;
			sites[i].count++;
			break;
		}
	}
	__real_pthread_mutex_unlock(&calls_lock);
}

/* --- fault injection ---------------------------------------------------- */

/* A fallible call: its name as the manifest writes it and how it fails. */
enum call {
	CALL_MALLOC, CALL_CALLOC, CALL_REALLOC, CALL_STRDUP, CALL_STRNDUP,
	CALL_ASPRINTF, CALL_VASPRINTF, CALL_FOPEN, CALL_FDOPEN, CALL_OPEN,
	CALL_PIPE, CALL_SOCKET, CALL_DUP, CALL_PTHREAD_CREATE,
	CALL_PTHREAD_MUTEX_INIT, CALL_PTHREAD_COND_INIT, CALL_PTHREAD_KEY_CREATE,
	CALL_COUNT
};

static const char *const call_names[CALL_COUNT] = {
	"malloc", "calloc", "realloc", "strdup", "strndup",
	"asprintf", "vasprintf", "fopen", "fdopen", "open",
	"pipe", "socket", "dup", "pthread_create",
	"pthread_mutex_init", "pthread_cond_init", "pthread_key_create",
};

/* The calls a count run lists (enough for any exercise; the check says so
 * if a scenario makes more). */
enum { MAX_LISTED_CALLS = 48 };

static bool fallible[CALL_COUNT];       /* named by --faults */
static unsigned long fail_at;           /* --fail-at: 1-based, 0 = never */
static unsigned long fallible_calls;    /* listed calls made so far */
static struct { enum call call; void *at; } listed[MAX_LISTED_CALLS];
static enum call failed_call = CALL_COUNT;

/* Counts a call; true when this is the one to fail. */
static bool should_fail(enum call call, void *at)
{
	if (!fallible[call])
		return false;
	__real_pthread_mutex_lock(&calls_lock);
	unsigned long number = ++fallible_calls;
	if (number <= MAX_LISTED_CALLS)
		listed[number - 1].call = call, listed[number - 1].at = at;
	bool fail_now = number == fail_at;
	if (fail_now)
		failed_call = call;
	__real_pthread_mutex_unlock(&calls_lock);
	return fail_now;
}

bool harness_fault_injected(void)
{
	__real_pthread_mutex_lock(&calls_lock);
	bool injected = failed_call != CALL_COUNT;
	__real_pthread_mutex_unlock(&calls_lock);
	return injected;
}

const char *harness_failed_call(void)
{
	return harness_fault_injected() ? call_names[failed_call] : NULL;
}

/* --- descriptors -------------------------------------------------------- */

enum { MAX_TRACKED_FDS = 256 };
static void *fd_opened_at[MAX_TRACKED_FDS];
static bool fd_open_at_start[MAX_TRACKED_FDS];
static bool checking_fds;

static void note_fd(int fd, void *at)
{
	if (fd >= 0 && fd < MAX_TRACKED_FDS) {
		__real_pthread_mutex_lock(&calls_lock);
		fd_opened_at[fd] = at;
		__real_pthread_mutex_unlock(&calls_lock);
	}
}

/* The descriptors open now, below the limit the program may use (Valgrind
 * keeps its own above that limit). Calls visit(fd) for each. */
static void each_open_fd(void (*visit)(int fd))
{
	struct rlimit limit;
	int highest = MAX_TRACKED_FDS;
	if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < (rlim_t)highest)
		highest = (int)limit.rlim_cur;
	DIR *dir = opendir("/proc/self/fd");
	if (dir == NULL)
		fail("the test could not list its open descriptors (/proc/self/fd)");
	int own = dirfd(dir);
	for (struct dirent *entry; (entry = readdir(dir)) != NULL;) {
		if (entry->d_name[0] == '.')
			continue;
		int fd = atoi(entry->d_name);
		if (fd != own && fd < highest)
			visit(fd);
	}
	closedir(dir);
}

static void mark_open_at_start(int fd)
{
	fd_open_at_start[fd] = true;
}

/* What a descriptor refers to, in words: "the file data.txt", "a pipe". */
static void describe_fd(int fd, char *out, size_t size)
{
	char link[64], target[256];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, target, sizeof target - 1);
	if (n < 0) {
		snprintf(out, size, "a descriptor");
		return;
	}
	target[n] = '\0';
	if (strncmp(target, "pipe:", 5) == 0)
		snprintf(out, size, "a pipe");
	else if (strncmp(target, "socket:", 7) == 0)
		snprintf(out, size, "a socket");
	else {
		const char *name = strrchr(target, '/');
		snprintf(out, size, "the file %s", name != NULL ? name + 1 : target);
	}
}

/* Streams from fopen and fdopen until fclose. A stream whose descriptor
 * was closed with close() holds no descriptor any more, yet its FILE and
 * buffer are never freed, and Memcheck calls them "still reachable" (the C
 * library keeps every stream on a list), which the grader does not count. */
enum { MAX_TRACKED_STREAMS = 64 };
static struct { FILE *file; int fd; void *at; } streams[MAX_TRACKED_STREAMS];

static void note_stream(FILE *file, void *at)
{
	__real_pthread_mutex_lock(&calls_lock);
	for (int i = 0; i < MAX_TRACKED_STREAMS; i++) {
		if (streams[i].file == NULL) {
			streams[i].file = file, streams[i].fd = fileno(file), streams[i].at = at;
			break;
		}
	}
	__real_pthread_mutex_unlock(&calls_lock);
}

static void forget_stream(FILE *file)
{
	__real_pthread_mutex_lock(&calls_lock);
	for (int i = 0; i < MAX_TRACKED_STREAMS; i++)
		if (streams[i].file == file)
			streams[i].file = NULL;
	__real_pthread_mutex_unlock(&calls_lock);
}

static int leaked_fds, leaked_streams;
static bool fd_reported[MAX_TRACKED_FDS];
static char leak_report[1024];

static void note_if_leaked(int fd)
{
	if (fd_open_at_start[fd])
		return;
	fd_reported[fd] = true;
	char what[300];
	describe_fd(fd, what, sizeof what);
	size_t used = strlen(leak_report);
	if (fd_opened_at[fd] != NULL)
		snprintf(leak_report + used, sizeof leak_report - used,
			 "%sdescriptor %d (%s, opened {at %p})", leaked_fds ? "; " : "", fd, what, fd_opened_at[fd]);
	else
		snprintf(leak_report + used, sizeof leak_report - used,
			 "%sdescriptor %d (%s)", leaked_fds ? "; " : "", fd, what);
	leaked_fds++;
}

/* Every fclose in the program, the driver's included (harness.wrap: the
 * link wraps it), so that a stream the driver closes is not counted. */
int __real_fclose(FILE *file);
int __wrap_fclose(FILE *file);

int __wrap_fclose(FILE *file)
{
	forget_stream(file);
	return __real_fclose(file);
}

/* --- the options and the report ------------------------------------------ */

void calls_configure(int argc, char **argv)
{
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--faults") == 0 && i + 1 < argc) {
			char *list = strdup(argv[++i]);
			for (char *save = NULL, *name = strtok_r(list, ",", &save); name != NULL;
			     name = strtok_r(NULL, ",", &save)) {
				int c = 0;
				while (c < CALL_COUNT && strcmp(call_names[c], name) != 0)
					c++;
				if (c == CALL_COUNT)
					fail("the test cannot fail calls of '%s' (harness error)", name);
				fallible[c] = true;
			}
			free(list);
		} else if (strcmp(argv[i], "--fail-at") == 0 && i + 1 < argc) {
			fail_at = strtoul(argv[++i], NULL, 10);
		} else if (strcmp(argv[i], "--check-fds") == 0) {
			checking_fds = true;
		}
	}
	if (checking_fds)
		each_open_fd(mark_open_at_start);
}

void calls_check_at_end(void)
{
	if (!checking_fds)
		return;
	each_open_fd(note_if_leaked);
	/* A stream whose descriptor is still open is reported with it. */
	for (int i = 0; i < MAX_TRACKED_STREAMS; i++) {
		int fd = streams[i].fd;
		if (streams[i].file == NULL || (fd >= 0 && fd < MAX_TRACKED_FDS && fd_reported[fd]))
			continue;
		size_t used = strlen(leak_report);
		snprintf(leak_report + used, sizeof leak_report - used,
			 "%sa stream (FILE *, opened {at %p}) whose descriptor %d was closed with close(), "
			 "not fclose(), so the stream itself was never freed",
			 leaked_fds + leaked_streams ? "; " : "", streams[i].at, fd);
		leaked_streams++;
	}
	const char *what = leaked_streams == 0 ? (leaked_fds == 1 ? "A descriptor was" : "Descriptors were")
			 : leaked_fds == 0 ? (leaked_streams == 1 ? "A stream was" : "Streams were")
			 : "Descriptors and streams were";
	if (leaked_fds + leaked_streams > 0)
		fail("%s still open after the test: %s. Close every descriptor you open, on every path, "
		     "error paths included.%s", what, leak_report,
		     leaked_streams > 0 ? " A stream owns its descriptor: fclose closes both, and nothing "
					  "else closes the stream." : "");
}

int calls_report(char *out, size_t size)
{
	int n = snprintf(out, size, "allocations %lu\nfallible-calls %lu\n", allocations, fallible_calls);
	for (int i = 0; i < MAX_SITES && sites[i].at != NULL && n < (int)size - 64; i++)
		n += snprintf(out + n, size - (size_t)n, "site %p %lu\n", sites[i].at, sites[i].count);
	for (unsigned long i = 0; i < fallible_calls && i < MAX_LISTED_CALLS && n < (int)size - 64; i++)
		n += snprintf(out + n, size - (size_t)n, "call %lu %s %p\n", i + 1,
			      call_names[listed[i].call], listed[i].at);
	return n;
}

/* --- the renamed calls ---------------------------------------------------- */

#define RETURN_ADDRESS __builtin_return_address(0)

void *ct_counted_malloc(size_t size);
void *ct_counted_calloc(size_t count, size_t size);
void *ct_counted_realloc(void *old, size_t size);
char *ct_counted_strdup(const char *text);
char *ct_counted_strndup(const char *text, size_t size);
int ct_counted_vasprintf(char **out, const char *format, va_list args);
int ct_counted_asprintf(char **out, const char *format, ...);
FILE *ct_counted_fopen(const char *path, const char *mode);
FILE *ct_counted_fdopen(int fd, const char *mode);
int ct_counted_open(const char *path, int flags, ...);
int ct_counted_pipe(int fds[2]);
int ct_counted_socket(int domain, int type, int protocol);
int ct_counted_dup(int fd);
int ct_counted_pthread_create(pthread_t *thread, const pthread_attr_t *attr,
			      void *(*start)(void *), void *arg);
int ct_counted_pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr);
int ct_counted_pthread_cond_init(pthread_cond_t *cond, const pthread_condattr_t *attr);
int ct_counted_pthread_key_create(pthread_key_t *key, void (*destructor)(void *));

void *ct_counted_malloc(size_t size)
{
	count_allocation(RETURN_ADDRESS);
	if (should_fail(CALL_MALLOC, RETURN_ADDRESS))
		return errno = ENOMEM, NULL;
	return malloc(size);
}

void *ct_counted_calloc(size_t count, size_t size)
{
	count_allocation(RETURN_ADDRESS);
	if (should_fail(CALL_CALLOC, RETURN_ADDRESS))
		return errno = ENOMEM, NULL;
	return calloc(count, size);
}

void *ct_counted_realloc(void *old, size_t size)
{
	count_allocation(RETURN_ADDRESS);
	if (should_fail(CALL_REALLOC, RETURN_ADDRESS))
		return errno = ENOMEM, NULL;
	return realloc(old, size);
}

char *ct_counted_strdup(const char *text)
{
	count_allocation(RETURN_ADDRESS);
	if (should_fail(CALL_STRDUP, RETURN_ADDRESS))
		return errno = ENOMEM, NULL;
	return strdup(text);
}

char *ct_counted_strndup(const char *text, size_t size)
{
	count_allocation(RETURN_ADDRESS);
	if (should_fail(CALL_STRNDUP, RETURN_ADDRESS))
		return errno = ENOMEM, NULL;
	return strndup(text, size);
}

int ct_counted_vasprintf(char **out, const char *format, va_list args)
{
	count_allocation(RETURN_ADDRESS);
	if (should_fail(CALL_VASPRINTF, RETURN_ADDRESS))
		return errno = ENOMEM, -1;
	return vasprintf(out, format, args);
}

int ct_counted_asprintf(char **out, const char *format, ...)
{
	count_allocation(RETURN_ADDRESS);
	if (should_fail(CALL_ASPRINTF, RETURN_ADDRESS))
		return errno = ENOMEM, -1;
	va_list args;
	va_start(args, format);
	int n = vasprintf(out, format, args);
	va_end(args);
	return n;
}

FILE *ct_counted_fopen(const char *path, const char *mode)
{
	if (should_fail(CALL_FOPEN, RETURN_ADDRESS))
		return errno = EMFILE, NULL;
	FILE *file = fopen(path, mode);
	if (file != NULL) {
		note_fd(fileno(file), RETURN_ADDRESS);
		note_stream(file, RETURN_ADDRESS);
	}
	return file;
}

FILE *ct_counted_fdopen(int fd, const char *mode)
{
	if (should_fail(CALL_FDOPEN, RETURN_ADDRESS))
		return errno = ENOMEM, NULL;
	FILE *file = fdopen(fd, mode);
	if (file != NULL)
		note_stream(file, RETURN_ADDRESS);
	return file;
}


int ct_counted_open(const char *path, int flags, ...)
{
	if (should_fail(CALL_OPEN, RETURN_ADDRESS))
		return errno = EMFILE, -1;
	mode_t mode = 0;
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list args;
		va_start(args, flags);
		mode = va_arg(args, mode_t);
		va_end(args);
	}
	int fd = open(path, flags, mode);
	note_fd(fd, RETURN_ADDRESS);
	return fd;
}

int ct_counted_pipe(int fds[2])
{
	if (should_fail(CALL_PIPE, RETURN_ADDRESS))
		return errno = EMFILE, -1;
	int result = pipe(fds);
	if (result == 0) {
		note_fd(fds[0], RETURN_ADDRESS);
		note_fd(fds[1], RETURN_ADDRESS);
	}
	return result;
}

int ct_counted_socket(int domain, int type, int protocol)
{
	if (should_fail(CALL_SOCKET, RETURN_ADDRESS))
		return errno = EMFILE, -1;
	int fd = socket(domain, type, protocol);
	note_fd(fd, RETURN_ADDRESS);
	return fd;
}

int ct_counted_dup(int old)
{
	if (should_fail(CALL_DUP, RETURN_ADDRESS))
		return errno = EMFILE, -1;
	int fd = dup(old);
	note_fd(fd, RETURN_ADDRESS);
	return fd;
}

/* Threads the student starts can be held at their first instruction until
 * a number of them exist (harness_gate_new_threads). */
struct gated_start {
	void *(*start)(void *);
	void *arg;
};

static pthread_cond_t gate_changed = PTHREAD_COND_INITIALIZER;
static int gate_count;        /* threads to wait for; 0 = no gate */
static int threads_created;

int __real_pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex);
int __real_pthread_cond_broadcast(pthread_cond_t *cond);

static void *gated_thread(void *data)
{
	struct gated_start start = *(struct gated_start *)data;
	free(data);
	__real_pthread_mutex_lock(&calls_lock);
	while (gate_count > 0 && threads_created < gate_count)
		__real_pthread_cond_wait(&gate_changed, &calls_lock);
	__real_pthread_mutex_unlock(&calls_lock);
	return start.start(start.arg);
}

void harness_gate_new_threads(int count)
{
	__real_pthread_mutex_lock(&calls_lock);
	gate_count = count;
	threads_created = 0;
	__real_pthread_mutex_unlock(&calls_lock);
}

int ct_counted_pthread_create(pthread_t *thread, const pthread_attr_t *attr,
			      void *(*start)(void *), void *arg)
{
	if (should_fail(CALL_PTHREAD_CREATE, RETURN_ADDRESS))
		return EAGAIN;
	__real_pthread_mutex_lock(&calls_lock);
	bool gated = gate_count > 0;
	__real_pthread_mutex_unlock(&calls_lock);
	if (!gated)
		return pthread_create(thread, attr, start, arg);

	struct gated_start *data = malloc(sizeof *data);
	if (data == NULL)
		fail("the test ran out of memory");
	*data = (struct gated_start){ start, arg };
	int err = pthread_create(thread, attr, gated_thread, data);
	if (err != 0) {
		free(data);
		return err;
	}
	__real_pthread_mutex_lock(&calls_lock);
	threads_created++;
	__real_pthread_cond_broadcast(&gate_changed);
	__real_pthread_mutex_unlock(&calls_lock);
	return 0;
}

int ct_counted_pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr)
{
	if (should_fail(CALL_PTHREAD_MUTEX_INIT, RETURN_ADDRESS))
		return ENOMEM;
	return pthread_mutex_init(mutex, attr);
}

int ct_counted_pthread_cond_init(pthread_cond_t *cond, const pthread_condattr_t *attr)
{
	if (should_fail(CALL_PTHREAD_COND_INIT, RETURN_ADDRESS))
		return ENOMEM;
	return pthread_cond_init(cond, attr);
}

int ct_counted_pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
	if (should_fail(CALL_PTHREAD_KEY_CREATE, RETURN_ADDRESS))
		return EAGAIN;
	return pthread_key_create(key, destructor);
}
