/*
 * sandcastle-exec-init: the native zygote, and pid 1 of each native spare it forks, which runs an exec'd command or a warm Node.
 *
 * A plain spare's pid 1 is a fork of the fork server's Python interpreter: the one a Python program runs in. A
 * command needs none of it, yet paid for it: the clone copied the interpreter's page tables, pid 1's interpreted
 * steps copied the pages they wrote, and its exit unmapped them all. A native spare is cloned from this small process
 * instead (zygote), and its pid 1 is this program: it makes the view no request decides, as child.py's init does
 * (prepare_view); its first message (the engine's WARM once it moved it into its cgroup, else the server's just
 * before its request) makes its cgroup namespace (await_cgroup); then it waits for the request and does, in the same
 * order and with the same rules as child.py, what the request decides: the workspace and the covers, the privilege
 * drop, the program (exec'd as bash would exec it, else bash), reaping, and telling the end on the request's socket.
 * A first message that is a warm Node's order (protocol.write_node_order) makes it a warm Node's pid 1 instead
 * (node.c): Node starts before the request, and the request is a snippet's run for it.
 *
 * argv: [name, --zygote, the size /tmp and /dev/shm are made with, the descriptor holding the seccomp filter or -1],
 * the channel to the fork server on descriptor 3; or [name, --probe], answered with 0 (the fork server checks at its
 * start that this build runs here).
 * A spare's descriptors: 0-2 the execution's stdin, stdout and stderr; 3 the request's socket.
 * Messages on the request's socket: a little-endian u32 length, then as many bytes. The first is not read further,
 * unless it is a warm Node's order (request.c, parse_node_order).
 * The request (the fork server encodes it, protocol.write_exec_request): NUL-terminated fields: sandbox, volume (""
 * for none), tmpBytes, fileSizeBytes, cwd, then three counted lists (argv, direct words, environment as NAME=VALUE),
 * each its count then its items.
 *
 * Files: exec_init.c (this: the zygote and a spare's start), request.c (reading the request), view.c (the view),
 * program.c (running the program), node.c (a warm Node); exec_init.h their shared names.
 */
#include "exec_init.h"

void say(const char *format, ...)
{
    char line[4096];
    va_list args;
    va_start(args, format);
    int length = vsnprintf(line, sizeof line - 1, format, args);
    va_end(args);
    if (length < 0)
        return;
    if ((size_t)length > sizeof line - 2)
        length = sizeof line - 2;
    line[length++] = '\n';
    ssize_t ignored = write(2, line, (size_t)length);
    (void)ignored;
}

/* As child.py's run_reporting words a failed step: the execution ends with 125. */
int fail(const char *what, const char *target)
{
    int error = errno;
    if (target)
        say("sandcastle: could not start the program: [Errno %d] %s %s: %s", error, what, target, strerror(error));
    else
        say("sandcastle: could not start the program: [Errno %d] %s: %s", error, what, strerror(error));
    return 125;
}

/* A spare's pid 1, just cloned: its four descriptors in place and no other, its view, its cgroup, its request. */
static int spare(const int fds[4], long long tmp_bytes, struct sock_fprog *filter)
{
    for (int target = 0; target < 4; target++)
        if (fds[target] != target && dup2(fds[target], target) < 0)
            return fail("dup2", NULL);
    /* Nothing of the zygote's (its channel, another spare's descriptors) reaches the execution. */
    if (close_range(4, ~0U, 0))
        return fail("close_range", NULL);
    char *first;
    uint32_t length;
    int code = prepare_view(tmp_bytes);
    if (code || (code = await_cgroup(&first, &length)))
        return code;
    if (is_node_order(first, length)) {
        struct node_order order = {0};
        if (parse_node_order(first, length, &order)) {
            say("sandcastle: could not start node: its order could not be read");
            return 125;
        }
        return warm_node(&order, tmp_bytes, filter);
    }
    free(first);
    return run(tmp_bytes, filter);
}

/*
 * The native zygote: forks native spares on the fork server's word, as zygote.py forks the others. Each order on the
 * channel (descriptor 3, SOCK_SEQPACKET) is the spare's number (a little-endian u32, what follows it unread) with its
 * stdin, stdout, stderr and request socket; the answer is the number and the spare's pid in the container (<= 0: it
 * could not be forked). The spare is cloned into its namespaces as the fork server's child (CLONE_PARENT), from this
 * small process: no interpreter's pages to copy or to unmap, and no exec.
 */
static int zygote(long long tmp_bytes, struct sock_fprog *filter)
{
    for (;;) {
        unsigned char order[16];
        union {
            char buffer[CMSG_SPACE(4 * sizeof(int))];
            struct cmsghdr align;
        } control;
        struct iovec vector = {order, sizeof order};
        struct msghdr message = {.msg_iov = &vector, .msg_iovlen = 1, .msg_control = control.buffer,
                                 .msg_controllen = sizeof control.buffer};
        ssize_t got = recvmsg(3, &message, MSG_CMSG_CLOEXEC);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return got == 0 ? 0 : fail("recvmsg", NULL);
        int fds[4] = {-1, -1, -1, -1}, count = 0;
        struct cmsghdr *header = CMSG_FIRSTHDR(&message);
        if (header && header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_RIGHTS) {
            count = (int)((header->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            memcpy(fds, CMSG_DATA(header), (size_t)(count < 4 ? count : 4) * sizeof(int));
        }
        int32_t pid = -1;
        if (got >= 4 && count == 4 && !(message.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
            pid = (int32_t)syscall(SYS_clone, CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET | CLONE_PARENT | SIGCHLD,
                                   NULL, NULL, NULL, NULL);
            if (pid == 0)
                _exit(spare(fds, tmp_bytes, filter));
            if (pid < 0)
                say("sandcastle: could not fork a spare: [Errno %d] %s", errno, strerror(errno));
        } else
            say("sandcastle: could not fork a spare: a malformed order");
        for (int i = 0; i < count && i < 4; i++)
            close(fds[i]);
        unsigned char answer[8];
        memcpy(answer, order, 4);
        for (int i = 0; i < 4; i++)
            answer[4 + i] = (unsigned char)((uint32_t)pid >> (8 * i));
        if (send(3, answer, sizeof answer, MSG_NOSIGNAL) != (ssize_t)sizeof answer)
            return 0; /* The fork server is gone. */
    }
}

int main(int argc, char **argv)
{
    static struct sock_fprog filter;
    struct sock_fprog *loaded = NULL;
    /* Runs, and has what the zygote needs of this kernel. */
    if (argc == 2 && !strcmp(argv[1], "--probe"))
        return close_range(3, ~0U, 0) ? 1 : 0;
    long long made_tmp_bytes, filter_fd;
    if (argc != 4 || strcmp(argv[1], "--zygote") || number(argv[2], &made_tmp_bytes)
        || (strcmp(argv[3], "-1") && number(argv[3], &filter_fd))) {
        say("sandcastle: usage: sandcastle-exec-init --zygote TMP_BYTES FILTER_FD");
        return 125;
    }
    if (!strcmp(argv[3], "-1"))
        filter_fd = -1;
    /* A spare reaps its program's end itself: whatever the exec kept, SIGCHLD is at its default. */
    signal(SIGCHLD, SIG_DFL);
    if (filter_fd >= 0) {
        struct stat status;
        if (fstat((int)filter_fd, &status) || status.st_size <= 0 || status.st_size % sizeof(struct sock_filter)
            || status.st_size / sizeof(struct sock_filter) > BPF_MAXINSNS) {
            say("sandcastle: no seccomp filter");
            return 125;
        }
        filter.len = (unsigned short)(status.st_size / sizeof(struct sock_filter));
        filter.filter = malloc((size_t)status.st_size);
        if (!filter.filter || pread((int)filter_fd, filter.filter, (size_t)status.st_size, 0) != status.st_size) {
            say("sandcastle: the seccomp filter could not be read");
            return 125;
        }
        loaded = &filter;
    }
    /* The channel is descriptor 3; whatever else the exec kept goes (the filter's copy is read). */
    if (close_range(4, ~0U, 0)) {
        say("sandcastle: [Errno %d] close_range: %s", errno, strerror(errno));
        return 125;
    }
    /* It never execs: its spares inherit the empty set, and its own capabilities stay. */
    if (empty_bounding_set())
        return 125;
    return zygote(made_tmp_bytes, loaded);
}
