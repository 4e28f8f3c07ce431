/*
 * sandcastle-exec-init: a native spare warmed for a JavaScript or TypeScript snippet, or for `node FILE` commands, as
 * warm_node.py's WarmNode warms a plain one, in the same order and with the same rules: the bootstrap mounted as
 * /run/sandcastle/main.js, Node started on it unprivileged, the request awaited; then the request's part of the view,
 * the snippet over the bootstrap (a command's /run/sandcastle empty again), Node's file size limit, pid 1's own
 * privileges dropped, and only then Node handed its run. For a command, pid 1 first finds the command's `node` as
 * bash would (program.c's direct_program): when that is not the very file this Node runs, pid 1 ends this Node,
 * never given a run, and runs the command as a native spare runs any (run_program). A plain spare's pid 1 is a fork
 * of the fork server's Python, which a warm Node run paid for (its clone, the pages pid 1 copied, the fork that
 * starts Node, its exit); this one is a clone of the small native zygote.
 */
#include "exec_init.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

/* Node, unprivileged from its first instruction, its socket to pid 1 on descriptor 3 (warm_node.py's start_node). */
static pid_t start_node(const struct node_order *order, int channel, struct sock_fprog *filter)
{
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    struct rlimit core = {0, 0};
    sigset_t none;
    sigemptyset(&none);
    if (setsid() < 0 || setrlimit(RLIMIT_CORE, &core) || chdir("/")) {
        fail("start node", NULL);
        _exit(125);
    }
    /* Node sets its own. */
    for (int number = 1; number < NSIG; number++)
        if (number != SIGKILL && number != SIGSTOP)
            signal(number, SIG_DFL);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* An exec'd Node is dumpable again whatever this process was: as warm_node.py, only pid 1 turns it off. */
    if (drop_privileges(filter, 1))
        _exit(125);
    /* Over the request's socket: Node never holds it, nor anything else of pid 1's. */
    if (dup2(channel, REQUEST) < 0 || close_range(REQUEST + 1, ~0U, 0)) {
        fail("start node", NULL);
        _exit(125);
    }
    execve(order->path, order->argv, order->env);
    int error = errno;
    say("sandcastle: could not start node: [Errno %d] %s: '%s'", error, strerror(error), order->path);
    _exit(125);
}

/* Whether the request came first (1), or Node ended before it (0); -1 on a failed wait. */
static int request_came(pid_t node)
{
    int node_ended = (int)syscall(SYS_pidfd_open, node, 0);
    if (node_ended < 0)
        return -1;
    struct pollfd waits[2] = {{REQUEST, POLLIN, 0}, {node_ended, POLLIN, 0}};
    int ready;
    while ((ready = poll(waits, 2, -1)) < 0 && errno == EINTR)
        ;
    close(node_ended);
    if (ready < 0)
        return -1;
    return waits[0].revents != 0 || waits[1].revents == 0;
}

/* A growing buffer for the run's JSON. */
struct text {
    char *data;
    size_t size, capacity;
};

static int append(struct text *text, const char *data, size_t size)
{
    if (text->size + size > text->capacity) {
        size_t capacity = 2 * (text->size + size) + 256;
        char *grown = realloc(text->data, capacity);
        if (!grown)
            return -1;
        text->data = grown;
        text->capacity = capacity;
    }
    memcpy(text->data + text->size, data, size);
    text->size += size;
    return 0;
}

#define APPEND_LITERAL(text, literal) append(text, literal, sizeof literal - 1)

/* A JSON string: quotes, backslashes and control characters escaped; every other byte as it is (UTF-8). */
static int append_json_string(struct text *text, const char *value, size_t size)
{
    if (APPEND_LITERAL(text, "\""))
        return -1;
    for (size_t i = 0; i < size; i++) {
        unsigned char byte = (unsigned char)value[i];
        char escaped[8];
        if (byte == '"' || byte == '\\') {
            escaped[0] = '\\';
            escaped[1] = (char)byte;
            if (append(text, escaped, 2))
                return -1;
        } else if (byte < 0x20) {
            snprintf(escaped, sizeof escaped, "\\u%04x", byte);
            if (append(text, escaped, 6))
                return -1;
        } else if (append(text, (const char *)&byte, 1))
            return -1;
    }
    return APPEND_LITERAL(text, "\"");
}

/*
 * What a command's Node is handed (warm_node.py's run): {"env": the environment bash would exec its node with,
 * "cwd": the command's directory, then the fields the server encoded (node, a JSON object)}.
 */
static int command_run(struct text *text, char **env, const char *cwd, const char *node, size_t node_size)
{
    if (APPEND_LITERAL(text, "{\"env\": {"))
        return -1;
    for (size_t i = 0; env[i]; i++) {
        size_t name = strcspn(env[i], "=");
        const char *value = env[i] + name + (env[i][name] ? 1 : 0);
        if ((i && APPEND_LITERAL(text, ", ")) || append_json_string(text, env[i], name) || APPEND_LITERAL(text, ": ")
            || append_json_string(text, value, strlen(value)))
            return -1;
    }
    return APPEND_LITERAL(text, "}, \"cwd\": ") || append_json_string(text, cwd, strlen(cwd)) || APPEND_LITERAL(text, ", ")
        || append(text, node + 1, node_size - 1);
}

/* Whether two paths name the same file (os.path.samefile). */
static int same_file(const char *a, const char *b)
{
    struct stat first, second;
    return !stat(a, &first) && !stat(b, &second) && first.st_dev == second.st_dev && first.st_ino == second.st_ino;
}

int warm_node(struct node_order *order, long long made_tmp_bytes, struct sock_fprog *filter)
{
    int code = mount_snippet(order->bootstrap_name, order->bootstrap, order->bootstrap_size);
    if (code)
        return code;
    int ends[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends))
        return fail("socketpair", NULL);
    int channel = ends[0];
    pid_t node = start_node(order, ends[1], filter);
    close(ends[1]);
    if (node < 0)
        return fail("fork", NULL);
    int came = request_came(node);
    if (came < 0)
        return fail("wait for the request", NULL);
    if (!came)
        return 125; /* Node ended before its run: the spare is gone. */
    char *payload;
    uint32_t length;
    struct node_run run = {0};
    int got = read_message(&payload, &length);
    if (got == -1)
        return 125; /* The server ended before giving it a request. */
    if (got || (order->command ? parse_command_run(payload, length, &run) : parse_node_run(payload, length, &run))) {
        say("sandcastle: could not start the program: the request could not be read");
        return 125;
    }
    /* Kept to tell the run's end on (see end_execution); Node holds a socket of its own on its descriptor 3. */
    if (fcntl(REQUEST, F_SETFD, FD_CLOEXEC))
        return fail("fcntl", NULL);
    char ready = 0;
    ssize_t read_ready;
    while ((read_ready = recv(channel, &ready, 1, 0)) < 0 && errno == EINTR)
        ;
    if (read_ready != 1 || ready != 'r') {
        say("sandcastle: could not start the program: node ended before its run");
        return 125;
    }
    /* Node has read its bootstrap: the snippet goes over it, at the path Node started from; a command's view has an
       empty /run/sandcastle, as a command's run without a warm Node has. */
    if ((code = mount_request_view(&run.view, made_tmp_bytes))
        || (code = mount_snippet(order->command ? NULL : run.file, run.code, run.code_size)))
        return code;
    struct text handed = {0};
    if (order->command) {
        char **env = NULL;
        char *path = direct_program(&run.view, &env);
        if (!path || !same_file(path, order->path)) {
            /* Not this Node, for bash: the command runs as a native spare runs any, this Node never given a run. */
            close(channel);
            kill(node, SIGKILL);
            while (waitpid(node, NULL, 0) < 0 && errno == EINTR)
                ;
            return run_program(&run.view, filter);
        }
        if (command_run(&handed, env, run.view.cwd, run.run, run.run_size))
            return fail("encode the run", NULL);
        run.run = handed.data;
        run.run_size = handed.size;
    }
    struct rlimit fsize = {(rlim_t)run.view.file_size_bytes, (rlim_t)run.view.file_size_bytes}, core = {0, 0};
    if (prlimit(node, RLIMIT_FSIZE, &fsize, NULL))
        return fail("prlimit", NULL);
    /* Not dumpable below either; no core of pid 1 whatever the host's suid_dumpable. */
    if (setrlimit(RLIMIT_CORE, &core))
        return fail("setrlimit", NULL);
    /* From here on pid 1 is no more privileged than Node; only then does Node get code to run. */
    if ((code = drop_privileges(filter, 0)))
        return code;
    /* Node's end may be gone (it ended meanwhile): the error is said instead. */
    if (send_message(channel, run.run, run.run_size))
        say("sandcastle: could not start the program: [Errno %d] %s", errno, strerror(errno));
    close(channel);
    /* The output ends when the program's tree lets go of it, not when pid 1 has finished exiting. */
    close(0);
    close(1);
    close(2);
    return end_execution(node);
}
