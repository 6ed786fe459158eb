"""Expected points of tests/integration/timeline.test.ts, computed independently of the app.

The data set is the one in the test (DATA below): per unit, its first execution's day, its
executions, its conversion values and revenue values. Run `python3 tests/integration/timeline_reference.py`.
Means are exact fractions; the 95% normal bands use Decimal square roots (60 digits).
"""
from decimal import Decimal, getcontext
from fractions import Fraction as F

getcontext().prec = 60
Z = Decimal("1.96")

# unit: (variant, first day, executions, conversion values, revenue values)
DATA = {
    "u1": ("control", 1, 3, [1, 0], [4, 6]),
    "u2": ("control", 1, 2, [0], [2]),
    "u3": ("control", 2, 1, [0], [10]),
    "anon": ("control", 2, 1, [1], [3]),
    "u4": ("b", 1, 2, [0, 0], [5]),
    "u5": ("b", 2, 2, [1, 1], [1, 7]),
    "u6": ("b", 3, 1, [], []),
    "u7": ("b", 3, 1, [1], [2]),
    "u8": ("b", 3, 1, [0], [8]),
}


def dec(f):
    return Decimal(f.numerator) / Decimal(f.denominator)


def mean_band(xs):
    n = len(xs)
    m = F(sum(xs), n)
    if n < 2:
        return m, None
    var = sum((F(x) - m) ** 2 for x in xs) / (n - 1)
    half = Z * dec(var / n).sqrt()
    return m, (dec(m) - half, dec(m) + half)


def clamp(band):
    return None if band is None else (max(Decimal(0), band[0]), min(Decimal(1), band[1]))


def units(variant, days):
    return [u for u, d in DATA.items() if d[0] == variant and d[1] in days]


def measure(kind, us, band):
    if kind == "binary":
        xs = [1 if any(v > 0 for v in DATA[u][3]) else 0 for u in us]
        m, b = mean_band(xs)
        # p(1-p)/n: the variance with divisor n, not n - 1.
        if len(xs) >= 2:
            half = Z * dec(m * (1 - m) / len(xs)).sqrt()
            b = clamp((dec(m) - half, dec(m) + half))
        return m, len(xs), b if band else None
    if kind == "mean":
        xs = [F(sum(DATA[u][4]), len(DATA[u][4])) for u in us if DATA[u][4]]
        m, b = mean_band(xs)
        return m, len(xs), b if band and len(us) >= 2 else None
    if kind == "sum":
        xs = [sum(DATA[u][4]) for u in us]
        m, b = mean_band(xs)
        return m, len(xs), b if band else None
    if kind == "ratio":
        X = [sum(1 for v in DATA[u][3] if v > 0) for u in us]
        Y = [DATA[u][2] for u in us]
        n = len(us)
        r = F(sum(X), sum(Y))
        if not band or n < 2:
            return r, n, None
        mx, my = F(sum(X), n), F(sum(Y), n)
        vx = sum((x - mx) ** 2 for x in X) / (n - 1)
        vy = sum((y - my) ** 2 for y in Y) / (n - 1)
        cxy = sum((x - mx) * (y - my) for x, y in zip(X, Y)) / (n - 1)
        per_unit = (vx - 2 * r * cxy + r * r * vy) / (my * my)
        half = Z * dec(per_unit / n).sqrt()
        return r, n, clamp((dec(r) - half, dec(r) + half))


for kind in ["binary", "mean", "sum", "ratio"]:
    print(f"== {kind}")
    for variant in ["control", "b"]:
        for day in [1, 2, 3]:
            cum = units(variant, range(1, day + 1))
            if cum:
                v, n, _ = measure(kind, cum, False)
                print(f"  cumulative {variant} day {day}: value {float(v)!r} ({v}) n {n}")
        for day in [1, 2, 3]:
            us = units(variant, [day])
            if us:
                v, n, b = measure(kind, us, True)
                bs = None if b is None else [float(b[0]), float(b[1])]
                print(f"  daily {variant} day {day}: value {float(v)!r} n {n} band {bs}")
