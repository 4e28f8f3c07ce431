/* sandcastle-exec-init: a native spare's view, before its request (as child.py's init) and the request's part. */
#include "exec_init.h"

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
 * The capability bounding set emptied (what any exec could gain; what the process holds stays), once, by the zygote:
 * each spare is its clone and inherits it, where each used to empty its own (64 calls per execution).
 */
int empty_bounding_set(void)
{
    for (int capability = 0; capability < 64; capability++)
        if (prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) && errno != EINVAL)
            return fail("drop bounding set", NULL);
    return 0;
}

/*
 * A native spare's view before its request, as child.py's init makes a plain spare's: the same mounts, in the same
 * order, with the same options; the signals pid 1 keeps at their defaults. Its bounding set is empty already (the
 * zygote's, see empty_bounding_set).
 */
int prepare_view(long long tmp_bytes)
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
    int defaults[] = {SIGCHLD, SIGTERM, SIGINT, SIGHUP};
    for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
        signal(defaults[i], SIG_DFL);
    return 0;
}

/*
 * A native spare, its view made: its first message says it is in its cgroup, which becomes the root of what the
 * program sees (child.py's init makes its cgroup namespace at the same point). The message (*first, NUL-ended) is
 * the caller's: a warm Node's order, or the word that the spare runs a command.
 */
int await_cgroup(char **first, uint32_t *length)
{
    int got = read_message(first, length);
    if (got == -1)
        return 125; /* The server ended before giving it a request. */
    if (got) {
        say("sandcastle: could not start the program: the request could not be read");
        return 125;
    }
    if (unshare(CLONE_NEWCGROUP))
        return fail("unshare cgroup", NULL);
    return 0;
}

int valid_name(const char *name)
{
    return *name && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

/* child.py's Child.mount_request_view. */
int mount_request_view(const struct request *request, long long made_tmp_bytes)
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

/* child.py's mount_snippets, for one file or (name NULL) none: a fresh, read-only /run/sandcastle, over the one there. */
int mount_snippet(const char *name, const char *data, size_t size)
{
    char options[96], path[4096];
    if (name && (!valid_name(name) || (size_t)snprintf(path, sizeof path, "%s/%s", SNIPPETS, name) >= sizeof path)) {
        say("sandcastle: could not start the program: invalid snippet file '%s'", name);
        return 125;
    }
    snprintf(options, sizeof options, "size=%zu,mode=755", (name ? size : 0) + EMPTY_SNIPPETS_BYTES);
    if (mount("tmpfs", SNIPPETS, "tmpfs", MS_NOSUID | MS_NODEV, options))
        return fail("mount", SNIPPETS);
    if (!name)
        return mount(NULL, SNIPPETS, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) ? fail("mount", SNIPPETS) : 0;
    int file = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (file < 0)
        return fail("open", path);
    for (size_t written = 0; written < size;) {
        ssize_t count = write(file, data + written, size - written);
        if (count < 0 && errno == EINTR)
            continue;
        if (count < 0) {
            int code = fail("write", path);
            close(file);
            return code;
        }
        written += (size_t)count;
    }
    if (close(file))
        return fail("close", path);
    if (mount(NULL, SNIPPETS, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL))
        return fail("mount", SNIPPETS);
    return 0;
}
