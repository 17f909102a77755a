"""The real AWS CLI (v1, the awscli package), imported once and forked for each call.

Starting the CLI costs about a second, most of it Python importing botocore; the script tests
call it hundreds of times. This server imports it once; for each call the client (aws-client.py,
first on the scripts' PATH as `aws`) passes its arguments, environment, working directory and
its three standard streams, and a forked child runs the CLI's own main() with them, exactly as
`aws` would, then sends back the exit code. Nothing of one call reaches the next: each runs in a
fresh child of the server, which itself never runs a command.

Usage: python3 fork-server.py SOCKET   (prints "ready" once it accepts calls)
"""
import importlib
import json
import os
import signal
import socket
import struct
import sys
import traceback

import awscli
import awscli.clidriver

ORIGINAL_STDERR = os.fdopen(os.dup(2), "w")


def receive_call(conn):
    header, fds, _, _ = socket.recv_fds(conn, 8, 3)
    length = struct.unpack("!Q", header)[0]
    payload = bytearray()
    while len(payload) < length:
        chunk = conn.recv(length - len(payload))
        if not chunk:
            raise EOFError("the client went away before its call was read")
        payload += chunk
    return json.loads(payload), fds


def run_call(conn):
    call, fds = receive_call(conn)
    for number, fd in enumerate(fds):
        os.dup2(fd, number)
        os.close(fd)
    os.chdir(call["cwd"])
    os.environ.clear()
    os.environ.update(call["env"])
    # awscli/__init__.py builds AWS_DATA_PATH from the environment when it is imported: do it again
    # with the caller's environment, as a CLI started by the caller would.
    importlib.reload(awscli)
    sys.argv = ["aws"] + call["args"]
    try:
        code = awscli.clidriver.main()
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    conn.sendall(struct.pack("!i", code or 0))


def serve(path):
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(64)
    print("ready", flush=True)
    while True:
        conn, _ = server.accept()
        if os.fork() == 0:
            server.close()
            try:
                run_call(conn)
            except BaseException:  # the caller sees no exit code and says so; the reason goes to the server's log
                traceback.print_exc(file=ORIGINAL_STDERR)
                ORIGINAL_STDERR.flush()
            finally:
                os._exit(0)
        conn.close()


if __name__ == "__main__":
    serve(sys.argv[1])
