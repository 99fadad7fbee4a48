"""Starts Synapse for the federated test world (test/support/federation.ts) with its own name
resolution, so `stadt.test` and `polizei.test` need neither /etc/hosts nor DNS.

    python fed-launcher.py PARENT_PID -c homeserver.yaml
    env LAGEBOT_FED_HOSTS='{"stadt.test": 40123, "polizei.test": 40124}'

Like the launcher in synapse.ts it first sets the parent-death signal (the kernel kills Synapse
when the Node process that started it dies) and checks that the parent is still the one that
spawned it. Then, before Twisted or Synapse is imported:

- `socket.getaddrinfo(name, any port)` for a listed name answers 127.0.0.1 and that name's port
  (IPv4 only). Twisted's GAIResolver, which Synapse installs as the reactor's name resolver, binds
  `socket.getaddrinfo` when it is imported, hence the patch comes first. Synapse's IP blocklist
  still applies to the answer (the test config allows 127.0.0.1 explicitly).
- SRV lookups (`_matrix-fed._tcp.NAME`, `_matrix._tcp.NAME`) for listed names answer "no records"
  at once instead of asking DNS (which, without a resolver, may wait for its timeouts).

Every other name resolves as usual. Synapse's federation agent then does what it does for any
server name without a port: GET https://NAME/.well-known/matrix/server (port 443, mapped like any
port: the federation listener answers 404, so no delegation), no SRV records, connect to NAME:8448,
with TLS verified against `federation_custom_ca_list` and the certificate's SAN checked against
NAME. Finally Synapse runs in this process (runpy), so the pid is Synapse's, as with exec.
"""

import ctypes
import json
import os
import signal
import socket
import sys

try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
except Exception:
    pass
if os.getppid() != int(sys.argv[1]):
    sys.exit(70)

HOSTS = {str(k).lower(): int(v) for k, v in json.loads(os.environ["LAGEBOT_FED_HOSTS"]).items()}

_real_getaddrinfo = socket.getaddrinfo


def _listed(host: object) -> str | None:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return None
    host = host.lower().rstrip(".")
    return host if host in HOSTS else None


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):  # noqa: A002 (socket's own names)
    name = _listed(host)
    if name is None:
        return _real_getaddrinfo(host, port, family, type, proto, flags)
    if family not in (0, socket.AF_INET):
        raise socket.gaierror(socket.EAI_NONAME, f"{name}: IPv4 only in the test world")
    socktype = type or socket.SOCK_STREAM
    protocol = proto or (socket.IPPROTO_UDP if socktype == socket.SOCK_DGRAM else socket.IPPROTO_TCP)
    return [(socket.AF_INET, socktype, protocol, "", ("127.0.0.1", HOSTS[name]))]


socket.getaddrinfo = getaddrinfo

from synapse.http.federation import srv_resolver  # noqa: E402 (after the patch on purpose)

_real_resolve_service = srv_resolver.SrvResolver.resolve_service


async def resolve_service(self, service_name: bytes):
    labels = service_name.decode("ascii", "replace").lower().rstrip(".").split(".")
    # _matrix-fed._tcp.<name> / _matrix._tcp.<name>
    if len(labels) > 2 and labels[1] == "_tcp" and _listed(".".join(labels[2:])) is not None:
        return []
    return await _real_resolve_service(self, service_name)


srv_resolver.SrvResolver.resolve_service = resolve_service

import runpy  # noqa: E402

sys.argv = ["synapse.app.homeserver"] + sys.argv[2:]
runpy.run_module("synapse.app.homeserver", run_name="__main__", alter_sys=True)
