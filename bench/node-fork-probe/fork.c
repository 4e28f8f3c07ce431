/*
 * The node-fork probe's addon (see probe.js): fork an initialized Node, and end a child without Node's teardown.
 * Not part of Sandcastle; it measures what a Node zygote would save, and shows what stands in its way.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <node_api.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <uv.h>

/* V8 marks its heap MADV_DONTFORK: without this a child has no heap and faults at once. */
static void copy_every_mapping_on_fork(void)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    char line[512];
    unsigned long start, end;
    if (maps == NULL)
        return;
    while (fgets(line, sizeof line, maps) != NULL)
        if (sscanf(line, "%lx-%lx", &start, &end) == 2)
            madvise((void *)start, end - start, MADV_DOFORK);
    fclose(maps);
}

static napi_value fork_node(napi_env env, napi_callback_info info)
{
    napi_value result;
    copy_every_mapping_on_fork();
    pid_t pid = fork();
    if (pid == 0)
        uv_loop_fork(uv_default_loop()); /* the child's own epoll instance and signal pipe */
    napi_create_int32(env, pid, &result);
    return result;
}

/* V8's worker threads are not in the child: Node's own exit would wait for them for ever. */
static napi_value exit_now(napi_env env, napi_callback_info info)
{
    size_t count = 1;
    napi_value argument;
    int32_t code = 0;
    napi_get_cb_info(env, info, &count, &argument, NULL, NULL);
    if (count > 0)
        napi_get_value_int32(env, argument, &code);
    _exit(code);
}

static napi_value wait_child(napi_env env, napi_callback_info info)
{
    int status = 0;
    napi_value result;
    napi_create_int32(env, waitpid(-1, &status, 0) > 0 ? status : -1, &result);
    return result;
}

/* A pipe for a child's output, and its stdout moved onto it (Node has neither pipe() nor dup2()). */
static napi_value make_pipe(napi_env env, napi_callback_info info)
{
    int fds[2] = {-1, -1};
    napi_value result, end;
    if (pipe2(fds, O_CLOEXEC) != 0)
        napi_throw_error(env, NULL, "pipe2 failed");
    napi_create_array_with_length(env, 2, &result);
    for (uint32_t i = 0; i < 2; i++) {
        napi_create_int32(env, fds[i], &end);
        napi_set_element(env, result, i, end);
    }
    return result;
}

static napi_value stdout_to(napi_env env, napi_callback_info info)
{
    size_t count = 1;
    napi_value argument;
    int32_t fd = -1;
    napi_get_cb_info(env, info, &count, &argument, NULL, NULL);
    napi_get_value_int32(env, argument, &fd);
    if (dup2(fd, 1) < 0)
        napi_throw_error(env, NULL, "dup2 failed");
    return NULL;
}

static napi_value init(napi_env env, napi_value exports)
{
    napi_value function;
    napi_create_function(env, "fork", NAPI_AUTO_LENGTH, fork_node, NULL, &function);
    napi_set_named_property(env, exports, "fork", function);
    napi_create_function(env, "exit", NAPI_AUTO_LENGTH, exit_now, NULL, &function);
    napi_set_named_property(env, exports, "exit", function);
    napi_create_function(env, "wait", NAPI_AUTO_LENGTH, wait_child, NULL, &function);
    napi_set_named_property(env, exports, "wait", function);
    napi_create_function(env, "pipe", NAPI_AUTO_LENGTH, make_pipe, NULL, &function);
    napi_set_named_property(env, exports, "pipe", function);
    napi_create_function(env, "stdoutTo", NAPI_AUTO_LENGTH, stdout_to, NULL, &function);
    napi_set_named_property(env, exports, "stdoutTo", function);
    return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
