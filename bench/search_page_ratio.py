"""Time one page (the full response, through Django's test client, logged in as an editor) n times against the
database of DATABASE_URL; print the times in ms as JSON. A quick look at issue 11's search ratio without
bench/scale_bench.py's servers; alternate the two databases round by round (bench/README.md):

    export DATABASE_URL=postgresql://postgres:@/factcheck_bench?host=$PWD/.pgdata
    .venv/bin/python bench/search_page_ratio.py "/search/?q=grain+exports" 15
"""

import json
import os
import sys
import time

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("SECRET_KEY", "x")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
import django

django.setup()
from django.test import Client  # noqa: E402 - the app's modules need django.setup() first

from annotations import permissions  # noqa: E402 - after django.setup()
from annotations.selectors import users_with_roles  # noqa: E402 - after django.setup()

user = next(u for u in users_with_roles() if permissions.can_edit(u))
c = Client()
c.force_login(user)
url = sys.argv[1]
n = int(sys.argv[2])
r = c.get(url)
assert r.status_code == 200, r.status_code
times = []
for _ in range(n):
    s = time.perf_counter()
    r = c.get(url)
    times.append((time.perf_counter() - s) * 1000)
    assert r.status_code == 200
print(json.dumps(times))
