/* sandcastle-exec-init: the request run as child.py runs an exec'd program, reaped, and its end told. */
#include "exec_init.h"

/* native.py's drop_privileges, then (unless dumpable) not dumpable, as child.py's run_program drops pid 1's. */
int drop_privileges(struct sock_fprog *filter, int dumpable)
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
    if (!dumpable && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
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
char *direct_program(const struct request *request, char ***environment)
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
int end_execution(pid_t program)
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

int run(long long made_tmp_bytes, struct sock_fprog *filter)
{
    char *payload;
    uint32_t length;
    struct request request = {0};
    int got = read_message(&payload, &length);
    if (got == -1)
        return 125; /* The server ended before giving it a request. */
    if (got || parse(payload, length, &request, NULL)) {
        say("sandcastle: could not start the program: the request could not be read");
        return 125;
    }
    /* Kept to tell the program's end on (see end_execution); no program inherits it. */
    if (fcntl(REQUEST, F_SETFD, FD_CLOEXEC))
        return fail("fcntl", NULL);
    int code = mount_request_view(&request, made_tmp_bytes);
    if (code)
        return code;
    return run_program(&request, filter);
}

/* child.py's Child.run_program for an exec'd program, once the request's part of the view is made. */
int run_program(const struct request *request, struct sock_fprog *filter)
{
    int code;
    if ((code = drop_privileges(filter, 0)))
        return code;
    struct rlimit fsize = {(rlim_t)request->file_size_bytes, (rlim_t)request->file_size_bytes}, core = {0, 0};
    if (setrlimit(RLIMIT_FSIZE, &fsize))
        return fail("setrlimit", NULL);
    if (setrlimit(RLIMIT_CORE, &core))
        return fail("setrlimit", NULL);
    if (chdir(request->cwd)) {
        int error = errno;
        say("sandcastle: could not start the program: [Errno %d] %s: '%s'", error, strerror(error), request->cwd);
        return 125;
    }
    pid_t program = -1;
    char **direct_env = NULL;
    char *path = direct_program(request, &direct_env);
    if (path)
        program = spawn(path, request->direct, direct_env); /* On failure bash tries it again, in its own words. */
    if (program < 0 && (program = spawn(request->argv[0], request->argv, request->env)) < 0) {
        say("sandcastle: %s: %s", request->argv[0], strerror(errno));
        return 127;
    }
    /* The output ends when the program's tree lets go of it, not when pid 1 has finished exiting. */
    close(0);
    close(1);
    close(2);
    return end_execution(program);
}
