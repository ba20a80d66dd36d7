#!/usr/bin/env python3
"""rss_report.py CSV [SVG] - the soak test's RSS samples: a table, a trend
and a verdict, and optionally an SVG plot (Python 3 standard library).

CSV lines: seconds,rss_kib[,requests_so_far[,heap_in_use_kib,heap_free_kib
[,sqlite_kib,state_cache_kib]]] (the heap columns from /metrics: glibc's
mallinfo2, so live data can be told from memory malloc holds free, and of
the live data SQLite's part and the learner-state cache's).  The first WARMUP seconds
(default 60: caches, the learner-state cache, SQLite's page cache fill
up) are left out of the trend.  The trend is the least-squares slope of
RSS over the rest, in MiB per 10 minutes; "noise" is the standard
deviation of the samples around that line.  Verdict: growth beyond noise
when the fitted rise over the measured span exceeds max(2 MiB, 3 x
noise), else flat.
"""
import math
import os
import sys

WARMUP = int(os.environ.get("SOAK_WARMUP", "60"))  # seconds not fitted


def load(path):
    rows = []
    for line in open(path):
        f = line.strip().split(",")
        if len(f) >= 2 and f[0][0].isdigit():
            heap = tuple(float(x) / 1024.0 for x in f[3:7] if x) \
                if len(f) > 4 and f[3] and f[4] else None
            rows.append((float(f[0]), float(f[1]) / 1024.0,
                         int(f[2]) if len(f) > 2 and f[2] else None, heap))
    return rows


def fit(pts):
    n = len(pts)
    mx = sum(p[0] for p in pts) / n
    my = sum(p[1] for p in pts) / n
    sxx = sum((p[0] - mx) ** 2 for p in pts) or 1.0
    b = sum((p[0] - mx) * (p[1] - my) for p in pts) / sxx
    a = my - b * mx
    res = math.sqrt(sum((p[1] - a - b * p[0]) ** 2 for p in pts) / max(1, n - 2))
    return a, b, res


def svg(rows, a, b, path):
    w, h, l, r, t, bt = 640, 300, 60, 20, 20, 40
    xs = [p[0] for p in rows]
    ys = [p[1] for p in rows]
    x0, x1 = 0, max(xs) or 1
    lo, hi = min(ys), max(ys)
    pad = max(2.0, (hi - lo) * 0.2)
    y0, y1 = math.floor(lo - pad), math.ceil(hi + pad)

    def X(x):
        return l + (x - x0) / (x1 - x0) * (w - l - r)

    def Y(y):
        return h - bt - (y - y0) / (y1 - y0) * (h - t - bt)

    o = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
         'font-family="sans-serif" font-size="11">' % (w, h),
         '<rect width="100%" height="100%" fill="white"/>',
         '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' %
         (l, h - bt, w - r, h - bt),
         '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' %
         (l, t, l, h - bt)]
    for i in range(6):
        yv = y0 + (y1 - y0) * i / 5
        o.append('<text x="%d" y="%.1f" text-anchor="end">%.0f</text>' %
                 (l - 4, Y(yv) + 4, yv))
    step = max(10, int(round(x1 / 6.0 / 10.0)) * 10)
    for xv in range(0, int(x1) + 1, step):
        o.append('<text x="%.1f" y="%d" text-anchor="middle">%d</text>' %
                 (X(xv), h - bt + 14, xv))
    o.append('<text x="%d" y="%d" text-anchor="middle">seconds</text>' %
             ((w + l) / 2, h - 6))
    o.append('<text x="12" y="%d" transform="rotate(-90 12 %d)" '
             'text-anchor="middle">RSS (MiB)</text>' % (h / 2, h / 2))
    o.append('<polyline fill="none" stroke="#1f77b4" stroke-width="1.5" '
             'points="%s"/>' % " ".join("%.1f,%.1f" % (X(p[0]), Y(p[1]))
                                        for p in rows))
    o.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#d62728" '
             'stroke-dasharray="4 3"/>' % (X(WARMUP), Y(a + b * WARMUP),
                                           X(x1), Y(a + b * x1)))
    o.append('<text x="%d" y="%d">tutor serve RSS during the soak '
             '(dashed: trend after %d s)</text>' % (l + 6, t + 10, WARMUP))
    o.append('</svg>')
    with open(path, "w") as f:
        f.write("\n".join(o) + "\n")


def heap_trend(steady):
    """The trends of heap in use and heap held free, when sampled."""
    pts = [p for p in steady if p[3]]
    if len(pts) < 4:
        return
    names = ("heap in use", "heap held free", "SQLite", "state cache")
    for i, name in enumerate(names[:len(pts[0][3])]):
        _, b, res = fit([(p[0], p[3][i]) for p in pts])
        print("%s: %.1f -> %.1f MiB, trend %+.2f MiB per 10 min "
              "(noise %.2f)" % (name, pts[0][3][i], pts[-1][3][i], b * 600,
                                res))


def main():
    rows = load(sys.argv[1])
    if len(rows) < 4:
        sys.exit("rss_report: too few samples")
    steady = [p for p in rows if p[0] >= WARMUP] or rows
    a, b, res = fit(steady)
    span = steady[-1][0] - steady[0][0]
    rise = b * span
    limit = max(2.0, 3 * res)
    print("| t (s) | RSS (MiB) | requests so far | heap in use (MiB) "
          "| heap free (MiB) | SQLite (MiB) | state cache (MiB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for p in rows:
        extra = ["%.1f" % v for v in (p[3] or ())]
        extra += [""] * (4 - len(extra))
        print("| %.0f | %.1f | %s | %s |" % (
            p[0], p[1], "" if p[2] is None else p[2], " | ".join(extra)))
    print()
    print("samples %d; RSS first %.1f MiB, after warm-up %.1f, last %.1f, "
          "max %.1f MiB" % (len(rows), rows[0][1], steady[0][1], rows[-1][1],
                            max(p[1] for p in rows)))
    print("trend after %d s: %+.2f MiB per 10 min (fitted rise %+.2f MiB "
          "over %.0f s); noise (sd around the trend) %.2f MiB" %
          (WARMUP, b * 600, rise, span, res))
    print("verdict: %s (limit max(2 MiB, 3 x noise) = %.2f MiB)" %
          ("GROWTH beyond noise" if rise > limit else "flat: no growth "
           "beyond noise", limit))
    heap_trend(steady)
    if len(sys.argv) > 2:
        svg(rows, a, b, sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
