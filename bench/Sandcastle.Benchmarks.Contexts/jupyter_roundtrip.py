"""Times `1+1` through a Jupyter kernel (ipykernel over ZeroMQ, jupyter_client), the same way the C# side times a
code context: send, wait for the result and the idle status, repeat. Prints one round trip per line, in ms."""
import sys
import time

from jupyter_client.manager import start_new_kernel

warmup, count = int(sys.argv[1]), int(sys.argv[2])
started = time.perf_counter()
manager, client = start_new_kernel(kernel_name="python3")
print(f"start {1000 * (time.perf_counter() - started):.1f}", flush=True)
try:
    for i in range(warmup + count):
        t0 = time.perf_counter()
        reply = client.execute_interactive("1+1", store_history=False, output_hook=lambda message: None, timeout=30)
        elapsed = 1000 * (time.perf_counter() - t0)
        assert reply["content"]["status"] == "ok"
        if i >= warmup:
            print(f"{elapsed:.4f}")
finally:
    client.stop_channels()
    manager.shutdown_kernel(now=True)
