/*
 * request.h - one request of a small file server.
 *
 * The server answers a request for a file with the file's content. A worker
 * thread pumps the file into a pipe and the request's own thread reads the
 * pipe: in the real server the worker is a filter stage (it compresses,
 * fills in a template) that writes its output as it goes, so the reply
 * arrives in pieces whatever its size. Here the stage simply copies.
 */
#ifndef REQUEST_H
#define REQUEST_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Serves one request for the file at path. The reply gets at most
 * size - 1 bytes of the file's content and always a final '\0' (size is at
 * least 1). Returns the length of the whole content, which is more than
 * size - 1 when the reply was cut short (as snprintf does), or -1 with
 * errno set: the file does not exist (ENOENT), cannot be read (EISDIR for a
 * folder), or the request ran out of descriptors, memory or threads.
 *
 * Every descriptor the call opens is closed by the time it returns, on
 * every path: a server makes millions of requests.
 */
ssize_t request_run(const char *path, char *reply, size_t size);

#endif
