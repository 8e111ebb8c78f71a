"""A small HTTP load generator, run in a process of its own (not the one that measures).

    python -m bench.load --port 8000 --path /roster --cookie "session=..." \\
        --concurrency 4 --seconds 5

Each of ``concurrency`` threads sends GET requests one after another over a keep-alive
connection (http.client opens a new one when the server closes it, as gunicorn's sync
workers do after every response) until the time is up, and notes each request's latency.
Prints one JSON object: requests, errors, seconds, latencies in ms. Only 127.0.0.1.
"""

import argparse
import http.client
import json
import threading
import time


def worker(port: int, path: str, cookie: str, until: float, out: list, errors: list) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie, "Connection": "keep-alive"}
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
            if response.will_close:
                connection.close()
        except (OSError, http.client.HTTPException):
            connection.close()
            ok = False
        if ok:
            out.append((time.perf_counter() - started) * 1000)
        else:
            errors.append(1)
    connection.close()


def run(port: int, path: str, cookie: str, concurrency: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[int] = []
    started = time.perf_counter()
    until = started + seconds
    threads = [
        threading.Thread(target=worker, args=(port, path, cookie, until, latencies, errors))
        for _ in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "seconds": time.perf_counter() - started,
        "latencies_ms": latencies,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--cookie", default="")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    print(json.dumps(run(args.port, args.path, args.cookie, args.concurrency, args.seconds)))


if __name__ == "__main__":
    main()
