/*
 * sandcastle-exec-init: the native zygote, and pid 1 of each native spare it forks, which runs an exec'd command.
 *
 * A plain spare's pid 1 is a fork of the fork server's Python interpreter: the one a Python program runs in. A
 * command needs none of it, yet paid for it: the clone copied the interpreter's page tables, pid 1's interpreted
 * steps copied the pages they wrote, and its exit unmapped them all. A native spare is cloned from this small process
 * instead (zygote), and its pid 1 is this program: it makes the view no request decides, as child.py's init does
 * (prepare_view); its first message (the engine's WARM once it moved it into its cgroup, else the server's just
 * before its request) makes its cgroup namespace (await_cgroup); then it waits for the request and does, in the same
 * order and with the same rules as child.py, what the request decides: the workspace and the covers, the privilege
 * drop, the program (exec'd as bash would exec it, else bash), reaping, and telling the end on the request's socket.
 *
 * argv: [name, --zygote, the size /tmp and /dev/shm are made with, the descriptor holding the seccomp filter or -1],
 * the channel to the fork server on descriptor 3; or [name, --probe], answered with 0 (the fork server checks at its
 * start that this build runs here).
 * A spare's descriptors: 0-2 the execution's stdin, stdout and stderr; 3 the request's socket.
 * Messages on the request's socket: a little-endian u32 length, then as many bytes. The first is not read further.
 * The request (the fork server encodes it, protocol.write_exec_request): NUL-terminated fields: sandbox, volume (""
 * for none), tmpBytes, fileSizeBytes, cwd, then three counted lists (argv, direct words, environment as NAME=VALUE),
 * each its count then its items.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
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

static void say(const char *format, ...)
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
static int fail(const char *what, const char *target)
{
    int error = errno;
    if (target)
        say("sandcastle: could not start the program: [Errno %d] %s %s: %s", error, what, target, strerror(error));
    else
        say("sandcastle: could not start the program: [Errno %d] %s: %s", error, what, strerror(error));
    return 125;
}

static int read_exactly(int fd, char *buffer, size_t count)
{
    while (count > 0) {
        ssize_t got = read(fd, buffer, count);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        buffer += got;
        count -= (size_t)got;
    }
    return 0;
}

/* The request's fields, pointing into its buffer. */
struct request {
    const char *sandbox, *volume, *cwd;
    long long tmp_bytes, file_size_bytes;
    char **argv, **direct, **env;
    size_t argc, direct_count, env_count;
};

struct cursor {
    char *at, *end;
};

static const char *field(struct cursor *cursor)
{
    char *start = cursor->at;
    char *nul = memchr(start, '\0', (size_t)(cursor->end - start));
    if (!nul)
        return NULL;
    cursor->at = nul + 1;
    return start;
}

static int list(struct cursor *cursor, char ***items, size_t *count)
{
    const char *counted = field(cursor);
    if (!counted)
        return -1;
    char *end;
    unsigned long n = strtoul(counted, &end, 10);
    if (*end || n > (size_t)(cursor->end - cursor->at))
        return -1;
    *items = calloc(n + 1, sizeof **items);
    if (!*items)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *item = field(cursor);
        if (!item)
            return -1;
        (*items)[i] = (char *)item;
    }
    *count = n;
    return 0;
}

/* A whole decimal number, at least 0: anything else is refused, never read as 0 (size=0 is an unlimited tmpfs). */
static int number(const char *text, long long *value)
{
    char *end;
    errno = 0;
    *value = strtoll(text, &end, 10);
    return *text && !*end && !errno && *value >= 0 ? 0 : -1;
}

static int parse(char *payload, size_t length, struct request *request)
{
    struct cursor cursor = {payload, payload + length};
    const char *tmp, *fsize;
    if (!(request->sandbox = field(&cursor)) || !(request->volume = field(&cursor)) || !(tmp = field(&cursor))
        || !(fsize = field(&cursor)) || !(request->cwd = field(&cursor)))
        return -1;
    if (number(tmp, &request->tmp_bytes) || number(fsize, &request->file_size_bytes))
        return -1;
    if (list(&cursor, &request->argv, &request->argc) || list(&cursor, &request->direct, &request->direct_count)
        || list(&cursor, &request->env, &request->env_count) || request->argc == 0)
        return -1;
    return 0;
}

static int valid_name(const char *name)
{
    return *name && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

/* child.py's Child.mount_request_view. */
static int mount_request_view(const struct request *request, long long made_tmp_bytes)
{
    char workspace[4096];
    if (!valid_name(request->sandbox)) {
        say("sandcastle: could not start the program: invalid sandbox '%s'", request->sandbox);
        return 125;
    }
    if (*request->volume && !valid_name(request->volume)) {
        say("sandcastle: could not start the program: invalid volume '%s'", request->volume);
        return 125;
    }
    int length = *request->volume ? snprintf(workspace, sizeof workspace, "%s/%s", VOLUMES, request->volume)
                                  : snprintf(workspace, sizeof workspace, "%s/%s/workspace", SANDBOXES, request->sandbox);
    if (length < 0 || (size_t)length >= sizeof workspace) {
        say("sandcastle: could not start the program: invalid sandbox '%s'", request->sandbox);
        return 125;
    }
    if (mount(workspace, "/workspace", NULL, MS_BIND | MS_REC, NULL))
        return fail("mount", "/workspace");
    const char *covered[] = {SANDBOXES, VOLUMES};
    for (int i = 0; i < 2; i++)
        if (mount("tmpfs", covered[i], "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=000"))
            return fail("mount", covered[i]);
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
        return fail("mount", "/");
    if (request->tmp_bytes != made_tmp_bytes) {
        char size[64];
        snprintf(size, sizeof size, "size=%lld", request->tmp_bytes);
        if (mount(NULL, "/tmp", NULL, MS_REMOUNT | MS_NOSUID | MS_NODEV, size))
            return fail("mount", "/tmp");
        if (mount(NULL, "/dev/shm", NULL, MS_REMOUNT | MS_NOSUID | MS_NODEV | MS_NOEXEC, size))
            return fail("mount", "/dev/shm");
    }
    return 0;
}

/* native.py's drop_privileges, then not dumpable (see child.py's run_program). */
static int drop_privileges(struct sock_fprog *filter)
{
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2] = {{0}};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
        return fail("no_new_privs", NULL);
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0))
        return fail("clear ambient capabilities", NULL);
    if (syscall(SYS_capset, &header, data))
        return fail("capset", NULL);
    if (filter && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, filter, 0, 0))
        return fail("seccomp", NULL);
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
        return fail("dumpable", NULL);
    return 0;
}

static const char *getenv_of(char **env, size_t count, const char *name)
{
    size_t length = strlen(name);
    for (size_t i = 0; i < count; i++)
        if (!strncmp(env[i], name, length) && env[i][length] == '=')
            return env[i] + length + 1;
    return NULL;
}

/* child.py's executable: 1 an executable regular file, 0 what bash's search passes over, -1 anything else. */
static int executable(const char *path)
{
    struct stat status;
    if (stat(path, &status) || S_ISDIR(status.st_mode) || access(path, X_OK))
        return 0;
    return S_ISREG(status.st_mode) ? 1 : -1;
}

static const char *const BASH_READS[] = {
    "SHELLOPTS", "POSIXLY_CORRECT", "EXECIGNORE", "OLDPWD", "IFS", "OPTIND", "OPTERR", "PPID", "RANDOM", "SRANDOM",
    "LINENO", "EPOCHSECONDS", "EPOCHREALTIME", "HISTCMD", "COMP_WORDBREAKS", "PS1", "PS2", "PS4", NULL};
static const char *const BUILT_IN_LOCALES[] = {"C", "POSIX", "C.UTF-8", "C.utf8", NULL};

static int listed(const char *const *names, const char *name, size_t length)
{
    for (; *names; names++)
        if (strlen(*names) == length && !strncmp(*names, name, length))
            return 1;
    return 0;
}

/* Sets NAME=VALUE in place, or appends it (as Python's dict(environment, NAME=VALUE) orders it); env has room. */
static int set_env(char **env, size_t *count, const char *name, const char *value)
{
    size_t length = strlen(name);
    char *entry = malloc(length + strlen(value) + 2);
    if (!entry)
        return -1;
    sprintf(entry, "%s=%s", name, value);
    for (size_t i = 0; i < *count; i++)
        if (!strncmp(env[i], name, length) && env[i][length] == '=') {
            env[i] = entry;
            return 0;
        }
    env[(*count)++] = entry;
    env[*count] = NULL;
    return 0;
}

/*
 * child.py's direct_program: the path bash would exec for the direct words, with the environment bash would give it
 * (*environment: the request's, SHLVL and _ set); NULL when bash is to run the command.
 */
static char *direct_program(const struct request *request, char ***environment)
{
    if (request->direct_count == 0)
        return NULL;
    for (size_t i = 0; i < request->env_count; i++) {
        const char *entry = request->env[i];
        size_t length = strcspn(entry, "=");
        if (!strncmp(entry, "BASH", 4) || listed(BASH_READS, entry, length))
            return NULL;
    }
    const char *locale = getenv_of(request->env, request->env_count, "LC_ALL");
    if (locale && !listed(BUILT_IN_LOCALES, locale, strlen(locale)))
        return NULL;
    const char *pwd = getenv_of(request->env, request->env_count, "PWD");
    if (!pwd || strcmp(pwd, request->cwd))
        return NULL;
    const char *level = getenv_of(request->env, request->env_count, "SHLVL");
    if (!level)
        level = "0";
    size_t digits = strspn(level, "0123456789");
    if (!*level || level[digits] || (strcmp(level, "0") && level[0] == '0') || digits > 3 || atoi(level) > 998)
        return NULL;
    const char *name = request->direct[0];
    char *path = NULL;
    if (strchr(name, '/')) {
        if (executable(name) == 1)
            path = strdup(name);
    } else {
        const char *search = getenv_of(request->env, request->env_count, "PATH");
        if (!search)
            search = ":";
        for (const char *directory = search;;) {
            size_t length = strcspn(directory, ":");
            if (length == 0 || directory[0] != '/')
                return NULL; /* Bash's default PATH, or a relative entry: bash's to search. */
            char *candidate = malloc(length + strlen(name) + 2);
            if (!candidate)
                return NULL;
            memcpy(candidate, directory, length);
            size_t at = length;
            if (candidate[at - 1] != '/')
                candidate[at++] = '/';
            strcpy(candidate + at, name);
            int found = executable(candidate);
            if (found == -1) {
                free(candidate);
                return NULL; /* Bash would pick it and fail on it, in its own words. */
            }
            if (found == 1) {
                path = candidate;
                break;
            }
            free(candidate);
            if (!directory[length])
                break;
            directory += length + 1;
        }
    }
    if (!path)
        return NULL;
    size_t count = request->env_count;
    char **env = calloc(count + 3, sizeof *env);
    if (!env)
        return NULL;
    memcpy(env, request->env, count * sizeof *env);
    if (set_env(env, &count, "SHLVL", level) || set_env(env, &count, "_", path))
        return NULL;
    *environment = env;
    return path;
}

static pid_t spawn(const char *path, char **argv, char **env)
{
    posix_spawnattr_t attributes;
    sigset_t all;
    pid_t pid;
    posix_spawnattr_init(&attributes);
    sigfillset(&all);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF);
    int error = posix_spawn(&pid, path, NULL, &attributes, argv, env);
    posix_spawnattr_destroy(&attributes);
    if (error) {
        errno = error;
        return -1;
    }
    return pid;
}

/* child.py's end_execution: waits for the program, kills what it left, tells its exit code on the request socket. */
static int end_execution(pid_t program)
{
    int status, code = 0;
    for (;;) {
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0 && errno == EINTR)
            continue;
        if (pid < 0)
            return 125; /* Cannot be (the program is this process's child); the server then goes by the exit status. */
        if (pid == program) {
            code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
            break;
        }
    }
    for (;;) {
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid < 0)
            break; /* No process but this one is left. */
        if (pid == 0 && kill(-1, SIGKILL) == 0)
            waitpid(-1, &status, 0);
    }
    uint32_t report = (uint32_t)code;
    unsigned char bytes[4] = {report & 0xff, (report >> 8) & 0xff, (report >> 16) & 0xff, report >> 24};
    ssize_t ignored = write(REQUEST, bytes, sizeof bytes);
    (void)ignored;
    return code;
}

/* One message on the request's socket: its length, then as many bytes (*payload, NUL-ended); -1 at its end. */
static int read_message(char **payload, uint32_t *length)
{
    unsigned char header[4];
    if (read_exactly(REQUEST, (char *)header, sizeof header))
        return -1;
    *length = header[0] | header[1] << 8 | header[2] << 16 | (uint32_t)header[3] << 24;
    *payload = *length <= MAX_REQUEST ? malloc(*length + 1) : NULL;
    if (!*payload || read_exactly(REQUEST, *payload, *length))
        return -2;
    (*payload)[*length] = '\0';
    return 0;
}

static int run(long long made_tmp_bytes, struct sock_fprog *filter)
{
    char *payload;
    uint32_t length;
    struct request request = {0};
    int got = read_message(&payload, &length);
    if (got == -1)
        return 125; /* The server ended before giving it a request. */
    if (got || parse(payload, length, &request)) {
        say("sandcastle: could not start the program: the request could not be read");
        return 125;
    }
    /* Kept to tell the program's end on (see end_execution); no program inherits it. */
    if (fcntl(REQUEST, F_SETFD, FD_CLOEXEC))
        return fail("fcntl", NULL);
    int code = mount_request_view(&request, made_tmp_bytes);
    if (code)
        return code;
    if ((code = drop_privileges(filter)))
        return code;
    struct rlimit fsize = {(rlim_t)request.file_size_bytes, (rlim_t)request.file_size_bytes}, core = {0, 0};
    if (setrlimit(RLIMIT_FSIZE, &fsize))
        return fail("setrlimit", NULL);
    if (setrlimit(RLIMIT_CORE, &core))
        return fail("setrlimit", NULL);
    if (chdir(request.cwd)) {
        int error = errno;
        say("sandcastle: could not start the program: [Errno %d] %s: '%s'", error, strerror(error), request.cwd);
        return 125;
    }
    pid_t program = -1;
    char **direct_env = NULL;
    char *path = direct_program(&request, &direct_env);
    if (path)
        program = spawn(path, request.direct, direct_env); /* On failure bash tries it again, in its own words. */
    if (program < 0 && (program = spawn(request.argv[0], request.argv, request.env)) < 0) {
        say("sandcastle: %s: %s", request.argv[0], strerror(errno));
        return 127;
    }
    /* The output ends when the program's tree lets go of it, not when pid 1 has finished exiting. */
    close(0);
    close(1);
    close(2);
    return end_execution(program);
}

static int mount_tmpfs(const char *target, unsigned long flags, const char *options)
{
    return mount("tmpfs", target, "tmpfs", flags, options) ? fail("mount", target) : 0;
}

/* child.py's bind_font_cache: matplotlib's prebuilt font list, bound into MPLCONFIGDIR (a bind keeps its read-only flag). */
static int bind_font_cache(void)
{
    DIR *fonts = opendir(FONTS);
    if (!fonts)
        return 0;
    int made = 0, code = 0;
    for (struct dirent *entry; !code && (entry = readdir(fonts));) {
        if (strncmp(entry->d_name, "fontlist-", 9))
            continue;
        char source[512], target[512];
        if ((size_t)snprintf(source, sizeof source, "%s/%s", FONTS, entry->d_name) >= sizeof source
            || (size_t)snprintf(target, sizeof target, "%s/%s", MPLCONFIGDIR, entry->d_name) >= sizeof target)
            continue;
        if (!made++ && mkdir(MPLCONFIGDIR, 0755)) {
            code = fail("mkdir", MPLCONFIGDIR);
            break;
        }
        int file = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (file < 0 || close(file))
            code = fail("open", target);
        else if (mount(source, target, NULL, MS_BIND, NULL))
            code = fail("mount", target);
    }
    closedir(fonts);
    return code;
}

/* native.py's bring_up_loopback: the network namespace's own loopback device, down until raised. */
static int bring_up_loopback(void)
{
    int probe = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq device = {0};
    strcpy(device.ifr_name, "lo");
    int failed = probe < 0 || ioctl(probe, SIOCGIFFLAGS, &device);
    if (!failed) {
        device.ifr_flags |= IFF_UP;
        failed = ioctl(probe, SIOCSIFFLAGS, &device);
    }
    int error = errno;
    if (probe >= 0)
        close(probe);
    errno = error;
    return failed ? fail("bring up loopback", NULL) : 0;
}

/*
 * A native spare's view before its request, as child.py's init makes a plain spare's: the same mounts, in the same
 * order, with the same options; the bounding set emptied; the signals pid 1 keeps at their defaults.
 */
static int prepare_view(long long tmp_bytes)
{
    char sized[96];
    int code;
    /* Slave, not yet private: a workspace volume the engine mounts after this spare was made must still reach it. */
    if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL))
        return fail("mount", "/");
    if ((code = bring_up_loopback()))
        return code;
    snprintf(sized, sizeof sized, "size=%lld,mode=1777", tmp_bytes);
    if ((code = mount_tmpfs("/tmp", MS_NOSUID | MS_NODEV, sized))
        || (code = mount_tmpfs("/dev/shm", MS_NOSUID | MS_NODEV | MS_NOEXEC, sized)))
        return code;
    snprintf(sized, sizeof sized, "size=%d,mode=755", EMPTY_SNIPPETS_BYTES);
    if ((code = mount_tmpfs(SNIPPETS, MS_RDONLY | MS_NOSUID | MS_NODEV, sized)))
        return code;
    if (mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620"))
        return fail("mount", "/dev/pts");
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
        return fail("mount", "/proc");
    if ((code = bind_font_cache()))
        return code;
    for (int capability = 0; capability < 64; capability++)
        if (prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) && errno != EINVAL)
            return fail("drop bounding set", NULL);
    int defaults[] = {SIGCHLD, SIGTERM, SIGINT, SIGHUP};
    for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
        signal(defaults[i], SIG_DFL);
    return 0;
}

/*
 * A native spare, its view made: its first message says it is in its cgroup, which becomes the root of what the
 * program sees (child.py's init makes its cgroup namespace at the same point).
 */
static int await_cgroup(void)
{
    char *payload;
    uint32_t length;
    int got = read_message(&payload, &length);
    if (got == -1)
        return 125; /* The server ended before giving it a request. */
    if (got) {
        say("sandcastle: could not start the program: the request could not be read");
        return 125;
    }
    free(payload);
    if (unshare(CLONE_NEWCGROUP))
        return fail("unshare cgroup", NULL);
    return 0;
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
    int code = prepare_view(tmp_bytes);
    if (code || (code = await_cgroup()))
        return code;
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
    return zygote(made_tmp_bytes, loaded);
}
