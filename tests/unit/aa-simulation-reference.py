# Reference values for tests/unit/aa-simulation.test.ts, from the standard library alone.
# Wilson's score interval (95%) and the false-positive rate of a per-execution test when each
# user's m ~ U{1..10} calls correlate rho: 2·Φ(−z/√(1 + (E[m²]/E[m] − 1)·rho)).
from decimal import Decimal, getcontext
import math
getcontext().prec = 50
Z = Decimal('1.959963984540054235524594430520551527955550')  # Φ⁻¹(0.975)

def wilson(hits, runs):
    n = Decimal(runs); p = Decimal(hits) / n; z2 = Z * Z
    centre = p + z2 / (2 * n)
    spread = Z * ((p * (1 - p)) / n + z2 / (4 * n * n)).sqrt()
    scale = 1 + z2 / n
    return (centre - spread) / scale, (centre + spread) / scale

def per_execution(rho):
    m = range(1, 11)
    ratio = Decimal(sum(k * k for k in m)) / Decimal(sum(m))
    inflation = 1 + (ratio - 1) * Decimal(rho)
    x = float(Z / inflation.sqrt())
    return math.erfc(x / math.sqrt(2))  # 2·Φ(−x)

for h, n in [(440, 8000), (0, 1000), (204, 4000)]:
    lo, hi = wilson(h, n)
    print(f'wilson({h}, {n}) = [{lo:.15e}, {hi:.15e}]')
for rho in ['0.05', '0.17']:
    print(f'per_execution({rho}) = {per_execution(rho):.15e}')
