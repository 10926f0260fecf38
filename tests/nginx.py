"""A real nginx for the tests that follow old addresses (the redirect map kabar writes) and serve a site under a path.

It runs as this user, from a folder of its own, and includes each site's kabar-redirects.nginx.map with the map hash
sizes the map's first line gives, as the README says to.
"""

from __future__ import annotations

import getpass
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

CONF = """
daemon off;
user {user};
pid {run}/nginx.pid;
error_log {run}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    {hash_sizes}
    {maps}
    {servers}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(run: Path, publics: list[Path], servers: str, probe: str) -> subprocess.Popen:
    """nginx serving SERVERS (server blocks), with each of PUBLICS' redirect map included, from the folder RUN; once
    the address PROBE answers (or the test fails, saying why nginx did not start)."""
    nginx = shutil.which("nginx") or shutil.which("/usr/sbin/nginx")
    if nginx is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    run.mkdir(parents=True, exist_ok=True)
    sizes = [
        re.search(r"^# (map_hash_bucket_size \d+); (map_hash_max_size \d+);$", read_map, re.M).groups()
        for read_map in [(public / "kabar-redirects.nginx.map").read_text() for public in publics]
    ]
    hash_sizes = "\n".join(f"{max(values, key=lambda v: int(v.split()[1]))};" for values in zip(*sizes, strict=True))
    maps = "\n".join(f"include {public}/kabar-redirects.nginx.map;" for public in publics)
    conf = run / "nginx.conf"
    # Its workers run as this user (as root, nginx would switch to nobody, who cannot read pytest's folders).
    conf.write_text(CONF.format(user=getpass.getuser(), run=run, hash_sizes=hash_sizes, maps=maps, servers=servers))
    server = subprocess.Popen([nginx, "-c", str(conf), "-p", str(run)], stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            urllib.request.urlopen(probe)
            break
        except urllib.error.HTTPError:  # it answers
            break
        except urllib.error.URLError:
            if server.poll() is not None:
                pytest.fail(f"nginx did not start: {server.stderr.read().decode()}")
            time.sleep(0.05)
    return server
