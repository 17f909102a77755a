"""`aws` for the script tests: hands this call to the AWS CLI fork server (fork-server.py) named by
AWS_CLI_SERVER, with this process's arguments, environment, working directory and standard
streams, and exits with the CLI's exit code. Only the standard library: it starts in milliseconds."""
import json
import os
import socket
import struct
import sys

conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
conn.connect(os.environ["AWS_CLI_SERVER"])
payload = json.dumps({"args": sys.argv[1:], "env": dict(os.environ), "cwd": os.getcwd()}).encode()
socket.send_fds(conn, [struct.pack("!Q", len(payload))], [0, 1, 2])
conn.sendall(payload)
answer = b""
while len(answer) < 4:
    chunk = conn.recv(4 - len(answer))
    if not chunk:
        log = os.environ.get("AWS_CLI_SERVER_LOG", "the server's standard error")
        sys.stderr.write(f"aws: the AWS CLI fork server ended this call without an exit code (see {log})\n")
        sys.exit(255)
    answer += chunk
sys.exit(struct.unpack("!i", answer)[0])
