/* sandcastle-exec-init's parts (see exec_init.c for what the program is): shared names and declarations. */
#ifndef SANDCASTLE_EXEC_INIT_H
#define SANDCASTLE_EXEC_INIT_H
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SANDBOXES "/run/sandcastle-sandboxes"
#define VOLUMES "/run/sandcastle-volumes"
#define SNIPPETS "/run/sandcastle"
#define FONTS "/run/sandcastle-fonts"
#define MPLCONFIGDIR "/tmp/.matplotlib"
#define EMPTY_SNIPPETS_BYTES 65536
#define REQUEST 3
#define MAX_REQUEST (64u << 20)

/* The request's fields, pointing into its buffer. */
struct request {
    const char *sandbox, *volume, *cwd;
    long long tmp_bytes, file_size_bytes;
    char **argv, **direct, **env;
    size_t argc, direct_count, env_count;
};

/* A warm Node's order (a native spare's first message, see node.c), pointing into its buffer. */
struct node_order {
    int command; /* Started for `node FILE` commands (its runs are requests, see parse_command_run), not snippets. */
    const char *bootstrap_name, *path;
    char **argv, **env;
    size_t argc, env_count;
    const char *bootstrap;
    size_t bootstrap_size;
};

/* A warm Node's run: the request's part of the view, the snippet, and what Node is handed (run: its JSON). */
struct node_run {
    struct request view;
    const char *file, *code, *run;
    size_t code_size, run_size;
};

/* exec_init.c: a line on stderr; a failed step's words (child.py's run_reporting), the execution ending with 125. */
void say(const char *format, ...) __attribute__((format(printf, 1, 2)));
int fail(const char *what, const char *target);

/* request.c: the messages on the request's socket (and to a warm Node), and the request's fields. */
int number(const char *text, long long *value);
int read_message(char **payload, uint32_t *length);
int parse(char *payload, size_t length, struct request *request, const char **rest);
int is_node_order(const char *payload, size_t length);
int parse_node_order(char *payload, size_t length, struct node_order *order);
int parse_node_run(char *payload, size_t length, struct node_run *run);
int parse_command_run(char *payload, size_t length, struct node_run *run);
int send_message(int fd, const char *data, size_t size);

/* view.c: the spare's view before its request, its cgroup namespace, the request's part of the view, a snippet. */
int empty_bounding_set(void);
int prepare_view(long long tmp_bytes);
int await_cgroup(char **first, uint32_t *length);
int mount_request_view(const struct request *request, long long made_tmp_bytes);
int valid_name(const char *name);
int mount_snippet(const char *name, const char *data, size_t size);

/* program.c: the request read and run as child.py runs an exec'd program, then reaped and its end told. */
int drop_privileges(struct sock_fprog *filter, int dumpable);
int end_execution(pid_t program);
char *direct_program(const struct request *request, char ***environment);
int run(long long made_tmp_bytes, struct sock_fprog *filter);
int run_program(const struct request *request, struct sock_fprog *filter);

/* node.c: a native spare warmed for a snippet or a `node FILE` command: Node started before the request, then handed its run. */
int warm_node(struct node_order *order, long long made_tmp_bytes, struct sock_fprog *filter);

#endif
